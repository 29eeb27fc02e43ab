//! Posts and their status. Every status change is a compare-and-set on the current status (and,
//! when claiming, the schedule revision), with the new status computed by `liner::status`.

use super::schema::{channels, deleted_drafts, posts, users};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use liner::approval::{Approval, ApprovalStage};
use liner::views::{PostView, StoredDraft};
use liner::{Draft, DraftId, PostId, PostStatus};

mod approval;
mod life_cycle;
mod write;

pub use approval::*;
pub use life_cycle::*;
pub use write::*;

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
    /// When it was deleted from Liner (Unix ms); a deleted post is kept for its history only.
    pub deleted_at: Option<i64>,
    pub deleted_by: Option<i64>,
    /// Its stage in the admins' review (`liner::approval::ApprovalStage`), when in one.
    pub approval: Option<String>,
    pub approval_by: Option<String>,
    pub approval_at: Option<i64>,
    pub approval_comment: Option<String>,
    /// The webhook that sent its message, sealed, once its channel's webhook was replaced (only
    /// that webhook may change the message).
    pub sender_webhook_ciphertext: Option<Vec<u8>>,
    pub sender_webhook_key_id: Option<String>,
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
                .unwrap_or_else(new_draft_id);
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
            approval: self.approval(),
        }
    }

    /// Its review, when it is in one.
    pub fn approval(&self) -> Option<Approval> {
        let stage = ApprovalStage::parse(self.approval.as_deref()?)?;
        Some(Approval {
            stage,
            by: self.approval_by.clone().unwrap_or_default(),
            at: time(self.approval_at.unwrap_or(self.updated_at)),
            comment: self.approval_comment.clone(),
        })
    }

    /// Whether it waits for an admin's review.
    pub fn awaits_approval(&self) -> bool {
        self.status() == PostStatus::Draft
            && self.approval.as_deref() == Some(ApprovalStage::Submitted.as_str())
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

/// A fresh random draft id, for drafts the server creates (duplicates).
pub fn new_draft_id() -> DraftId {
    let text = uuid::Uuid::new_v4().to_string();
    DraftId::parse(&text).unwrap_or_else(|| unreachable!("a v4 UUID is a UUID"))
}

pub(super) fn to_json(draft: &Draft) -> QueryResult<String> {
    serde_json::to_string(draft).map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))
}

pub(super) fn bad_transition(e: liner::TransitionError) -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(Box::new(e))
}

/// Whether a stored post holds exactly this draft (a replayed save).
pub fn same_content(post: &Post, draft: &Draft) -> bool {
    serde_json::from_str::<Draft>(&post.content).is_ok_and(|stored| &stored == draft)
}

/// The post a draft UUID names, unless it was deleted.
pub fn find_by_draft(conn: &mut SqliteConnection, draft_id: &DraftId) -> QueryResult<Option<Post>> {
    posts::table
        .filter(posts::draft_id.eq(draft_id.as_str()))
        .filter(posts::deleted_at.is_null())
        .select(Post::as_select())
        .first(conn)
        .optional()
}

/// Whether a draft with this UUID was stored once and deleted since (marked deleted, or, before
/// deletes kept the post, remembered in `deleted_drafts`).
pub fn was_deleted(conn: &mut SqliteConnection, draft_id: &DraftId) -> QueryResult<bool> {
    let marked = diesel::select(diesel::dsl::exists(
        posts::table
            .filter(posts::draft_id.eq(draft_id.as_str()))
            .filter(posts::deleted_at.is_not_null()),
    ))
    .get_result::<bool>(conn)?;
    if marked {
        return Ok(true);
    }
    diesel::select(diesel::dsl::exists(
        deleted_drafts::table.filter(deleted_drafts::draft_id.eq(draft_id.as_str())),
    ))
    .get_result(conn)
}

/// Whether a post already holds this Discord message.
pub fn message_taken(conn: &mut SqliteConnection, message_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        posts::table.filter(posts::discord_message_id.eq(message_id)),
    ))
    .get_result(conn)
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
        .filter(posts::deleted_at.is_null())
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

/// The post with this id, unless it was deleted.
pub fn find(conn: &mut SqliteConnection, id: i64) -> QueryResult<Option<Post>> {
    posts::table
        .find(id)
        .filter(posts::deleted_at.is_null())
        .select(Post::as_select())
        .first(conn)
        .optional()
}

/// The post with this id, deleted or not (its page tells admins it was deleted).
pub fn find_with_deleted(conn: &mut SqliteConnection, id: i64) -> QueryResult<Option<Post>> {
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
        .filter(posts::deleted_at.is_null())
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
        .filter(posts::deleted_at.is_null())
        .count()
        .get_result(conn)
}

/// Posts published, being sent or scheduled since `since` (Unix ms), with their channel's name
/// and their author's: what "already posted" compares a new post with.
pub fn sent_or_scheduled_since(
    conn: &mut SqliteConnection,
    since: i64,
) -> QueryResult<Vec<(Post, Option<String>, String)>> {
    let statuses = [
        PostStatus::Scheduled.as_str(),
        PostStatus::Publishing.as_str(),
        PostStatus::Published.as_str(),
    ];
    posts::table
        .inner_join(users::table)
        .left_join(channels::table)
        .filter(posts::status.eq_any(statuses))
        .filter(posts::deleted_at.is_null())
        .filter(
            posts::published_at
                .ge(since)
                .or(posts::scheduled_at.ge(since)),
        )
        .order((posts::updated_at.desc(), posts::id.desc()))
        .select((Post::as_select(), channels::name.nullable(), users::name))
        .load(conn)
}
