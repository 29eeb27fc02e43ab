//! Posts and their status. Every status change is a compare-and-set on the current status (and,
//! when claiming, the schedule revision), with the new status computed by `liner::status`.

use super::schema::{channels, deleted_drafts, posts};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use liner::status::transition;
use liner::views::{PostView, StoredDraft};
use liner::{Draft, DraftId, PostId, PostStatus, StatusEvent};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = posts)]
pub struct Post {
    pub id: i64,
    pub author_id: i64,
    pub channel_id: Option<i64>,
    pub content: String,
    pub status: String,
    pub revision: i64,
    pub schedule_rev: i64,
    pub scheduled_at: Option<i64>,
    pub discord_message_id: Option<String>,
    pub last_error: Option<String>,
    pub updated_at: i64,
    pub draft_id: Option<String>,
    pub timezone: Option<String>,
    pub notice: Option<String>,
    /// Who last asked for it to be sent; checked against Discord when the job runs.
    pub queued_by: Option<i64>,
    /// When Discord confirmed its message (Unix ms).
    pub published_at: Option<i64>,
}

fn time(ms: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default()
}

impl Post {
    /// The stored draft. The column is written only from a `Draft`, so a parse failure is damage,
    /// not input: it is logged and the post reads as empty (sending it then fails validation)
    /// rather than failing every list.
    pub fn draft(&self) -> Draft {
        serde_json::from_str(&self.content).unwrap_or_else(|e| {
            tracing::error!(post.id = self.id, error = %e, "stored post content does not parse");
            let id = self
                .draft_id
                .as_deref()
                .and_then(DraftId::parse)
                .unwrap_or_else(crate::backend::new_draft_id);
            Draft::new(id)
        })
    }

    pub fn status(&self) -> PostStatus {
        PostStatus::parse(&self.status).unwrap_or(PostStatus::Failed)
    }

    pub fn view(&self, channel_name: Option<String>) -> PostView {
        let draft = self.draft();
        PostView {
            id: PostId(self.id),
            draft_id: self.draft_id.as_deref().and_then(DraftId::parse),
            title: draft.body.title,
            artist: draft.release.artists,
            channel_name,
            status: self.status(),
            last_error: self.last_error.clone(),
            notice: self.notice.clone(),
            scheduled_at: self.scheduled_at.map(time),
            timezone: self.timezone.clone(),
            updated_at: time(self.updated_at),
        }
    }

    pub fn stored(&self) -> StoredDraft {
        StoredDraft {
            post_id: PostId(self.id),
            draft: self.draft(),
            revision: self.revision,
            status: self.status(),
            updated_at: time(self.updated_at),
        }
    }
}

fn to_json(draft: &Draft) -> QueryResult<String> {
    serde_json::to_string(draft).map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))
}

fn bad_transition(e: liner::TransitionError) -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(Box::new(e))
}

/// Whether a stored post holds exactly this draft (a replayed save).
pub fn same_content(post: &Post, draft: &Draft) -> bool {
    serde_json::from_str::<Draft>(&post.content).is_ok_and(|stored| &stored == draft)
}

/// The post a draft UUID names.
pub fn find_by_draft(conn: &mut SqliteConnection, draft_id: &DraftId) -> QueryResult<Option<Post>> {
    posts::table
        .filter(posts::draft_id.eq(draft_id.as_str()))
        .select(Post::as_select())
        .first(conn)
        .optional()
}

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

/// Replaces a draft or scheduled post's content, compare-and-set on `revision`. A scheduled post
/// goes back to being a draft, and its schedule revision moves on so its queued job claims
/// nothing. Returns `None` when the post changed meanwhile.
pub fn update_draft(
    conn: &mut SqliteConnection,
    post: &Post,
    draft: &Draft,
    now: i64,
) -> QueryResult<Option<Post>> {
    let (status, schedule_rev) = match post.status() {
        PostStatus::Draft => (PostStatus::Draft, post.schedule_rev),
        from => (
            transition(from, StatusEvent::Cancel).map_err(bad_transition)?,
            post.schedule_rev + 1,
        ),
    };
    diesel::update(
        posts::table
            .filter(posts::id.eq(post.id))
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
    ))
    .returning(Post::as_returning())
    .get_result(conn)
    .optional()
}

/// Deletes a post from Liner (never from Discord).
/// Deletes a post, remembering its draft's UUID so a device still holding the draft cannot
/// re-create it by syncing (see [`was_deleted`]).
pub fn delete(conn: &mut SqliteConnection, post: &Post, now: i64) -> QueryResult<usize> {
    if let Some(draft_id) = &post.draft_id {
        diesel::insert_into(deleted_drafts::table)
            .values((
                deleted_drafts::draft_id.eq(draft_id),
                deleted_drafts::author_id.eq(post.author_id),
                deleted_drafts::deleted_at.eq(now),
            ))
            .on_conflict_do_nothing()
            .execute(conn)?;
    }
    diesel::delete(posts::table.filter(posts::id.eq(post.id))).execute(conn)
}

