//! The figures of Admin → System, read from the tables that record them: the queue from the
//! posts, outcomes from the audit log (each publish, failure and doubt is an entry), delays from
//! the posts' due and published times, Discord's rate limits from the send attempts.

use super::schema::{audit_log, posts, publish_attempts};
use diesel::prelude::*;
use liner::audit::AuditKind;
use liner::PostStatus;

/// Posts scheduled or being sent, those due by `now`, and the earliest time one is due.
pub fn queue(conn: &mut SqliteConnection, now: i64) -> QueryResult<(i64, i64, Option<i64>)> {
    let waiting = posts::table
        .filter(posts::status.eq_any([
            PostStatus::Scheduled.as_str(),
            PostStatus::Publishing.as_str(),
        ]))
        .filter(posts::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    let due = super::posts::queue_depth(conn, now)?;
    let next = posts::table
        .filter(posts::status.eq(PostStatus::Scheduled.as_str()))
        .filter(posts::deleted_at.is_null())
        .select(diesel::dsl::min(posts::scheduled_at))
        .first::<Option<i64>>(conn)?;
    Ok((waiting, due, next))
}

/// Publish, failure and doubt entries since `since`: (kind, at), oldest first.
pub fn outcomes_since(
    conn: &mut SqliteConnection,
    since: i64,
) -> QueryResult<Vec<(AuditKind, i64)>> {
    let kinds = [
        AuditKind::PostPublished,
        AuditKind::PostFailed,
        AuditKind::PostNeedsReview,
    ];
    Ok(audit_log::table
        .filter(audit_log::kind.eq_any(kinds.map(AuditKind::as_str)))
        .filter(audit_log::at.ge(since))
        .order(audit_log::at.asc())
        .select((audit_log::kind, audit_log::at))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .filter_map(|(kind, at)| Some((AuditKind::parse(&kind)?, at)))
        .collect())
}

/// Posts published since `since`: (published at, how late after their time, in ms).
pub fn delays_since(conn: &mut SqliteConnection, since: i64) -> QueryResult<Vec<(i64, i64)>> {
    Ok(posts::table
        .filter(posts::published_at.ge(since))
        .filter(posts::status.eq(PostStatus::Published.as_str()))
        .select((posts::published_at, posts::scheduled_at))
        .load::<(Option<i64>, Option<i64>)>(conn)?
        .into_iter()
        .filter_map(|(published, due)| {
            let published = published?;
            Some((published, (published - due?).max(0)))
        })
        .collect())
}

/// Sends Discord answered with a rate limit since `since`.
pub fn rate_limited_since(conn: &mut SqliteConnection, since: i64) -> QueryResult<i64> {
    publish_attempts::table
        .filter(publish_attempts::outcome.eq("rate_limited"))
        .filter(publish_attempts::started_at.ge(since))
        .count()
        .get_result(conn)
}

#[derive(QueryableByName)]
struct Size {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    bytes: i64,
}

/// The database's size in bytes, as SQLite counts its pages.
pub fn size(conn: &mut SqliteConnection) -> QueryResult<u64> {
    let size: Size = diesel::sql_query(
        "SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()",
    )
    .get_result(conn)?;
    Ok(u64::try_from(size.bytes).unwrap_or(0))
}
