//! Posts in the admins' review: submitted (a draft that waits, keeping the time its poster asked
//! for), sent back with a comment, approved. Each change is a compare-and-set on the revision
//! the poster or the reviewer last saw.

use super::{to_json, Post};
use crate::db::schema::posts;
use diesel::prelude::*;
use liner::approval::ApprovalStage;
use liner::{Draft, PostStatus};

fn submitted() -> &'static str {
    ApprovalStage::Submitted.as_str()
}

/// Stores the draft as submitted for review: a draft (a scheduled post leaves the schedule, so
/// its queued job claims nothing) with the time its poster asked for (`None`: now). Returns
/// `None` when the post changed meanwhile.
pub fn submit(
    conn: &mut SqliteConnection,
    post: &Post,
    draft: &Draft,
    asked: Option<(i64, &str)>,
    by: &str,
    now: i64,
) -> QueryResult<Option<Post>> {
    let (status, schedule_rev) = super::as_draft(post)?;
    diesel::update(
        posts::table
            .filter(posts::id.eq(post.id))
            .filter(posts::deleted_at.is_null())
            .filter(posts::revision.eq(post.revision))
            .filter(posts::status.eq(post.status.as_str())),
    )
    .set((
        posts::content.eq(to_json(draft)?),
        posts::channel_id.eq(draft.schedule.channel_id.map(|c| c.0)),
        posts::status.eq(status.as_str()),
        posts::revision.eq(post.revision + 1),
        posts::schedule_rev.eq(schedule_rev),
        posts::scheduled_at.eq(asked.map(|(at, _)| at)),
        posts::timezone.eq(asked.map(|(_, zone)| zone)),
        posts::last_error.eq(None::<String>),
        posts::updated_at.eq(now),
        posts::approval.eq(submitted()),
        posts::approval_by.eq(by),
        posts::approval_at.eq(now),
        posts::approval_comment.eq(None::<String>),
    ))
    .returning(Post::as_returning())
    .get_result(conn)
    .optional()
}

/// Sends a submitted post back to its poster with the admin's comment, if it is still
/// submitted at `revision`. Its revision stays, so the poster's open composer saves on.
pub fn send_back(
    conn: &mut SqliteConnection,
    id: i64,
    revision: i64,
    by: &str,
    comment: &str,
    now: i64,
) -> QueryResult<Option<Post>> {
    diesel::update(
        posts::table
            .filter(posts::id.eq(id))
            .filter(posts::deleted_at.is_null())
            .filter(posts::revision.eq(revision))
            .filter(posts::status.eq(PostStatus::Draft.as_str()))
            .filter(posts::approval.eq(submitted())),
    )
    .set((
        posts::approval.eq(ApprovalStage::SentBack.as_str()),
        posts::approval_by.eq(by),
        posts::approval_at.eq(now),
        posts::approval_comment.eq(comment),
        posts::updated_at.eq(now),
    ))
    .returning(Post::as_returning())
    .get_result(conn)
    .optional()
}

/// Marks a post just scheduled by its approval as approved by `by`.
pub fn mark_approved(
    conn: &mut SqliteConnection,
    id: i64,
    by: &str,
    now: i64,
) -> QueryResult<Post> {
    diesel::update(posts::table.find(id))
        .set((
            posts::approval.eq(ApprovalStage::Approved.as_str()),
            posts::approval_by.eq(by),
            posts::approval_at.eq(now),
            posts::approval_comment.eq(None::<String>),
        ))
        .returning(Post::as_returning())
        .get_result(conn)
}

/// Posts waiting for review, the longest-waiting first.
pub fn awaiting_approval(conn: &mut SqliteConnection) -> QueryResult<Vec<Post>> {
    posts::table
        .filter(posts::status.eq(PostStatus::Draft.as_str()))
        .filter(posts::approval.eq(submitted()))
        .filter(posts::deleted_at.is_null())
        .order((posts::approval_at.asc(), posts::id.asc()))
        .select(Post::as_select())
        .load(conn)
}

/// How many posts wait for review.
pub fn count_awaiting_approval(conn: &mut SqliteConnection) -> QueryResult<i64> {
    posts::table
        .filter(posts::status.eq(PostStatus::Draft.as_str()))
        .filter(posts::approval.eq(submitted()))
        .filter(posts::deleted_at.is_null())
        .count()
        .get_result(conn)
}
