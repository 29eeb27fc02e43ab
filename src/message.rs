//! The message Liner sends to Discord, in Discord's JSON shape (execute webhook / create
//! message). The preview draws this very value, so what the poster sees is what Discord gets.

use crate::post::{parse_color, EmbedTimestamp, ImageStyle, PostBody};
use crate::release::{Release, ReleaseDate};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The colour used when a body's colour is unreadable (validation refuses it before sending).
pub const DEFAULT_COLOR: u32 = 0x5865F2;

/// The body of a Discord message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscordMessage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default)]
    pub embeds: Vec<Embed>,
    /// Link buttons, in action rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ActionRow>,
    /// Always present: without it, text such as `@everyone` in the content would ping.
    #[serde(default)]
    pub allowed_mentions: AllowedMentions,
    /// Forum and media channels take a message only as a new thread's first post, named this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_name: Option<String>,
    /// A webhook message's display name and avatar, over the webhook's own (webhooks only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
}

/// Which mentions in the content may notify anyone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowedMentions {
    /// Mention types parsed from the text; always empty, so nothing pings by accident.
    #[serde(default)]
    pub parse: Vec<String>,
    /// The role ids the poster picked: the only mentions that may ping.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
}

/// One rich embed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Embed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<EmbedAuthor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<EmbedImage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<EmbedImage>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<EmbedFieldJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<EmbedFooter>,
    /// ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedAuthor {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedImage {
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmbedFieldJson {
    pub name: String,
    pub value: String,
    #[serde(default)]
    pub inline: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedFooter {
    pub text: String,
}

/// A row of components (type 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRow {
    #[serde(rename = "type")]
    pub kind: u8,
    pub components: Vec<Button>,
}

/// A link button (type 2, style 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    #[serde(rename = "type")]
    pub kind: u8,
    pub style: u8,
    pub label: String,
    pub url: String,
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl DiscordMessage {
    /// The message as a webhook sends it under `identity` (empty parts: the webhook's own).
    pub fn with_identity(mut self, identity: &crate::post::WebhookIdentity) -> Self {
        self.username = non_empty(&identity.username);
        self.avatar_url = non_empty(&identity.avatar_url);
        self
    }

    /// This message without the images (and avatar) whose URL names a host `hosts` refuses, for
    /// a preview: the browser showing it must not request an address inside its own network.
    pub fn images_within(mut self, hosts: crate::validate::Hosts) -> Self {
        let allowed = |url: &str| crate::validate::check_host(url, hosts).is_ok();
        for embed in &mut self.embeds {
            embed.image = embed.image.take().filter(|i| allowed(&i.url));
            embed.thumbnail = embed.thumbnail.take().filter(|i| allowed(&i.url));
        }
        self.avatar_url = self.avatar_url.take().filter(|u| allowed(u));
        self
    }

    /// The message for a post; `sent_at` fills a "when published" timestamp.
    pub fn for_post(body: &PostBody, release: &Release, sent_at: DateTime<Utc>) -> Self {
        let image = non_empty(&body.image_url).map(|url| EmbedImage { url });
        let (thumbnail, image) = match body.image_style {
            ImageStyle::Thumbnail => (image, None),
            ImageStyle::Large => (None, image),
        };
        let timestamp = match body.timestamp {
            EmbedTimestamp::None => None,
            EmbedTimestamp::Published => Some(sent_at),
            EmbedTimestamp::ReleaseDate => ReleaseDate::parse(&release.release_date)
                .and_then(ReleaseDate::first_day)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| d.and_utc()),
        };
        let embed = Embed {
            title: non_empty(&body.title),
            url: non_empty(&body.url),
            description: non_empty(&body.description),
            color: Some(parse_color(&body.color).unwrap_or(DEFAULT_COLOR)),
            author: non_empty(&body.author).map(|name| EmbedAuthor { name }),
            thumbnail,
            image,
            fields: body
                .fields
                .iter()
                .map(|f| EmbedFieldJson {
                    name: f.name.trim().to_string(),
                    value: f.value.trim().to_string(),
                    inline: f.inline,
                })
                .collect(),
            footer: non_empty(&body.footer).map(|text| EmbedFooter { text }),
            timestamp: timestamp.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        };
        let components = body
            .buttons
            .chunks(crate::limits::BUTTONS_PER_ROW)
            .map(|row| ActionRow {
                kind: 1,
                components: row
                    .iter()
                    .map(|b| Button {
                        kind: 2,
                        style: 5,
                        label: b.label.trim().to_string(),
                        url: b.url.trim().to_string(),
                    })
                    .collect(),
            })
            .collect();
        DiscordMessage {
            content: non_empty(&body.content),
            embeds: vec![embed],
            components,
            allowed_mentions: AllowedMentions {
                parse: Vec::new(),
                roles: unique_role_ids(&body.mentions),
            },
            thread_name: None,
            username: None,
            avatar_url: None,
        }
    }

    /// The same message as a new thread in a forum or media channel, named after the post's
    /// title (cut to Discord's 100 characters), else its release's title.
    pub fn as_forum_thread(mut self, release: &Release) -> Self {
        let title = self
            .embeds
            .first()
            .and_then(|e| e.title.clone())
            .or_else(|| non_empty(&release.title))
            .unwrap_or_else(|| "New release".to_string());
        let name: String = title.chars().take(crate::limits::THREAD_NAME_MAX).collect();
        self.thread_name = Some(name.trim().to_string());
        self
    }

    /// The body that makes a message Discord already has into this one. An edit keeps every
    /// field it does not send, so each is sent, empty when the post no longer has it: removed
    /// text or buttons must disappear from the message too. A thread's name is not part of its
    /// first message and is left as it is.
    pub fn as_edit(&self) -> MessageEdit {
        MessageEdit {
            content: self.content.clone().unwrap_or_default(),
            embeds: self.embeds.clone(),
            components: self.components.clone(),
            allowed_mentions: self.allowed_mentions.clone(),
        }
    }
}