/// Whether a draft with this UUID was stored once and deleted since.
pub fn was_deleted(conn: &mut SqliteConnection, draft_id: &DraftId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        deleted_drafts::table.filter(deleted_drafts::draft_id.eq(draft_id.as_str())),
    ))
    .get_result(conn)
}

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
            .filter(posts::status.eq(PostStatus::Scheduled.as_str()))
            .filter(posts::schedule_rev.eq(schedule_rev)),
    )
    .set((posts::status.eq(to.as_str()), posts::updated_at.eq(now)))
    .returning(Post::as_returning())
    .get_result(conn)
    .optional()
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
            .filter(posts::status.eq(PostStatus::Publishing.as_str())),
    )
    .set((posts::status.eq(to.as_str()), posts::updated_at.eq(now)))
    .returning(Post::as_returning())
    .get_result(conn)
    .optional()
}

/// Whether a post already holds this Discord message.
pub fn message_taken(conn: &mut SqliteConnection, message_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        posts::table.filter(posts::discord_message_id.eq(message_id)),
    ))
    .get_result(conn)
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

/// Records how the send of a post being published ended. Returns the updated post, or `None` if
/// the post was no longer publishing (nothing changed).
pub fn finish(
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

/// A post with its channel's name.
pub fn view(conn: &mut SqliteConnection, post: &Post) -> QueryResult<PostView> {
    let channel_name = match post.channel_id {
        Some(cid) => channels::table
            .find(cid)
            .select(channels::name)
            .first::<String>(conn)
            .optional()?,
        None => None,
    };
    Ok(post.view(channel_name))
}

/// Posts per dashboard page.
pub const PAGE_SIZE: i64 = 20;

/// Posts in `statuses`, newest first, skipping `offset` and taking at most `limit`; `author`
/// limits them to one member's. The one query behind the dashboard and the live stream.
fn newest(
    conn: &mut SqliteConnection,
    author: Option<i64>,
    statuses: &[PostStatus],
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<PostView>> {
    let statuses: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    let mut query = posts::table
        .left_join(channels::table)
        .select((Post::as_select(), channels::name.nullable()))
        .filter(posts::status.eq_any(statuses))
        .order((posts::updated_at.desc(), posts::id.desc()))
        .limit(limit)
        .offset(offset)
        .into_boxed();
    if let Some(author) = author {
        query = query.filter(posts::author_id.eq(author));
    }
    Ok(query
        .load::<(Post, Option<String>)>(conn)?
        .into_iter()
        .map(|(p, name)| p.view(name))
        .collect())
}

/// One page of posts in `statuses`, newest first; `author` limits them to one member's. Returns
/// the page and whether more follow.
pub fn page(
    conn: &mut SqliteConnection,
    author: Option<i64>,
    statuses: &[PostStatus],
    page: u32,
) -> QueryResult<(Vec<PostView>, bool)> {
    let mut rows = newest(
        conn,
        author,
        statuses,
        PAGE_SIZE + 1,
        i64::from(page) * PAGE_SIZE,
    )?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    Ok((rows, more))
}

/// How many recently changed posts the live stream's first snapshot carries.
pub const LIST_LIMIT: i64 = 200;

/// Recently changed posts of any status, newest first; `author` limits them to one member's.
pub fn list(
    conn: &mut SqliteConnection,
    author: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<PostView>> {
    newest(conn, author, &PostStatus::ALL, limit, 0)
}

pub fn find(conn: &mut SqliteConnection, id: i64) -> QueryResult<Option<Post>> {
    posts::table
        .find(id)
        .select(Post::as_select())
        .first(conn)
        .optional()
}

/// Posts in `status`, oldest first.
pub fn with_status(conn: &mut SqliteConnection, status: PostStatus) -> QueryResult<Vec<Post>> {
    posts::table
        .filter(posts::status.eq(status.as_str()))
        .order(posts::id.asc())
        .select(Post::as_select())
        .load(conn)
}

/// Posts due and not yet sent: scheduled for `now` or earlier, or being sent.
pub fn queue_depth(conn: &mut SqliteConnection, now: i64) -> QueryResult<i64> {
    posts::table
        .filter(
            posts::status
                .eq(PostStatus::Publishing.as_str())
                .or(posts::status
                    .eq(PostStatus::Scheduled.as_str())
                    .and(posts::scheduled_at.le(now))),
        )
        .count()
        .get_result(conn)
}
