//! The bot's side of the fake: creating messages with a nonce, listing a channel's messages,
//! and editing or deleting the bot's own.

use super::messages::{answer, edit_owned, message_json, parse_body, suffer_fault};
use super::{discord_error, FakeDiscord, Owner, RecordedMessage, BOT_CHANNELS};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use liner::message::DiscordMessage;
use serde::Deserialize;
use std::sync::Arc;

/// The sandbox bot's name.
const BOT_NAME: &str = "Liner";

/// A bot's create-message body: the message plus its nonce.
#[derive(Deserialize)]
struct BotBody {
    #[serde(flatten)]
    message: DiscordMessage,
    #[serde(default)]
    nonce: Option<serde_json::Value>,
    #[serde(default)]
    enforce_nonce: bool,
}

/// A channel the fake knows: (id, name).
fn find_channel(channel_id: &str) -> Option<(&'static str, &'static str)> {
    super::webhook_channels()
        .map(|c| (c.channel_id, c.name))
        .chain(BOT_CHANNELS.iter().map(|c| (c.channel_id, c.name)))
        .find(|(id, _)| *id == channel_id)
}

/// `POST /channels/{id}/messages` as the bot, honouring `nonce` + `enforce_nonce`.
pub async fn create_message(
    State(fake): State<Arc<FakeDiscord>>,
    Path(channel_id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    fake.count_send();
    if !super::routes::bot_authorized(&headers) {
        return discord_error(401, 0, "401: Unauthorized");
    }
    let Some((channel_id, channel_name)) = find_channel(&channel_id) else {
        return discord_error(404, 10003, "Unknown Channel");
    };
    let limits = match fake.admit(&format!("channels/{channel_id}")) {
        Ok(headers) => headers,
        Err(too_many) => return too_many.into_response(),
    };
    let mut resp = create_admitted(&fake, channel_id, channel_name, &body).await;
    resp.headers_mut().extend(limits);
    resp
}

async fn create_admitted(
    fake: &FakeDiscord,
    channel_id: &'static str,
    channel_name: &'static str,
    body: &[u8],
) -> Response {
    let after = match suffer_fault(fake).await {
        Ok(after) => after,
        Err(failed) => return failed,
    };
    match parse_body::<BotBody>(body, |b| &b.message) {
        Err(invalid) => invalid.into_response(),
        Ok(b) => {
            // Discord takes an integer or a string of at most 25 characters.
            let nonce = match &b.nonce {
                None => None,
                Some(serde_json::Value::String(s)) if s.len() <= 25 => Some(s.clone()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                Some(_) => return discord_error(400, 50035, "Invalid Form Body"),
            };
            let (recorded, _) = fake
                .accept(
                    RecordedMessage {
                        id: String::new(),
                        channel_id: channel_id.into(),
                        channel_name: channel_name.into(),
                        webhook_id: String::new(),
                        username: BOT_NAME.into(),
                        timestamp: chrono::Utc::now(),
                        body: b.message,
                        deleted: false,
                        edited: None,
                    },
                    nonce.as_deref().filter(|_| b.enforce_nonce),
                )
                .await;
            fake.half_latency().await;
            answer(after, &recorded, nonce.as_deref())
        }
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    limit: Option<usize>,
}

pub async fn channel_messages(
    State(fake): State<Arc<FakeDiscord>>,
    Path(channel_id): Path<String>,
    Query(q): Query<ListQuery>,
    headers: HeaderMap,
) -> Response {
    if !super::routes::bot_authorized(&headers) {
        return discord_error(401, 0, "401: Unauthorized");
    }
    if find_channel(&channel_id).is_none() {
        return discord_error(404, 10003, "Unknown Channel");
    }
    let limit = q.limit.unwrap_or(50).clamp(1, 100);
    let list: Vec<_> = fake
        .messages()
        .iter()
        .rev()
        .filter(|m| m.channel_id == channel_id && !m.deleted)
        .take(limit)
        .map(message_json)
        .collect();
    Json(list).into_response()
}

/// `PATCH /channels/{id}/messages/{message_id}`: the bot edits its own message.
pub async fn bot_edit_message(
    State(fake): State<Arc<FakeDiscord>>,
    Path((channel_id, message_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Some(refused) = bot_may_touch(&fake, &headers, &channel_id, &message_id, Touch::Edit) {
        return refused;
    }
    let route = format!("channels/{channel_id}/messages/edit");
    let owner = Owner::Bot {
        channel_id: &channel_id,
    };
    edit_owned(&fake, &route, owner, &message_id, &body).await
}

/// `DELETE /channels/{id}/messages/{message_id}`: the bot deletes its own message.
pub async fn bot_delete_message(
    State(fake): State<Arc<FakeDiscord>>,
    Path((channel_id, message_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = bot_may_touch(&fake, &headers, &channel_id, &message_id, Touch::Delete) {
        return refused;
    }
    if let Err(failed) = suffer_fault(&fake).await {
        return failed;
    }
    let owner = Owner::Bot {
        channel_id: &channel_id,
    };
    if fake.delete(owner, &message_id).await {
        axum::http::StatusCode::NO_CONTENT.into_response()
    } else {
        discord_error(404, 10008, "Unknown Message")
    }
}

enum Touch {
    Edit,
    Delete,
}

/// Discord's refusal of a bot call on a message: no bot token, no such channel, or another
/// author's message (the sandbox bot may not edit those, nor delete them without Manage
/// Messages).
fn bot_may_touch(
    fake: &FakeDiscord,
    headers: &HeaderMap,
    channel_id: &str,
    message_id: &str,
    touch: Touch,
) -> Option<Response> {
    if !super::routes::bot_authorized(headers) {
        return Some(discord_error(401, 0, "401: Unauthorized"));
    }
    if find_channel(channel_id).is_none() {
        return Some(discord_error(404, 10003, "Unknown Channel"));
    }
    if !others_message(fake, channel_id, message_id) {
        return None;
    }
    Some(match touch {
        Touch::Edit => discord_error(403, 50005, "Cannot edit a message authored by another user"),
        Touch::Delete => discord_error(403, 50013, "Missing Permissions"),
    })
}

/// Whether the message is in the channel but was not sent by the bot itself.
fn others_message(fake: &FakeDiscord, channel_id: &str, message_id: &str) -> bool {
    fake.messages()
        .iter()
        .any(|m| m.id == message_id && m.channel_id == channel_id && !m.webhook_id.is_empty())
}
