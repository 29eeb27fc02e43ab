//! Posts and their status. Every status change is a compare-and-set on the current status (and,
//! when claiming, the schedule revision), with the new status computed by `liner::status`.

use super::schema::{channels, posts};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use liner::status::transition;
use liner::views::PostView;
use liner::{PostContent, PostId, PostStatus, StatusEvent};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = posts)]
pub struct Post {
    pub id: i64,
    pub author_id: i64,
    pub channel_id: Option<i64>,
    pub content: String,
    pub status: String,
    pub schedule_rev: i64,
    pub discord_message_id: Option<String>,
    pub last_error: Option<String>,
    pub updated_at: i64,
}

impl Post {
    pub fn content(&self) -> PostContent {
        // The column is written only from a PostContent, so this is damage, not input: show the
        // post empty (sending it then fails validation) rather than fail every list.
        serde_json::from_str(&self.content).unwrap_or_else(|e| {
            tracing::error!(post.id = self.id, error = %e, "stored post content does not parse");
            PostContent::default()
        })
    }

    pub fn status(&self) -> PostStatus {
        PostStatus::parse(&self.status).unwrap_or(PostStatus::Failed)
    }

    pub fn view(&self, channel_name: Option<String>) -> PostView {
        let content = self.content();
        PostView {
            id: PostId(self.id),
            title: content.title,
            artist: content.artist,
            channel_name: channel_name.unwrap_or_else(|| "(deleted channel)".into()),
            status: self.status(),
            last_error: self.last_error.clone(),
            updated_at: DateTime::<Utc>::from_timestamp_millis(self.updated_at).unwrap_or_default(),
        }
    }
}

/// Stores a post already scheduled (for `scheduled_at`), at schedule revision 1.
pub fn insert_scheduled(
    conn: &mut SqliteConnection,
    author_id: i64,
    channel_id: i64,
    content: &PostContent,
    scheduled_at: i64,
    now: i64,
) -> QueryResult<Post> {
    let json = serde_json::to_string(content)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let status = transition(PostStatus::Draft, StatusEvent::Schedule)
        .map_err(|e| diesel::result::Error::QueryBuilderError(Box::new(e)))?;
    diesel::insert_into(posts::table)
        .values((
            posts::author_id.eq(author_id),
            posts::channel_id.eq(channel_id),
            posts::content.eq(json),
            posts::status.eq(status.as_str()),
            posts::revision.eq(1),
            posts::schedule_rev.eq(1),
            posts::scheduled_at.eq(scheduled_at),
            posts::created_at.eq(now),
            posts::updated_at.eq(now),
        ))
        .returning(Post::as_returning())
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

/// How a send ended.
pub enum Outcome<'a> {
    Published { message_id: &'a str },
    Failed { reason: &'a str },
    NeedsReview { reason: &'a str },
}

/// Records how the send of a post being published ended. Returns the updated post, or `None` if
/// the post was no longer publishing (nothing changed).
pub fn finish(
    conn: &mut SqliteConnection,
    id: i64,
    outcome: Outcome<'_>,
    now: i64,
) -> QueryResult<Option<Post>> {
    let (event, message_id, error, published_at) = match outcome {
        Outcome::Published { message_id } => {
            (StatusEvent::Confirm, Some(message_id), None, Some(now))
        }
        Outcome::Failed { reason } => (StatusEvent::Fail, None, Some(reason), None),
        Outcome::NeedsReview { reason } => (StatusEvent::OutcomeUnknown, None, Some(reason), None),
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
        posts::published_at.eq(published_at),
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

/// How many posts a list shows.
pub const LIST_LIMIT: i64 = 200;

/// Posts newest first; `author` limits them to one member's.
pub fn list(
    conn: &mut SqliteConnection,
    author: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<PostView>> {
    let mut query = posts::table
        .left_join(channels::table)
        .select((Post::as_select(), channels::name.nullable()))
        .order((posts::updated_at.desc(), posts::id.desc()))
        .limit(limit)
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
