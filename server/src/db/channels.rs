//! Channels posts go to. A webhook channel's URL is a secret and is stored encrypted.

use super::schema::channels;
use diesel::prelude::*;
use liner::post::WebhookIdentity;
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
    /// Disabled by an admin: pickers hide it, its scheduled posts wait.
    pub disabled_at: Option<i64>,
    /// The name Discord gave when it was added: the channel's (bot) or the webhook's.
    pub discord_name: Option<String>,
    /// What its webhook messages show by default (`username`, `avatar_url`).
    pub default_username: Option<String>,
    pub default_avatar_url: Option<String>,
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
            identity: self.identity(),
            posts_as_bot: self.is_bot(),
        }
    }

    /// The name and avatar its webhook messages show unless a post says otherwise (a bot
    /// channel's messages are the bot's).
    pub fn identity(&self) -> WebhookIdentity {
        if self.is_bot() {
            return WebhookIdentity::default();
        }
        WebhookIdentity {
            username: self.default_username.clone().unwrap_or_default(),
            avatar_url: self.default_avatar_url.clone().unwrap_or_default(),
        }
    }

    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }
}

pub struct NewWebhookChannel<'a> {
    pub name: &'a str,
    pub forum: bool,
    pub discord_channel_id: &'a str,
    pub ciphertext: &'a [u8],
    pub key_id: &'a str,
    pub discord_name: Option<&'a str>,
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
            channels::discord_name.eq(c.discord_name),
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
            channels::discord_name.eq(c.discord_name),
            channels::broken_reason.eq(None::<String>),
            channels::removed_at.eq(None::<i64>),
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
    discord_name: Option<&str>,
    now: i64,
) -> QueryResult<Channel> {
    diesel::insert_into(channels::table)
        .values((
            channels::name.eq(name),
            channels::discord_channel_id.eq(discord_channel_id),
            channels::kind.eq(BOT),
            channels::discord_name.eq(discord_name),
            channels::created_at.eq(now),
        ))
        .on_conflict(channels::name)
        .do_update()
        .set((
            channels::discord_channel_id.eq(discord_channel_id),
            channels::kind.eq(BOT),
            channels::webhook_ciphertext.eq(None::<Vec<u8>>),
            channels::webhook_key_id.eq(None::<String>),
            channels::discord_name.eq(discord_name),
            channels::broken_reason.eq(None::<String>),
            channels::removed_at.eq(None::<i64>),
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

/// Whether a channel with this name exists (removed ones do not).
pub fn name_taken(conn: &mut SqliteConnection, name: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        channels::table
            .filter(channels::name.eq(name))
            .filter(channels::removed_at.is_null()),
    ))
    .get_result(conn)
}

/// A verified webhook for an existing channel.
pub struct NewWebhook<'a> {
    pub discord_channel_id: &'a str,
    pub ciphertext: &'a [u8],
    pub key_id: &'a str,
    pub discord_name: Option<&'a str>,
}

/// Gives a webhook channel a new webhook, which mends it if it was broken; `false` if there is
/// no such webhook channel.
pub fn replace_webhook(
    conn: &mut SqliteConnection,
    id: i64,
    w: &NewWebhook<'_>,
) -> QueryResult<bool> {
    let n = diesel::update(
        channels::table
            .find(id)
            .filter(channels::removed_at.is_null())
            .filter(channels::kind.ne(BOT)),
    )
    .set((
        channels::discord_channel_id.eq(w.discord_channel_id),
        channels::webhook_ciphertext.eq(w.ciphertext),
        channels::webhook_key_id.eq(w.key_id),
        channels::discord_name.eq(w.discord_name),
        channels::broken_reason.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Sets a webhook channel's default identity (empty parts: the webhook's own); `false` if there
/// is no such webhook channel.
pub fn set_identity(
    conn: &mut SqliteConnection,
    id: i64,
    identity: &WebhookIdentity,
) -> QueryResult<bool> {
    let part = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    let n = diesel::update(
        channels::table
            .find(id)
            .filter(channels::removed_at.is_null())
            .filter(channels::kind.ne(BOT)),
    )
    .set((
        channels::default_username.eq(part(&identity.username)),
        channels::default_avatar_url.eq(part(&identity.avatar_url)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Renames a channel; `false` if it does not exist.
pub fn rename(conn: &mut SqliteConnection, id: i64, name: &str) -> QueryResult<bool> {
    let n = diesel::update(
        channels::table
            .find(id)
            .filter(channels::removed_at.is_null()),
    )
    .set(channels::name.eq(name))
    .execute(conn)?;
    Ok(n == 1)
}

/// Disables (`Some(now)`) or enables (`None`) a channel; `false` if it does not exist.
pub fn set_disabled(conn: &mut SqliteConnection, id: i64, at: Option<i64>) -> QueryResult<bool> {
    let n = diesel::update(
        channels::table
            .find(id)
            .filter(channels::removed_at.is_null()),
    )
    .set(channels::disabled_at.eq(at))
    .execute(conn)?;
    Ok(n == 1)
}

/// Removes a channel from Liner. The row stays, for the posts that were sent there, renamed
/// `name (removed <id>)` so the name is free again; nothing reads it (its sealed webhook URL
/// included: a webhook channel's row must hold one).
pub fn remove(conn: &mut SqliteConnection, channel: &Channel, now: i64) -> QueryResult<bool> {
    let n = diesel::update(
        channels::table
            .find(channel.id)
            .filter(channels::removed_at.is_null()),
    )
    .set((
        channels::removed_at.eq(now),
        channels::name.eq(format!("{} (removed {})", channel.name, channel.id)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Every channel that was not removed, by name.
pub fn all(conn: &mut SqliteConnection) -> QueryResult<Vec<Channel>> {
    channels::table
        .filter(channels::removed_at.is_null())
        .order(channels::name.asc())
        .select(Channel::as_select())
        .load(conn)
}

/// The channel with this id, unless it was removed.
pub fn find(conn: &mut SqliteConnection, id: i64) -> QueryResult<Option<Channel>> {
    channels::table
        .find(id)
        .filter(channels::removed_at.is_null())
        .select(Channel::as_select())
        .first(conn)
        .optional()
}
