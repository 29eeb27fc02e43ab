//! Publish attempts: a row written just before a request that may create a message goes out,
//! and closed with what Discord's answer proved. After a crash, an open row is the only sign
//! that a message may exist without Liner knowing its id.

use super::schema::publish_attempts;
use diesel::prelude::*;
use diesel::SqliteConnection;

/// What an attempt's answer proved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// Discord created the message and said so.
    Sent,
    /// The request never left (connection refused).
    NotSent,
    /// 429: refused for now, nothing created.
    RateLimited,
    /// Refused for good (4xx), nothing created.
    Rejected,
    /// Sent, answer lost or a server error: the message may exist.
    Unknown,
}

impl AttemptOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptOutcome::Sent => "sent",
            AttemptOutcome::NotSent => "not_sent",
            AttemptOutcome::RateLimited => "rate_limited",
            AttemptOutcome::Rejected => "rejected",
            AttemptOutcome::Unknown => "unknown",
        }
    }
}

/// Opens an attempt; returns its id.
pub fn start(
    conn: &mut SqliteConnection,
    post_id: i64,
    schedule_rev: i64,
    now: i64,
) -> QueryResult<i64> {
    diesel::insert_into(publish_attempts::table)
        .values((
            publish_attempts::post_id.eq(post_id),
            publish_attempts::schedule_rev.eq(schedule_rev),
            publish_attempts::started_at.eq(now),
        ))
        .returning(publish_attempts::id)
        .get_result(conn)
}

/// Closes an attempt with what its answer proved.
pub fn finish(
    conn: &mut SqliteConnection,
    id: i64,
    outcome: AttemptOutcome,
    detail: Option<&str>,
    message_id: Option<&str>,
    now: i64,
) -> QueryResult<()> {
    diesel::update(publish_attempts::table.find(id))
        .set((
            publish_attempts::finished_at.eq(now),
            publish_attempts::outcome.eq(outcome.as_str()),
            publish_attempts::detail.eq(detail),
            publish_attempts::message_id.eq(message_id),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The message Discord confirmed for the post at this revision, if one did.
pub fn sent_message(
    conn: &mut SqliteConnection,
    post_id: i64,
    schedule_rev: i64,
) -> QueryResult<Option<String>> {
    publish_attempts::table
        .filter(publish_attempts::post_id.eq(post_id))
        .filter(publish_attempts::schedule_rev.eq(schedule_rev))
        .filter(publish_attempts::outcome.eq(AttemptOutcome::Sent.as_str()))
        .select(publish_attempts::message_id)
        .first::<Option<String>>(conn)
        .optional()
        .map(Option::flatten)
}

/// Whether a request for the post at this revision may have created a message that Liner has
/// no id for: an attempt left open by a crash, or one whose answer was lost.
pub fn may_have_arrived(
    conn: &mut SqliteConnection,
    post_id: i64,
    schedule_rev: i64,
) -> QueryResult<bool> {
    use diesel::dsl::exists;
    diesel::select(exists(
        publish_attempts::table
            .filter(publish_attempts::post_id.eq(post_id))
            .filter(publish_attempts::schedule_rev.eq(schedule_rev))
            .filter(
                publish_attempts::outcome
                    .is_null()
                    .or(publish_attempts::outcome.eq(AttemptOutcome::Unknown.as_str())),
            ),
    ))
    .get_result(conn)
}

/// When the first request whose outcome is unknown went out for the post, any revision.
pub fn earliest_doubtful(conn: &mut SqliteConnection, post_id: i64) -> QueryResult<Option<i64>> {
    publish_attempts::table
        .filter(publish_attempts::post_id.eq(post_id))
        .filter(
            publish_attempts::outcome
                .is_null()
                .or(publish_attempts::outcome.eq(AttemptOutcome::Unknown.as_str())),
        )
        .select(diesel::dsl::min(publish_attempts::started_at))
        .first(conn)
}

/// How many requests went out for a post, all revisions together.
pub fn count(conn: &mut SqliteConnection, post_id: i64) -> QueryResult<i64> {
    publish_attempts::table
        .filter(publish_attempts::post_id.eq(post_id))
        .count()
        .get_result(conn)
}

/// An attempt as the post's page lists it.
#[derive(Debug, Queryable)]
pub struct Attempt {
    pub started_at: i64,
    pub outcome: Option<String>,
    pub detail: Option<String>,
}

/// A post's attempts, oldest first.
pub fn for_post(conn: &mut SqliteConnection, post_id: i64) -> QueryResult<Vec<Attempt>> {
    publish_attempts::table
        .filter(publish_attempts::post_id.eq(post_id))
        .order(publish_attempts::id.asc())
        .select((
            publish_attempts::started_at,
            publish_attempts::outcome,
            publish_attempts::detail,
        ))
        .load(conn)
}
