//! Discord, behind one trait: the real client takes a base URL, so the same code talks to
//! discord.com or to the sandbox's fakes.

pub mod double;
pub mod http;
pub mod permissions;
pub mod rate_limit;
pub mod refusals;
mod wire;

use async_trait::async_trait;
use liner::message::{DiscordMessage, MessageEdit};
use secrecy::SecretString;
use serde::Deserialize;
use std::time::Duration;

#[derive(Debug, Clone, Deserialize)]
pub struct DiscordUser {
    pub id: String,
    pub username: String,
    #[serde(default)]
    pub global_name: Option<String>,
    #[serde(default)]
    pub avatar: Option<String>,
}

impl DiscordUser {
    pub fn display_name(&self) -> &str {
        self.global_name.as_deref().unwrap_or(&self.username)
    }

    pub fn avatar_url(&self) -> Option<String> {
        self.avatar
            .as_ref()
            .map(|a| format!("https://cdn.discordapp.com/avatars/{}/{a}.png", self.id))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct GuildMember {
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub nick: Option<String>,
}

/// A message Discord created.
#[derive(Debug, Clone, Deserialize)]
pub struct SentMessage {
    pub id: String,
    #[serde(default)]
    pub channel_id: Option<String>,
}

/// A role of the guild, as `GET /guilds/{id}/roles` lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct GuildRole {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub position: i64,
    /// Owned by an integration (a bot's own role): not something a post announces to.
    #[serde(default)]
    pub managed: bool,
    /// Its permission bits, as Discord sends them (a decimal string).
    #[serde(default)]
    pub permissions: String,
}

/// A channel of the guild, as `GET /guilds/{id}/channels` lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct GuildChannel {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// Discord's channel type: 0 text, 5 announcement, 15 forum, 2 voice, 4 category, …
    #[serde(rename = "type")]
    pub kind: u8,
    #[serde(default)]
    pub position: i64,
    #[serde(default)]
    pub permission_overwrites: Vec<PermissionOverwrite>,
}

/// A channel's change to the permissions of a role (`kind` 0) or a member (`kind` 1).
#[derive(Debug, Clone, Deserialize)]
pub struct PermissionOverwrite {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: u8,
    #[serde(default)]
    pub allow: String,
    #[serde(default)]
    pub deny: String,
}

/// A message as `GET /channels/{id}/messages` lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct ListedMessage {
    pub id: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub embeds: Vec<liner::message::Embed>,
    /// RFC 3339.
    pub timestamp: String,
    #[serde(default)]
    pub author: Option<ListedAuthor>,
    /// Set when a webhook, not the bot itself, sent it.
    #[serde(default)]
    pub webhook_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ListedAuthor {
    pub id: String,
    #[serde(default)]
    pub bot: bool,
}

impl ListedMessage {
    /// Sent by a bot user itself, not through a webhook and not by a person.
    pub fn by_a_bot(&self) -> bool {
        self.webhook_id.is_none() && self.author.as_ref().is_some_and(|a| a.bot)
    }

    pub fn marker(&self) -> liner::marker::Marker {
        liner::marker::Marker::of(Some(&self.content), &self.embeds)
    }

