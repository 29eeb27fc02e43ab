//! The audit log as admins read it: a page of entries matching a query.

use super::{Admin, AdminError};
use crate::db::audit;
use liner::audit::{AuditPage, AuditQuery};
use liner::AdminViewer;

impl Admin {
    pub async fn audit_page(
        &self,
        _admin: &AdminViewer,
        query: AuditQuery,
    ) -> Result<AuditPage, AdminError> {
        let page = query.page;
        let (entries, has_more) = self.db.run(move |c| Ok(audit::page(c, &query)?)).await?;
        Ok(AuditPage {
            entries,
            page,
            has_more,
        })
    }

    /// Every entry matching `query` (up to `audit::EXPORT_LIMIT`), as CSV.
    pub async fn audit_csv(
        &self,
        _admin: &AdminViewer,
        query: AuditQuery,
    ) -> Result<String, AdminError> {
        let entries = self
            .db
            .run(move |c| Ok(audit::matching(c, &query, audit::EXPORT_LIMIT, 0)?))
            .await?;
        Ok(super::csv::audit(&entries))
    }
}
