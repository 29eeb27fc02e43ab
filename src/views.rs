//! What the server shows the browser: plain data shared by both sides of a server function.

use crate::{ChannelId, Draft, DraftId, PostId, PostStatus, Role, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The signed-in member, as the pages need them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: UserId,
    pub name: String,
    pub avatar_url: Option<String>,
    pub role: Role,
}

/// A channel a post can go to. Never carries the webhook URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelView {
    pub id: ChannelId,
    pub name: String,
    /// Why posts cannot go there now (its webhook was deleted in Discord), for the pickers and
    /// the admins' notice.
    #[serde(default)]
    pub broken: Option<String>,
    /// The name and avatar its messages show unless the post says otherwise.
    #[serde(default)]
    pub identity: crate::post::WebhookIdentity,
    /// The bot posts there itself, under its own name and avatar.
    #[serde(default)]
    pub posts_as_bot: bool,
}

/// One row of the posts list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub id: PostId,
    pub draft_id: Option<DraftId>,
    pub title: String,
    pub artist: String,
    pub channel_name: Option<String>,
    pub status: PostStatus,
    pub last_error: Option<String>,
    /// Worth knowing but not an error ("published 7 min after its time").
    #[serde(default)]
    pub notice: Option<String>,
    pub scheduled_at: Option<DateTime<Utc>>,
    /// The poster's IANA time zone for `scheduled_at`.
    pub timezone: Option<String>,
    pub updated_at: DateTime<Utc>,
    /// Where it is in the admins' review, when approvals are on (or were).
    #[serde(default)]
    pub approval: Option<crate::approval::Approval>,
}

/// One request to Discord for a post, as the post page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptView {
    pub at: DateTime<Utc>,
    /// What the answer proved, in words ("Sent", "Rate limited", "Outcome unknown", …).
    pub outcome: String,
    pub detail: Option<String>,
}

impl AttemptView {
    /// The words for a stored outcome (`None`: no answer was recorded).
    pub fn outcome_label(stored: Option<&str>) -> &'static str {
        match stored {
            Some("sent") => "Sent",
            Some("not_sent") => "Not sent (Discord unreachable)",
            Some("rate_limited") => "Rate limited",
            Some("rejected") => "Refused",
            Some("unknown") => "Outcome unknown",
            _ => "No answer recorded",
        }
    }

    /// The words for a stored change to a published message.
    pub fn change_label(stored: &str) -> &'static str {
        match stored {
            "updated" => "Message updated",
            _ => "Update refused",
        }
    }
}

/// A post's own page: the post and every send to Discord, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostDetail {
    pub post: PostView,
    pub attempts: Vec<AttemptView>,
    /// Its part of the audit log, oldest first.
    #[serde(default)]
    pub history: Vec<crate::audit::AuditEntry>,
    /// Set when the post was deleted from Liner (only admins see a deleted post).
    #[serde(default)]
    pub deleted: Option<Deleted>,
}

/// When and by whom a post was deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    pub at: DateTime<Utc>,
    pub by: String,
}

/// A draft as stored on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDraft {
    pub post_id: PostId,
    pub draft: Draft,
    /// Bumped by every save; a save names the revision it started from.
    pub revision: i64,
    pub status: PostStatus,
    pub updated_at: DateTime<Utc>,
}

/// What "Save draft" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved {
        post_id: PostId,
        revision: i64,
        updated_at: DateTime<Utc>,
    },
    /// The server's copy changed since this one was loaded: the poster chooses which to keep.
    Conflict(Box<StoredDraft>),
    /// The draft left drafting elsewhere (deleted, or published) while this copy was away:
    /// nothing was stored, and the poster chooses to restore it as a new draft or discard it.
    Gone(GoneReason),
}

/// Why a saved draft is no longer one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoneReason {
    Deleted,
    Published,
}

impl GoneReason {
    /// How the device marks a draft that came back gone.
    pub fn label(self) -> &'static str {
        match self {
            GoneReason::Deleted => "Deleted elsewhere",
            GoneReason::Published => "Published elsewhere",
        }
    }
}

/// A wall-clock time resolved in a time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedTime {
    pub utc: DateTime<Utc>,
    /// The zone's offset at that instant, e.g. `UTC+01:00`.
    pub offset: String,
    /// Said when the time was ambiguous (a DST overlap) and the earlier offset was taken.
    pub note: Option<String>,
}

/// Which posts the dashboard shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostFilter {
    #[default]
    All,
    Drafts,
    Scheduled,
    Published,
    /// Failed, or needing review.
    Problems,
}

impl PostFilter {
    pub const ALL: [PostFilter; 5] = [
        Self::All,
        Self::Drafts,
        Self::Scheduled,
        Self::Published,
        Self::Problems,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::All => "All",
            Self::Drafts => "Drafts",
            Self::Scheduled => "Scheduled",
            Self::Published => "Published",
            Self::Problems => "Failed",
        }
    }

    /// The statuses this filter shows.
    pub fn statuses(self) -> &'static [PostStatus] {
        match self {
            Self::All => &PostStatus::ALL,
            Self::Drafts => &[PostStatus::Draft],
            Self::Scheduled => &[PostStatus::Scheduled, PostStatus::Publishing],
            Self::Published => &[PostStatus::Published],
            Self::Problems => &[PostStatus::Failed, PostStatus::NeedsReview],
        }
    }
}

/// One page of the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostPage {
    pub posts: Vec<PostView>,
    pub page: u32,
    pub has_more: bool,
    /// When the server answered (a device showing a kept copy offline says how old it is).
    #[serde(default)]
    pub fetched_at: DateTime<Utc>,
}

/// A message the sandbox's fake Discord received, for the `/sandbox` page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SandboxMessage {
    pub id: String,
    pub channel_name: String,
    pub username: String,
    pub timestamp: DateTime<Utc>,
    pub message: crate::message::DiscordMessage,
    /// Edited since it was sent (Discord shows "(edited)").
    #[serde(default)]
    pub edited: bool,
}
