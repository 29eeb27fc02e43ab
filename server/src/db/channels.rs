//! Channels posts go to. A webhook channel's URL is a secret and is stored encrypted.

use super::schema::channels;
use diesel::prelude::*;
use liner::views::ChannelView;
use liner::ChannelId;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = channels)]
pub struct Channel {
    pub id: i64,
    pub name: String,
    pub discord_channel_id: String,
    pub kind: String,
    pub webhook_ciphertext: Option<Vec<u8>>,
    pub webhook_key_id: Option<String>,
    pub broken_reason: Option<String>,
    /// A forum or media channel: posts go out as new threads.
    pub forum: bool,
}

impl Channel {
    pub fn is_bot(&self) -> bool {
        self.kind == BOT
    }

    pub fn view(&self) -> ChannelView {
        ChannelView {
            id: ChannelId(self.id),
            name: self.name.clone(),
            broken: self.broken_reason.clone(),
        }
    }
}

pub struct NewWebhookChannel<'a> {
    pub name: &'a str,
    pub forum: bool,
    pub discord_channel_id: &'a str,
    pub ciphertext: &'a [u8],
    pub key_id: &'a str,
}

/// Adds a webhook channel, or replaces the webhook of the channel with that name.
pub fn upsert_webhook(
    conn: &mut SqliteConnection,
    c: &NewWebhookChannel<'_>,
    now: i64,
) -> QueryResult<Channel> {
    diesel::insert_into(channels::table)
        .values((
            channels::name.eq(c.name),
            channels::discord_channel_id.eq(c.discord_channel_id),
            channels::kind.eq("webhook"),
            channels::webhook_ciphertext.eq(c.ciphertext),
            channels::webhook_key_id.eq(c.key_id),
            channels::forum.eq(c.forum),
            channels::created_at.eq(now),
        ))
        .on_conflict(channels::name)
        .do_update()
        .set((
            channels::discord_channel_id.eq(c.discord_channel_id),
            channels::kind.eq("webhook"),
            channels::webhook_ciphertext.eq(c.ciphertext),
            channels::webhook_key_id.eq(c.key_id),
            channels::forum.eq(c.forum),
            channels::broken_reason.eq(None::<String>),
        ))
        .returning(Channel::as_returning())
        .get_result(conn)
}

/// The kind of a channel the bot posts to itself (create message with a nonce).
pub const BOT: &str = "bot";

/// Adds a bot channel, or makes the channel with that name one.
pub fn upsert_bot(
    conn: &mut SqliteConnection,
    name: &str,
    discord_channel_id: &str,
    now: i64,
) -> QueryResult<Channel> {
    diesel::insert_into(channels::table)
        .values((
            channels::name.eq(name),
            channels::discord_channel_id.eq(discord_channel_id),
            channels::kind.eq(BOT),
            channels::created_at.eq(now),
        ))
        .on_conflict(channels::name)
        .do_update()
        .set((
            channels::discord_channel_id.eq(discord_channel_id),
            channels::kind.eq(BOT),
            channels::webhook_ciphertext.eq(None::<Vec<u8>>),
            channels::webhook_key_id.eq(None::<String>),
            channels::broken_reason.eq(None::<String>),
        ))
        .returning(Channel::as_returning())
        .get_result(conn)
}

/// Marks a channel unusable until its webhook is set again.
pub fn mark_broken(conn: &mut SqliteConnection, id: i64, reason: &str) -> QueryResult<()> {
    diesel::update(channels::table.find(id))
        .set(channels::broken_reason.eq(reason))
        .execute(conn)
        .map(|_| ())
}

pub fn all(conn: &mut SqliteConnection) -> QueryResult<Vec<Channel>> {
    channels::table
        .order(channels::name.asc())
        .select(Channel::as_select())
        .load(conn)
}

pub fn find(conn: &mut SqliteConnection, id: i64) -> QueryResult<Option<Channel>> {
    channels::table
        .find(id)
        .select(Channel::as_select())
        .first(conn)
        .optional()
}
