//! The audit log: one append-only table, written only through [`record`], always on the
//! connection (and so in the transaction) of the change it records. An entry copies the names
//! of what it is about, so it reads the same after the post, channel or member is gone.

use super::channels::Channel;
use super::posts::Post;
use super::schema::{audit_log, channels, users};
use diesel::prelude::*;
use liner::audit::{AuditEntry, AuditKind, AuditQuery};
use liner::{ChannelId, PostId, UserId};

/// Who did it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Member(i64),
    /// The publishing worker and start-up recovery.
    Liner,
    /// `liner channel add` and the other commands.
    CommandLine,
}

/// What it was done to.
#[derive(Clone, Copy)]
pub enum Subject<'a> {
    Post(&'a Post),
    Channel(&'a Channel),
    Member(i64),
    Nothing,
}

#[derive(Insertable)]
#[diesel(table_name = audit_log)]
struct NewEntry {
    at: i64,
    actor_id: Option<i64>,
    actor_name: String,
    kind: &'static str,
    post_id: Option<i64>,
    post_title: Option<String>,
    channel_id: Option<i64>,
    channel_name: Option<String>,
    member_id: Option<i64>,
    member_name: Option<String>,
    detail: Option<String>,
}

fn user_name(conn: &mut SqliteConnection, id: i64) -> QueryResult<Option<String>> {
    users::table
        .find(id)
        .select(users::name)
        .first(conn)
        .optional()
}

fn channel_name(conn: &mut SqliteConnection, id: i64) -> QueryResult<Option<String>> {
    channels::table
        .find(id)
        .select(channels::name)
        .first(conn)
        .optional()
}

/// The title a post's entries carry: the post's title, else its release's, else a placeholder.
pub fn post_title(post: &Post) -> String {
    let draft = post.draft();
    [draft.body.title, draft.release.title]
        .into_iter()
        .map(|t| t.trim().to_string())
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| "(untitled)".to_string())
}

/// Appends one entry. Call it inside the transaction that makes the change.
pub fn record(
    conn: &mut SqliteConnection,
    actor: Actor,
    kind: AuditKind,
    subject: Subject<'_>,
    detail: Option<&str>,
    now: i64,
) -> QueryResult<()> {
    let (actor_id, actor_name) = match actor {
        Actor::Member(id) => (
            Some(id),
            user_name(conn, id)?.unwrap_or_else(|| format!("member {id}")),
        ),
        Actor::Liner => (None, "Liner".to_string()),
        Actor::CommandLine => (None, "Command line".to_string()),
    };
    let mut entry = NewEntry {
        at: now,
        actor_id,
        actor_name,
        kind: kind.as_str(),
        post_id: None,
        post_title: None,
        channel_id: None,
        channel_name: None,
        member_id: None,
        member_name: None,
        detail: detail.map(str::to_string),
    };
    match subject {
        Subject::Post(post) => {
            entry.post_id = Some(post.id);
            entry.post_title = Some(post_title(post));
            if let Some(ch) = post.channel_id {
                entry.channel_id = Some(ch);
                entry.channel_name = channel_name(conn, ch)?;
            }
        }
        Subject::Channel(channel) => {
            entry.channel_id = Some(channel.id);
            entry.channel_name = Some(channel.name.clone());
        }
        Subject::Member(id) => {
            entry.member_id = Some(id);
            entry.member_name = user_name(conn, id)?;
        }
        Subject::Nothing => {}
    }
    diesel::insert_into(audit_log::table)
        .values(&entry)
        .execute(conn)
        .map(|_| ())
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = audit_log)]
struct Row {
    id: i64,
    at: i64,
    actor_id: Option<i64>,
    actor_name: String,
    kind: String,
    post_id: Option<i64>,
    post_title: Option<String>,
    channel_id: Option<i64>,
    channel_name: Option<String>,
    member_id: Option<i64>,
    member_name: Option<String>,
    detail: Option<String>,
}

impl Row {
    /// `None` for a kind this build does not know (written by a newer one).
    fn entry(self) -> Option<AuditEntry> {
        Some(AuditEntry {
            id: self.id,
            at: chrono::DateTime::from_timestamp_millis(self.at)?,
            actor_id: self.actor_id.map(UserId),
            actor_name: self.actor_name,
            kind: AuditKind::parse(&self.kind)?,
            post_id: self.post_id.map(PostId),
            post_title: self.post_title,
            channel_id: self.channel_id.map(ChannelId),
            channel_name: self.channel_name,
            member_id: self.member_id.map(UserId),
            member_name: self.member_name,
            detail: self.detail,
        })
    }
}

/// Entries per page of the log.
pub const PAGE_SIZE: i64 = 50;

/// The most entries one export holds.
pub const EXPORT_LIMIT: i64 = 100_000;

/// Entries matching `query`, newest first, skipping `offset`, at most `limit`.
pub fn matching(
    conn: &mut SqliteConnection,
    query: &AuditQuery,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<AuditEntry>> {
    let mut q = audit_log::table
        .select(Row::as_select())
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .limit(limit)
        .offset(offset)
        .into_boxed();
    if let Some(member) = query.member {
        q = q.filter(
            audit_log::actor_id
                .eq(member.0)
                .or(audit_log::member_id.eq(member.0)),
        );
    }
    if let Some(post) = query.post {
        q = q.filter(audit_log::post_id.eq(post.0));
    }
    if let Some(channel) = query.channel {
        q = q.filter(audit_log::channel_id.eq(channel.0));
    }
    if let Some(group) = query.group {
        let kinds: Vec<&str> = group.kinds().map(AuditKind::as_str).collect();
        q = q.filter(audit_log::kind.eq_any(kinds));
    }
    if let Some(since) = query.since {
        q = q.filter(audit_log::at.ge(since.timestamp_millis()));
    }
    if let Some(until) = query.until {
        q = q.filter(audit_log::at.lt(until.timestamp_millis()));
    }
    Ok(q.load::<Row>(conn)?
        .into_iter()
        .filter_map(Row::entry)
        .collect())
}

/// One page of entries matching `query` (its `page`), and whether more follow.
pub fn page(
    conn: &mut SqliteConnection,
    query: &AuditQuery,
) -> QueryResult<(Vec<AuditEntry>, bool)> {
    let offset = i64::from(query.page) * PAGE_SIZE;
    let mut rows = matching(conn, query, PAGE_SIZE + 1, offset)?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    Ok((rows, more))
}

/// A post's entries, oldest first, for its page.
pub fn for_post(conn: &mut SqliteConnection, post_id: i64) -> QueryResult<Vec<AuditEntry>> {
    let query = AuditQuery {
        post: Some(PostId(post_id)),
        ..AuditQuery::default()
    };
    let mut entries = matching(conn, &query, EXPORT_LIMIT, 0)?;
    entries.reverse();
    Ok(entries)
}
