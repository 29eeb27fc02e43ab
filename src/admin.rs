//! What the admin pages show and send: channels as admins manage them, members who signed in,
//! and the checks on what an admin types, shared by the page (next to the field) and the server.

use crate::{ChannelId, Role, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What admins set for the whole of Liner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// A poster's posts go out only once an admin approved them (`crate::approval`).
    pub approvals: bool,
}

/// The guild's channels the bot can post in, for "Add a bot channel".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotChannelChoices {
    /// `DISCORD_BOT_TOKEN` is set; without it there are no bot channels.
    pub bot_configured: bool,
    pub channels: Vec<BotChannelChoice>,
}

/// A text or announcement channel where the bot may view, post and read history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotChannelChoice {
    /// Discord's channel id.
    pub id: String,
    /// Its name in Discord.
    pub name: String,
    /// Already one of Liner's bot channels.
    pub added: bool,
}

/// How a channel's posts reach Discord.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Webhook,
    /// A forum or media channel, through its webhook: each post starts a thread.
    Forum,
    /// The bot posts itself (create message with a nonce).
    Bot,
}

impl ChannelKind {
    pub fn label(self) -> &'static str {
        match self {
            ChannelKind::Webhook => "Webhook",
            ChannelKind::Forum => "Forum (webhook)",
            ChannelKind::Bot => "Bot",
        }
    }
}

/// Whether posts can go to a channel now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelState {
    Working,
    /// Discord refused its webhook; `reason` is Discord's answer.
    Broken {
        reason: String,
    },
    /// An admin disabled it: pickers hide it and its scheduled posts wait.
    Disabled,
}

impl ChannelState {
    pub fn label(&self) -> &'static str {
        match self {
            ChannelState::Working => "Working",
            ChannelState::Broken { .. } => "Broken",
            ChannelState::Disabled => "Disabled",
        }
    }

    /// How an admin mends a broken channel.
    pub const MEND: &'static str =
        "Create a new webhook in the channel's settings in Discord (Integrations → Webhooks), then Replace webhook here.";
}

/// A channel as the admins' page lists it. Never carries the webhook URL: only the last digits
/// of its id, so an admin can tell webhooks apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminChannel {
    pub id: ChannelId,
    pub name: String,
    pub kind: ChannelKind,
    pub discord_channel_id: String,
    /// The name Discord gave when the channel was added or its webhook replaced: the channel's
    /// own name through the bot, or the webhook's name (a webhook alone does not tell the
    /// channel's).
    pub discord_name: Option<String>,
    pub webhook_hint: Option<String>,
    pub state: ChannelState,
    pub posts_sent: i64,
    pub last_sent: Option<DateTime<Utc>>,
    /// Posts scheduled to it, waiting or being sent.
    pub scheduled: i64,
    /// What its webhook messages show by default.
    pub identity: crate::post::WebhookIdentity,
}

/// A channel whose webhook was just replaced, and the published posts whose messages the old
/// webhook sent: only it may edit or delete them, so they keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookReplaced {
    pub channel: AdminChannel,
    pub kept_old_webhook: Vec<String>,
}

/// A member who signed in at least once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: UserId,
    pub name: String,
    pub discord_id: String,
    pub avatar_url: Option<String>,
    /// Their role as Discord's roles gave it when last checked.
    pub role: Role,
    pub role_checked_at: DateTime<Utc>,
    pub last_sign_in: Option<DateTime<Utc>>,
    pub signed_in_sessions: i64,
    pub posts: PostCounts,
}

/// A member's posts by state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostCounts {
    pub drafts: i64,
    pub scheduled: i64,
    pub published: i64,
    pub failed: i64,
}

/// The members page: the members, and which Discord roles make an admin or a poster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersPage {
    pub members: Vec<MemberView>,
    pub admin_roles: Vec<String>,
    pub poster_roles: Vec<String>,
}

/// Why a channel's name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChannelNameProblem {
    #[error("Give the channel a name.")]
    Empty,
    #[error("A channel name has at most 100 characters.")]
    TooLong,
}

/// A channel's name as Liner stores it: trimmed, without a leading `#`, 1 to 100 characters.
pub fn channel_name(raw: &str) -> Result<&str, ChannelNameProblem> {
    let name = raw.trim().trim_start_matches('#').trim();
    if name.is_empty() {
        Err(ChannelNameProblem::Empty)
    } else if name.chars().count() > 100 {
        Err(ChannelNameProblem::TooLong)
    } else {
        Ok(name)
    }
}

/// The last four digits of a webhook's id, as admins see it ("…0001").
pub fn webhook_hint(webhook_id: &str) -> String {
    let digits: Vec<char> = webhook_id.chars().collect();
    let tail: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_names_are_trimmed_and_bounded() {
        assert_eq!(channel_name("  #releases "), Ok("releases"));
        assert_eq!(channel_name(" # "), Err(ChannelNameProblem::Empty));
        assert_eq!(
            channel_name(&"x".repeat(101)),
            Err(ChannelNameProblem::TooLong)
        );
        assert_eq!(channel_name(&"é".repeat(100)).map(str::len), Ok(200));
    }

    #[test]
    fn a_webhook_hint_shows_only_the_last_digits() {
        assert_eq!(webhook_hint("500000000000000001"), "…0001");
        assert_eq!(webhook_hint("12"), "…12");
    }
}
