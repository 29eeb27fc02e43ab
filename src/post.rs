//! The message a poster writes (the wizard's "Post" step): optional content above one embed,
//! and link buttons below it.

use serde::{Deserialize, Serialize};

/// Liner's default embed colour.
pub const DEFAULT_COLOR: &str = "#5865F2";

/// How the cover appears in the embed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageStyle {
    /// Large, below the text.
    #[default]
    Large,
    /// Small, top right.
    Thumbnail,
}

/// Which time the embed's footer timestamp shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmbedTimestamp {
    #[default]
    None,
    /// The moment the post is sent.
    Published,
    /// The release date (its first day, at midnight UTC).
    ReleaseDate,
}

/// A role the poster picked to mention. Only picked roles can ever be pinged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleRef {
    /// Discord's role id (a snowflake).
    pub id: String,
    pub name: String,
}

/// One embed field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedField {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

/// A link button under the message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkButton {
    pub label: String,
    pub url: String,
}

/// Who a webhook's message appears from: Discord's `username` and `avatar_url` on execute.
/// An empty part means "the channel's default" (and, without one, the webhook's own). A bot
/// posts as itself and ignores it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebhookIdentity {
    pub username: String,
    pub avatar_url: String,
}

impl WebhookIdentity {
    /// This identity, with `fallback`'s parts where this one's are empty.
    pub fn or(&self, fallback: &WebhookIdentity) -> WebhookIdentity {
        let pick = |own: &str, other: &str| {
            if own.trim().is_empty() {
                other.trim().to_string()
            } else {
                own.trim().to_string()
            }
        };
        WebhookIdentity {
            username: pick(&self.username, &fallback.username),
            avatar_url: pick(&self.avatar_url, &fallback.avatar_url),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.username.trim().is_empty() && self.avatar_url.trim().is_empty()
    }
}

/// Everything the poster controls in the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostBody {
    /// Text above the embed (Discord markdown; mentions go here).
    pub content: String,
    pub mentions: Vec<RoleRef>,
    pub title: String,
    /// Where the title links to.
    pub url: String,
    pub description: String,
    /// `#RRGGBB`.
    pub color: String,
    pub author: String,
    pub image_url: String,
    pub image_style: ImageStyle,
    pub fields: Vec<EmbedField>,
    pub footer: String,
    pub timestamp: EmbedTimestamp,
    pub buttons: Vec<LinkButton>,
    /// The name and avatar the message shows, over the channel's defaults (webhooks only).
    pub identity: WebhookIdentity,
}

impl Default for PostBody {
    fn default() -> Self {
        PostBody {
            content: String::new(),
            mentions: Vec::new(),
            title: String::new(),
            url: String::new(),
            description: String::new(),
            color: DEFAULT_COLOR.into(),
            author: String::new(),
            image_url: String::new(),
            image_style: ImageStyle::default(),
            fields: Vec::new(),
            footer: String::new(),
            timestamp: EmbedTimestamp::default(),
            buttons: Vec::new(),
            identity: WebhookIdentity::default(),
        }
    }
}

/// Reads `#RRGGBB` (or `RRGGBB`) as Discord's integer colour.
pub fn parse_color(raw: &str) -> Option<u32> {
    let hex = raw.trim();
    let hex = hex.strip_prefix('#').unwrap_or(hex);
    (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u32::from_str_radix(hex, 16).ok())
        .flatten()
}
