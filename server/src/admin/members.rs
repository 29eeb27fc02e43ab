//! Admin → Members: everyone who signed in, with their role as last checked and their posts,
//! and "Sign out everywhere", which ends all of a member's sessions at once.

use super::{Admin, AdminError};
use crate::db::audit::{self, Actor, Subject};
use crate::db::schema::{posts, users};
use crate::db::{now_ms, sessions};
use diesel::prelude::*;
use liner::admin::{MemberView, MembersPage, PostCounts};
use liner::audit::AuditKind;
use liner::{AdminViewer, PostStatus, Role, UserId};
use std::collections::HashMap;

type MemberRow = (
    i64,
    String,
    String,
    Option<String>,
    String,
    i64,
    Option<i64>,
);

fn time(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Every member's posts (not deleted) by state, by member id, in one query.
fn counts(conn: &mut SqliteConnection) -> QueryResult<HashMap<i64, PostCounts>> {
    let rows: Vec<(i64, String, i64)> = posts::table
        .filter(posts::deleted_at.is_null())
        .group_by((posts::author_id, posts::status))
        .select((posts::author_id, posts::status, diesel::dsl::count_star()))
        .load(conn)?;
    let mut all: HashMap<i64, PostCounts> = HashMap::new();
    for (author, status, n) in rows {
        let counts = all.entry(author).or_default();
        match PostStatus::parse(&status) {
            Some(PostStatus::Draft) => counts.drafts += n,
            Some(PostStatus::Scheduled | PostStatus::Publishing) => counts.scheduled += n,
            Some(PostStatus::Published) => counts.published += n,
            Some(PostStatus::Failed | PostStatus::NeedsReview) | None => counts.failed += n,
        }
    }
    Ok(all)
}

impl Admin {
    /// Everyone who signed in, most recent sign-in first.
    pub async fn members(&self, _admin: &AdminViewer) -> Result<MembersPage, AdminError> {
        let now_secs = chrono::Utc::now().timestamp();
        let members = self
            .db
            .run(move |c| {
                let rows: Vec<MemberRow> = users::table
                    .order((users::last_sign_in_at.desc(), users::id.asc()))
                    .select((
                        users::id,
                        users::name,
                        users::discord_id,
                        users::avatar_url,
                        users::role,
                        users::role_checked_at,
                        users::last_sign_in_at,
                    ))
                    .load(c)?;
                let mut posts = counts(c)?;
                let open_sessions = sessions::counts_by_user(c, now_secs)?;
                let mut members = Vec::with_capacity(rows.len());
                for (id, name, discord_id, avatar_url, role, checked, last) in rows {
                    let Some(role) = Role::parse(&role) else {
                        continue;
                    };
                    members.push(MemberView {
                        id: UserId(id),
                        name,
                        discord_id,
                        avatar_url,
                        role,
                        role_checked_at: time(checked),
                        last_sign_in: last.map(time),
                        signed_in_sessions: open_sessions.get(&id).copied().unwrap_or(0),
                        posts: posts.remove(&id).unwrap_or_default(),
                    });
                }
                Ok(members)
            })
            .await?;
        Ok(MembersPage {
            members,
            admin_roles: self.admin_role_ids.clone(),
            poster_roles: self.poster_role_ids.clone(),
        })
    }

    /// Ends every session of the member at once: their next request is signed out. Returns how
    /// many sessions ended.
    pub async fn sign_out_everywhere(
        &self,
        admin: &AdminViewer,
        member: UserId,
    ) -> Result<usize, AdminError> {
        let by = Actor::Member(admin.viewer().id.0);
        let ended = self
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let exists = users::table
                        .find(member.0)
                        .select(users::id)
                        .first::<i64>(c)
                        .optional()?
                        .is_some();
                    if !exists {
                        return Ok(Err(AdminError::NoSuchMember));
                    }
                    let ended = sessions::delete_for_user(c, member.0)?;
                    let kind = AuditKind::MemberSignedOutEverywhere;
                    let detail = match ended {
                        1 => "1 session ended".to_string(),
                        n => format!("{n} sessions ended"),
                    };
                    audit::record(
                        c,
                        by,
                        kind,
                        Subject::Member(member.0),
                        Some(&detail),
                        now_ms(),
                    )?;
                    Ok(Ok(ended))
                })
            })
            .await??;
        self.events.end_streams(member);
        Ok(ended)
    }
}
