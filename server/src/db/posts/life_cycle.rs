//! A post's way through sending: claimed by one worker at one schedule revision, finished with
//! Discord's answer, queued again after a crash that sent nothing, sent again or confirmed by a
//! person. Each is a compare-and-set on the current status.

use super::{bad_transition, Post};
use crate::db::audit::{self, Actor, Subject};
use crate::db::schema::posts;
use diesel::prelude::*;
use liner::audit::AuditKind;
use liner::status::transition;
use liner::{PostStatus, StatusEvent};

/// Takes a scheduled post for sending if, and only if, it is still scheduled at `schedule_rev`.
/// Returns the post when this caller won it.
pub fn claim(
    conn: &mut SqliteConnection,
    id: i64,
    schedule_rev: i64,
    now: i64,
) -> QueryResult<Option<Post>> {
    let Ok(to) = transition(PostStatus::Scheduled, StatusEvent::Claim) else {
        return Ok(None);
    };
    diesel::update(
        posts::table
            .filter(posts::id.eq(id))
            .filter(posts::deleted_at.is_null())
            .filter(posts::status.eq(PostStatus::Scheduled.as_str()))
            .filter(posts::schedule_rev.eq(schedule_rev)),
    )
    .set((posts::status.eq(to.as_str()), posts::updated_at.eq(now)))
    .returning(Post::as_returning())
    .get_result(conn)
    .optional()
}

/// Sets (or clears) what the post's status line adds, such as why a due post waits.
pub fn set_notice(conn: &mut SqliteConnection, id: i64, notice: Option<&str>) -> QueryResult<()> {
    diesel::update(posts::table.find(id))
        .set(posts::notice.eq(notice))
        .execute(conn)
        .map(|_| ())
}

/// Records who asked for the post to be sent.
pub fn set_queued_by(conn: &mut SqliteConnection, id: i64, user_id: i64) -> QueryResult<()> {
    diesel::update(posts::table.find(id))
        .set(posts::queued_by.eq(user_id))
        .execute(conn)
        .map(|_| ())
}

/// Puts a post whose send a crash interrupted back in the queue, at the same schedule revision
/// (so a bot send keeps its nonce); recovery queues a job for it.
pub fn requeue_interrupted(
    conn: &mut SqliteConnection,
    id: i64,
    now: i64,
) -> QueryResult<Option<Post>> {
    let Ok(to) = transition(PostStatus::Publishing, StatusEvent::Interrupted) else {
        return Ok(None);
    };
    diesel::update(
        posts::table
            .filter(posts::id.eq(id))
            .filter(posts::deleted_at.is_null())
            .filter(posts::status.eq(PostStatus::Publishing.as_str())),
    )
    .set((posts::status.eq(to.as_str()), posts::updated_at.eq(now)))
    .returning(Post::as_returning())
    .get_result(conn)
    .optional()
}

/// How a send ended.
pub enum Outcome<'a> {
    Published {
        message_id: &'a str,
        notice: Option<&'a str>,
    },
    Failed {
        reason: &'a str,
    },
    NeedsReview {
        reason: &'a str,
    },
}

/// Records how the send of a post being published ended, and logs it, in one transaction.
/// Returns the updated post, or `None` if the post was no longer publishing (nothing changed).
pub fn finish(
    conn: &mut SqliteConnection,
    id: i64,
    outcome: Outcome<'_>,
    now: i64,
) -> QueryResult<Option<Post>> {
    let (kind, detail) = match &outcome {
        Outcome::Published { notice, .. } => (AuditKind::PostPublished, *notice),
        Outcome::Failed { reason } => (AuditKind::PostFailed, Some(*reason)),
        Outcome::NeedsReview { reason } => (AuditKind::PostNeedsReview, Some(*reason)),
    };
    conn.transaction(|conn| {
        let finished = set_outcome(conn, id, outcome, now)?;
        if let Some(post) = &finished {
            audit::record(conn, Actor::Liner, kind, Subject::Post(post), detail, now)?;
        }
        Ok(finished)
    })
}

fn set_outcome(
    conn: &mut SqliteConnection,
    id: i64,
    outcome: Outcome<'_>,
    now: i64,
) -> QueryResult<Option<Post>> {
    let (event, message_id, error, notice, published_at) = match outcome {
        Outcome::Published { message_id, notice } => (
            StatusEvent::Confirm,
            Some(message_id),
            None,
            notice,
            Some(now),
        ),
        Outcome::Failed { reason } => (StatusEvent::Fail, None, Some(reason), None, None),
        Outcome::NeedsReview { reason } => {
            (StatusEvent::OutcomeUnknown, None, Some(reason), None, None)
        }
    };
    let Ok(to) = transition(PostStatus::Publishing, event) else {
        return Ok(None);
    };
    diesel::update(
        posts::table
            .filter(posts::id.eq(id))
            .filter(posts::deleted_at.is_null())
            .filter(posts::status.eq(PostStatus::Publishing.as_str())),
    )
    .set((
        posts::status.eq(to.as_str()),
        posts::discord_message_id.eq(message_id),
        posts::last_error.eq(error),
        posts::notice.eq(notice),
        posts::published_at.eq(published_at),
        posts::updated_at.eq(now),
    ))
    .returning(Post::as_returning())
    .get_result(conn)
    .optional()
}

/// Queues a failed or doubtful post again, to be sent now, compare-and-set on its status and
/// revision. Its schedule revision moves on, so only the new job can claim it.
pub fn retry(conn: &mut SqliteConnection, post: &Post, now: i64) -> QueryResult<Option<Post>> {
    let to = transition(post.status(), StatusEvent::Schedule).map_err(bad_transition)?;
    diesel::update(
        posts::table
            .filter(posts::id.eq(post.id))
            .filter(posts::deleted_at.is_null())
            .filter(posts::revision.eq(post.revision))
            .filter(posts::status.eq(post.status.as_str())),
    )
    .set((
        posts::status.eq(to.as_str()),
        posts::schedule_rev.eq(post.schedule_rev + 1),
        posts::scheduled_at.eq(now),
        posts::last_error.eq(None::<String>),
        posts::notice.eq(None::<String>),
        posts::updated_at.eq(now),
    ))
    .returning(Post::as_returning())
    .get_result(conn)
    .optional()
}

/// Records that a person checked the channel and found a doubtful post there.
pub fn confirm_arrived(
    conn: &mut SqliteConnection,
    post: &Post,
    notice: &str,
    now: i64,
) -> QueryResult<Option<Post>> {
    let to = transition(post.status(), StatusEvent::Confirm).map_err(bad_transition)?;
    diesel::update(
        posts::table
            .filter(posts::id.eq(post.id))
            .filter(posts::deleted_at.is_null())
            .filter(posts::status.eq(post.status.as_str())),
    )
    .set((
        posts::status.eq(to.as_str()),
        posts::last_error.eq(None::<String>),
        posts::notice.eq(notice),
        posts::published_at.eq(now),
        posts::updated_at.eq(now),
    ))
    .returning(Post::as_returning())
    .get_result(conn)
    .optional()
}
