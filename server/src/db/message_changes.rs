//! Changes made to published posts' messages in Discord, for each post's history.

use super::schema::message_changes;
use diesel::prelude::*;
use diesel::SqliteConnection;

/// What became of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeOutcome {
    Updated,
    Refused,
}

impl ChangeOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeOutcome::Updated => "updated",
            ChangeOutcome::Refused => "refused",
        }
    }
}

/// Records a change to a post's message, once Discord answered.
pub fn record(
    conn: &mut SqliteConnection,
    post_id: i64,
    user_id: i64,
    outcome: ChangeOutcome,
    detail: Option<&str>,
    now: i64,
) -> QueryResult<()> {
    diesel::insert_into(message_changes::table)
        .values((
            message_changes::post_id.eq(post_id),
            message_changes::user_id.eq(user_id),
            message_changes::at.eq(now),
            message_changes::outcome.eq(outcome.as_str()),
            message_changes::detail.eq(detail),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A change as the post's page lists it.
#[derive(Debug, Queryable)]
pub struct Change {
    pub at: i64,
    pub outcome: String,
    pub detail: Option<String>,
}

/// A post's changes, oldest first.
pub fn for_post(conn: &mut SqliteConnection, post_id: i64) -> QueryResult<Vec<Change>> {
    message_changes::table
        .filter(message_changes::post_id.eq(post_id))
        .order(message_changes::id.asc())
        .select((
            message_changes::at,
            message_changes::outcome,
            message_changes::detail,
        ))
        .load(conn)
}