    /// When Discord says it was sent, in Unix milliseconds.
    pub fn sent_ms(&self) -> Option<i64> {
        chrono::DateTime::parse_from_rfc3339(&self.timestamp)
            .ok()
            .map(|t| t.timestamp_millis())
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct WebhookInfo {
    pub id: String,
    #[serde(default)]
    pub guild_id: Option<String>,
    #[serde(default)]
    pub channel_id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

/// Why a call to Discord did not succeed, sorted by what it proves about the send.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum DiscordError {
    /// The request never reached Discord: nothing was created.
    #[error("Discord could not be reached")]
    NotSent,
    /// Discord refused for now; nothing was created.
    #[error("Discord rate limited the request (retry after {0:?})")]
    RateLimited(Duration),
    /// Discord refused the request for good (4xx).
    #[error("Discord refused the request: {message} (HTTP {status}, code {code})")]
    Rejected {
        status: u16,
        code: i64,
        message: String,
    },
    /// The request went out but its answer was lost or a server error came back: the message may
    /// or may not exist.
    #[error("Discord's answer was lost ({0})")]
    Unknown(String),
}

/// Hears of a request that may create a message just before it goes out, so a crash during
/// the request leaves a trace (see `db::attempts`).
#[async_trait]
pub trait SendLog: Send + Sync {
    /// An error stops the request: it is returned as is, and nothing is sent.
    async fn sending(&self) -> Result<(), DiscordError>;
}

/// For sends nobody needs to trace.
pub struct Untraced;

#[async_trait]
impl SendLog for Untraced {
    async fn sending(&self) -> Result<(), DiscordError> {
        Ok(())
    }
}

/// Where a post's message goes, as far as Discord's rate limits are concerned.
pub enum SendTarget<'a> {
    Webhook(&'a SecretString),
    /// A channel the bot posts to, by Discord id.
    Channel(&'a str),
}

#[async_trait]
pub trait DiscordApi: Send + Sync + 'static {
    /// How long a send to `target` would now wait for Discord's rate limits. A client that keeps
    /// no limits never waits.
    fn send_wait(&self, _target: SendTarget<'_>) -> Duration {
        Duration::ZERO
    }
    /// `GET /users/@me` with the member's OAuth token.
    async fn current_user(&self, token: &SecretString) -> Result<DiscordUser, DiscordError>;
    /// `GET /users/@me/guilds/{guild}/member`; `None` when not a member (any 404).
    async fn guild_member(
        &self,
        token: &SecretString,
        guild_id: &str,
    ) -> Result<Option<GuildMember>, DiscordError>;
    /// Executes a webhook with `?wait=true`, so Discord's answer is checked. `log` hears of the
    /// request just before it goes out, after any wait for the rate limits.
    async fn execute_webhook(
        &self,
        webhook_url: &SecretString,
        message: &DiscordMessage,
        log: &dyn SendLog,
    ) -> Result<SentMessage, DiscordError>;
    /// `GET` the webhook itself.
    async fn get_webhook(&self, webhook_url: &SecretString) -> Result<WebhookInfo, DiscordError>;
    /// `DELETE {webhook}/messages/{id}` (`?thread_id=` for a message in a thread, such as a
    /// forum post's first one). A message that is already gone (10008 Unknown Message) counts as
    /// deleted; a webhook that is gone does not.
    async fn delete_webhook_message(
        &self,
        webhook_url: &SecretString,
        message_id: &str,
        thread_id: Option<&str>,
    ) -> Result<(), DiscordError>;
    /// `PATCH {webhook}/messages/{id}?with_components=true` (and `thread_id` as for deleting):
    /// makes the webhook's message into `edit`. Repeating it changes nothing more.
    async fn edit_webhook_message(
        &self,
        webhook_url: &SecretString,
        message_id: &str,
        thread_id: Option<&str>,
        edit: &MessageEdit,
    ) -> Result<SentMessage, DiscordError>;
    /// `PATCH /channels/{id}/messages/{message}` as the bot, which can edit only its own.
    async fn edit_message(
        &self,
        bot_token: &SecretString,
        channel_id: &str,
        message_id: &str,
        edit: &MessageEdit,
    ) -> Result<SentMessage, DiscordError>;
    /// `DELETE /channels/{id}/messages/{message}` as the bot; a message already gone counts as
    /// deleted.
    async fn delete_message(
        &self,
        bot_token: &SecretString,
        channel_id: &str,
        message_id: &str,
    ) -> Result<(), DiscordError>;
    /// `POST /channels/{id}/messages` as the bot, with `nonce` and `enforce_nonce`, so a repeat
    /// within Discord's window returns the message the first one created.
    async fn create_message(
        &self,
        bot_token: &SecretString,
        channel_id: &str,
        message: &DiscordMessage,
        nonce: &str,
        log: &dyn SendLog,
    ) -> Result<SentMessage, DiscordError>;
    /// `GET /channels/{id}/messages?limit=`: the channel's latest messages, newest first.
    async fn recent_messages(
        &self,
        bot_token: &SecretString,
        channel_id: &str,
        limit: u8,
    ) -> Result<Vec<ListedMessage>, DiscordError>;
    /// `GET /guilds/{guild}/members/{user}` with the bot token; `None` when Discord says the
    /// user is not a member (Unknown Member or Unknown User).
    async fn member_by_id(
        &self,
        bot_token: &SecretString,
        guild_id: &str,
        user_id: &str,
    ) -> Result<Option<GuildMember>, DiscordError>;
    /// `GET /guilds/{id}/channels` with the bot token.
    async fn guild_channels(
        &self,
        bot_token: &SecretString,
        guild_id: &str,
    ) -> Result<Vec<GuildChannel>, DiscordError>;
    /// `GET /users/@me` with the bot token: the bot's own user.
    async fn bot_user(&self, bot_token: &SecretString) -> Result<DiscordUser, DiscordError>;
    /// `GET /guilds/{id}/roles` with the bot token.
    async fn guild_roles(
        &self,
        bot_token: &SecretString,
        guild_id: &str,
    ) -> Result<Vec<GuildRole>, DiscordError>;
}

/// Discord's error code for a message that does not exist.
pub const UNKNOWN_MESSAGE: i64 = 10008;

/// Discord's error code for a webhook that does not exist (deleted in Discord).
pub const UNKNOWN_WEBHOOK: i64 = 10015;

impl DiscordError {
    /// Whether Discord says the webhook itself is gone or its token no longer valid: calling it
    /// again only gets the client blocked.
    pub fn webhook_gone(&self) -> bool {
        matches!(
            self,
            DiscordError::Rejected { status: 401, .. }
                | DiscordError::Rejected {
                    status: 404,
                    code: UNKNOWN_WEBHOOK,
                    ..
                }
        )
    }
}
