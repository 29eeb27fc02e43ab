//! Storing what members write: a new post, a draft's changes, scheduling, a published post's
//! new content, and deleting (which marks the post, keeping its history).

use super::{bad_transition, to_json, Post};
use crate::db::schema::posts;
use diesel::prelude::*;
use liner::approval::ApprovalStage;
use liner::status::transition;
use liner::{Draft, PostStatus, StatusEvent};

/// Stores a new post in `status`.
pub fn insert(
    conn: &mut SqliteConnection,
    author_id: i64,
    draft: &Draft,
    status: PostStatus,
    schedule: Option<(i64, &str)>,
    now: i64,
) -> QueryResult<Post> {
    diesel::insert_into(posts::table)
        .values((
            posts::author_id.eq(author_id),
            posts::channel_id.eq(draft.schedule.channel_id.map(|c| c.0)),
            posts::content.eq(to_json(draft)?),
            posts::status.eq(status.as_str()),
            posts::revision.eq(1),
            posts::schedule_rev.eq(i64::from(status == PostStatus::Scheduled)),
            posts::scheduled_at.eq(schedule.map(|(at, _)| at)),
            posts::timezone.eq(schedule.map(|(_, tz)| tz)),
            posts::draft_id.eq(draft.id.as_str()),
            posts::created_at.eq(now),
            posts::updated_at.eq(now),
        ))
        .returning(Post::as_returning())
        .get_result(conn)
}

/// The status and schedule revision of a draft or scheduled post made a draft again: a
/// scheduled one leaves the schedule, and its schedule revision moves on so its queued job
/// claims nothing.
pub(super) fn as_draft(post: &Post) -> QueryResult<(PostStatus, i64)> {
    Ok(match post.status() {
        PostStatus::Draft => (PostStatus::Draft, post.schedule_rev),
        from => (
            transition(from, StatusEvent::Cancel).map_err(bad_transition)?,
            post.schedule_rev + 1,
        ),
    })
}

/// Replaces a draft or scheduled post's content, compare-and-set on `revision`. A scheduled post
/// goes back to being a draft, and its schedule revision moves on so its queued job claims
/// nothing. Returns `None` when the post changed meanwhile.
pub fn update_draft(
    conn: &mut SqliteConnection,
    post: &Post,
    draft: &Draft,
    now: i64,
) -> QueryResult<Option<Post>> {
    let (status, schedule_rev) = as_draft(post)?;
    // An edit withdraws a submission or an approval (what goes out is what an admin saw); a
    // post sent back keeps the admin's comment while its poster works on it.
    let approval = post
        .approval
        .clone()
        .filter(|a| a == ApprovalStage::SentBack.as_str());
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
        posts::scheduled_at.eq(None::<i64>),
        posts::updated_at.eq(now),
        posts::approval.eq(approval),
    ))
    .returning(Post::as_returning())
    .get_result(conn)
    .optional()
}

/// Replaces a published post's content once its message in Discord shows the new one,
/// compare-and-set on `revision`. Returns `None` when the post changed meanwhile.
pub fn update_published(
    conn: &mut SqliteConnection,
    post: &Post,
    draft: &Draft,
    now: i64,
) -> QueryResult<Option<Post>> {
    diesel::update(
        posts::table
            .filter(posts::id.eq(post.id))
            .filter(posts::deleted_at.is_null())
            .filter(posts::revision.eq(post.revision))
            .filter(posts::status.eq(PostStatus::Published.as_str())),
    )
    .set((
        posts::content.eq(to_json(draft)?),
        posts::revision.eq(post.revision + 1),
        posts::updated_at.eq(now),
    ))
    .returning(Post::as_returning())
    .get_result(conn)
    .optional()
}

/// Schedules an existing draft or scheduled post for `at`, compare-and-set on `revision`.
pub fn schedule(
    conn: &mut SqliteConnection,
    post: &Post,
    draft: &Draft,
    at: i64,
    timezone: &str,
    now: i64,
) -> QueryResult<Option<Post>> {
    let to = transition(post.status(), StatusEvent::Schedule).map_err(bad_transition)?;
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
        posts::status.eq(to.as_str()),
        posts::revision.eq(post.revision + 1),
        posts::schedule_rev.eq(post.schedule_rev + 1),
        posts::scheduled_at.eq(at),
        posts::timezone.eq(timezone),
        posts::last_error.eq(None::<String>),
        posts::updated_at.eq(now),
        // Approving sets its own stage after this; anyone else's scheduling ends the review.
        posts::approval.eq(None::<String>),
        posts::approval_comment.eq(None::<String>),
    ))
    .returning(Post::as_returning())
    .get_result(conn)
    .optional()
}

/// Marks a post deleted (never touching Discord): it leaves every list and job, and a device
/// still holding its draft cannot bring it back by syncing (see [`super::was_deleted`]); its
/// attempts, changes and audit entries stay. Returns whether this call deleted it.
pub fn delete(conn: &mut SqliteConnection, post: &Post, by: i64, now: i64) -> QueryResult<bool> {
    let n = diesel::update(
        posts::table
            .filter(posts::id.eq(post.id))
            .filter(posts::deleted_at.is_null()),
    )
    .set((
        posts::deleted_at.eq(now),
        posts::deleted_by.eq(by),
        posts::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Gives the published posts of `channel` that do not have their own sender yet the channel's
/// webhook (sealed), before it is replaced; returns those posts.
pub fn keep_sender_webhook(
    conn: &mut SqliteConnection,
    channel: i64,
    ciphertext: &[u8],
    key_id: &str,
) -> QueryResult<Vec<Post>> {
    diesel::update(
        posts::table
            .filter(posts::channel_id.eq(channel))
            .filter(posts::status.eq(PostStatus::Published.as_str()))
            .filter(posts::deleted_at.is_null())
            .filter(posts::discord_message_id.is_not_null())
            .filter(posts::sender_webhook_ciphertext.is_null()),
    )
    .set((
        posts::sender_webhook_ciphertext.eq(ciphertext),
        posts::sender_webhook_key_id.eq(key_id),
    ))
    .returning(Post::as_returning())
    .get_results(conn)
}