/// The ids of the roles a post mentions, each once and in the post's order: Discord refuses
/// `allowed_mentions.roles` with a repeated id (its schema says `uniqueItems`), and a draft
/// saved through the API, not the composer, may repeat one.
fn unique_role_ids(mentions: &[crate::post::RoleRef]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::with_capacity(mentions.len());
    for role in mentions {
        if !ids.contains(&role.id) {
            ids.push(role.id.clone());
        }
    }
    ids
}

/// The body of an edit of a message (`PATCH …/messages/{id}`): see [`DiscordMessage::as_edit`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageEdit {
    pub content: String,
    pub embeds: Vec<Embed>,
    pub components: Vec<ActionRow>,
    pub allowed_mentions: AllowedMentions,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_leaves_out_images_inside_the_network() {
        use crate::validate::Hosts;
        let body = PostBody {
            title: "Mezzanine".into(),
            image_url: "https://192.168.1.1/router.png".into(),
            ..PostBody::default()
        };
        let release = Release::default();
        let message = DiscordMessage::for_post(&body, &release, Utc::now());
        assert!(message.embeds[0].image.is_some() || message.embeds[0].thumbnail.is_some());
        let shown = message.clone().images_within(Hosts::Public);
        assert_eq!(
            (&shown.embeds[0].image, &shown.embeds[0].thumbnail),
            (&None, &None)
        );
        assert_eq!(message.clone().images_within(Hosts::Any), message);
    }

    #[test]
    fn an_edit_sends_every_field_so_removed_ones_disappear() {
        let body = PostBody {
            title: "Mezzanine".into(),
            ..PostBody::default()
        };
        let message = DiscordMessage::for_post(&body, &Release::default(), Utc::now())
            .as_forum_thread(&Release::default());
        assert_eq!(message.content, None);
        let json = serde_json::to_value(message.as_edit()).unwrap_or_default();
        assert_eq!(json["content"], "");
        assert_eq!(json["components"], serde_json::json!([]));
        assert_eq!(json["embeds"][0]["title"], "Mezzanine");
        assert_eq!(json["allowed_mentions"]["parse"], serde_json::json!([]));
        assert!(json.get("thread_name").is_none());
    }

    #[test]
    fn a_forum_thread_is_named_after_the_post_within_discords_limit() {
        let release = Release {
            title: "Mezzanine".into(),
            ..Release::default()
        };
        let mut body = PostBody {
            title: "Ü".repeat(150),
            ..PostBody::default()
        };
        let msg = DiscordMessage::for_post(&body, &release, Utc::now()).as_forum_thread(&release);
        assert_eq!(msg.thread_name.map(|n| n.chars().count()), Some(100));
        body.title = String::new();
        let msg = DiscordMessage::for_post(&body, &release, Utc::now()).as_forum_thread(&release);
        assert_eq!(msg.thread_name.as_deref(), Some("Mezzanine"));
        let plain = DiscordMessage::for_post(&body, &release, Utc::now());
        let json = serde_json::to_value(&plain).unwrap_or_default();
        assert!(
            json.get("thread_name").is_none(),
            "only forum sends name a thread"
        );
    }
    use crate::post::{EmbedField, LinkButton, RoleRef};
    use serde_json::json;

    fn at() -> DateTime<Utc> {
        DateTime::from_timestamp(1_795_899_690, 0).unwrap_or_default()
    }

    #[test]
    fn a_webhook_identity_sets_the_name_and_avatar_and_an_empty_one_nothing() {
        let body = PostBody {
            title: "Dummy".into(),
            ..PostBody::default()
        };
        let message = DiscordMessage::for_post(&body, &Release::default(), at());
        let named = message
            .clone()
            .with_identity(&crate::post::WebhookIdentity {
                username: " Release Radar ".into(),
                avatar_url: "https://example.com/r.png".into(),
            });
        let value = serde_json::to_value(&named).unwrap_or_default();
        assert_eq!(value["username"], "Release Radar");
        assert_eq!(value["avatar_url"], "https://example.com/r.png");
        let plain =
            serde_json::to_value(message.with_identity(&Default::default())).unwrap_or_default();
        assert!(plain.get("username").is_none() && plain.get("avatar_url").is_none());
    }

    #[test]
    fn builds_discords_shape() {
        let body = PostBody {
            content: "<@&42> @everyone it's out".into(),
            mentions: vec![RoleRef {
                id: "42".into(),
                name: "Releases".into(),
            }],
            title: " Blue Lines ".into(),
            url: "https://open.spotify.com/album/1".into(),
            description: "A **classic**.".into(),
            color: "#ff0000".into(),
            author: "Massive Attack".into(),
            image_url: "https://img.example/c.png".into(),
            image_style: ImageStyle::Thumbnail,
            fields: vec![EmbedField {
                name: "Label".into(),
                value: "Wild Bunch".into(),
                inline: true,
            }],
            footer: "9 tracks".into(),
            timestamp: EmbedTimestamp::Published,
            buttons: (0..6)
                .map(|i| LinkButton {
                    label: format!("B{i}"),
                    url: format!("https://x.example/{i}"),
                })
                .collect(),
            identity: Default::default(),
        };
        let value =
            serde_json::to_value(DiscordMessage::for_post(&body, &Release::default(), at()))
                .unwrap_or_default();
        assert_eq!(value["content"], "<@&42> @everyone it's out");
        assert_eq!(
            value["allowed_mentions"],
            json!({"parse": [], "roles": ["42"]})
        );
        let embed = &value["embeds"][0];
        assert_eq!(embed["title"], "Blue Lines");
        assert_eq!(embed["color"], 0xff0000);
        assert_eq!(embed["thumbnail"]["url"], "https://img.example/c.png");
        assert!(embed.get("image").is_none());
        assert_eq!(
            embed["fields"][0],
            json!({"name": "Label", "value": "Wild Bunch", "inline": true})
        );
        assert_eq!(embed["footer"]["text"], "9 tracks");
        assert_eq!(embed["timestamp"], "2026-11-28T21:01:30.000Z");
        assert_eq!(
            value["components"][0]["components"]
                .as_array()
                .map(Vec::len),
            Some(5)
        );
        assert_eq!(
            value["components"][1]["components"][0],
            json!({"type": 2, "style": 5, "label": "B5", "url": "https://x.example/5"})
        );
    }

    #[test]
    fn a_role_mentioned_twice_is_allowed_once() {
        let role = |id: &str| RoleRef {
            id: id.into(),
            name: format!("Role {id}"),
        };
        let body = PostBody {
            content: "<@&42> <@&7>".into(),
            mentions: vec![role("42"), role("7"), role("42")],
            ..PostBody::default()
        };
        let message = DiscordMessage::for_post(&body, &Release::default(), at());
        assert_eq!(message.allowed_mentions.roles, vec!["42", "7"]);
        assert_eq!(message.as_edit().allowed_mentions.roles, vec!["42", "7"]);
    }

    #[test]
    fn empty_parts_are_left_out_and_nothing_pings() {
        let body = PostBody {
            title: "T".into(),
            ..PostBody::default()
        };
        let value =
            serde_json::to_value(DiscordMessage::for_post(&body, &Release::default(), at()))
                .unwrap_or_default();
        assert_eq!(
            value,
            json!({
                "embeds": [{"title": "T", "color": DEFAULT_COLOR}],
                "allowed_mentions": {"parse": []}
            })
        );
    }
}
