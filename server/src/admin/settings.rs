//! Liner-wide settings: approvals, for now.

use super::{Admin, AdminError};
use crate::db::audit::{self, Actor, Subject};
use crate::db::{now_ms, settings};
use liner::admin::Settings;
use liner::audit::AuditKind;
use liner::AdminViewer;

impl Admin {
    pub async fn settings(&self, _admin: &AdminViewer) -> Result<Settings, AdminError> {
        Ok(self.db.run(|c| Ok(settings::load(c)?)).await?)
    }

    /// Turns approvals on or off. Posts already scheduled stay scheduled; submitted posts stay
    /// in the queue, for an admin to approve or send back.
    pub async fn set_approvals(
        &self,
        admin: &AdminViewer,
        on: bool,
    ) -> Result<Settings, AdminError> {
        let by = admin.viewer().id.0;
        Ok(self
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let now = now_ms();
                    if settings::set_approvals(c, on, by, now)? {
                        let detail = if on { "approvals on" } else { "approvals off" };
                        let kind = AuditKind::SettingChanged;
                        audit::record(
                            c,
                            Actor::Member(by),
                            kind,
                            Subject::Nothing,
                            Some(detail),
                            now,
                        )?;
                    }
                    Ok(settings::load(c)?)
                })
            })
            .await?)
    }
}
