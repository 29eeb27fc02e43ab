//! The message Liner sends to Discord, in Discord's JSON shape (execute webhook / create message).

use crate::post::PostContent;
use serde::{Deserialize, Serialize};

/// Liner's default embed colour (a calm blurple-ish blue), 0xRRGGBB.
pub const DEFAULT_COLOR: u32 = 0x5865F2;

/// The body of a Discord message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscordMessage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default)]
    pub embeds: Vec<Embed>,
    /// Always present: without it, text such as `@everyone` in the content would ping.
    #[serde(default)]
    pub allowed_mentions: AllowedMentions,
}

/// Which mentions in the content may notify anyone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowedMentions {
    /// Mention types parsed from the text; empty means none.
    #[serde(default)]
    pub parse: Vec<String>,
}

/// One rich embed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Embed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<EmbedAuthor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<EmbedImage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedAuthor {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedImage {
    pub url: String,
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl DiscordMessage {
    /// The message for a post: one embed, no content, and no mention may ping.
    pub fn for_post(post: &PostContent) -> Self {
        let embed = Embed {
            title: non_empty(&post.title),
            description: non_empty(&post.description),
            color: Some(DEFAULT_COLOR),
            author: non_empty(&post.artist).map(|name| EmbedAuthor { name }),
            image: non_empty(&post.cover_url).map(|url| EmbedImage { url }),
        };
        DiscordMessage {
            content: None,
            embeds: vec![embed],
            allowed_mentions: AllowedMentions::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builds_one_embed_with_no_pings() {
        let post = PostContent {
            title: " Blue Lines ".into(),
            artist: "Massive Attack".into(),
            description: "@everyone it's out".into(),
            cover_url: "https://img.example/c.png".into(),
        };
        let body = serde_json::to_value(DiscordMessage::for_post(&post)).unwrap_or_default();
        assert_eq!(
            body,
            json!({
                "embeds": [{
                    "title": "Blue Lines",
                    "description": "@everyone it's out",
                    "color": DEFAULT_COLOR,
                    "author": {"name": "Massive Attack"},
                    "image": {"url": "https://img.example/c.png"}
                }],
                "allowed_mentions": {"parse": []}
            })
        );
    }

    #[test]
    fn empty_optional_fields_are_left_out() {
        let post = PostContent {
            title: "T".into(),
            artist: "A".into(),
            ..Default::default()
        };
        let msg = DiscordMessage::for_post(&post);
        assert_eq!(msg.embeds[0].description, None);
        assert_eq!(msg.embeds[0].image, None);
    }
}
