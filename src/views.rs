//! What the server shows the browser: plain data shared by both sides of a server function.

use crate::{ChannelId, PostId, PostStatus, Role, UserId};
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
}

/// One row of the posts list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub id: PostId,
    pub title: String,
    pub artist: String,
    pub channel_name: String,
    pub status: PostStatus,
    pub last_error: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// A message the sandbox's fake Discord received, for the `/sandbox` page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SandboxMessage {
    pub id: String,
    pub channel_name: String,
    pub username: String,
    pub timestamp: DateTime<Utc>,
    pub message: crate::message::DiscordMessage,
}
