//! The fake Discord's webhooks and channel messages, checking bodies against Discord's limits.

use super::{discord_error, FakeDiscord, Fault, RecordedMessage, CHANNELS};
use crate::config::sandbox;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use liner::limits::{self, discord_len};
use liner::message::DiscordMessage;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

const WEBHOOK_NAME: &str = "Liner";

fn find_webhook(id: &str, token: &str) -> Option<&'static super::FakeChannel> {
    CHANNELS
        .iter()
        .find(|c| c.webhook_id == id && c.webhook_token == token)
}

pub async fn get_webhook(Path((id, token)): Path<(String, String)>) -> Response {
    match find_webhook(&id, &token) {
        None => discord_error(404, 10015, "Unknown Webhook"),
        Some(c) => Json(serde_json::json!({
            "id": c.webhook_id,
            "type": 1,
            "guild_id": sandbox::GUILD_ID,
            "channel_id": c.channel_id,
            "name": WEBHOOK_NAME,
            "avatar": null,
            "token": c.webhook_token,
        }))
        .into_response(),
    }
}

/// What Discord would answer 400 (50035/50006) for.
fn invalid_body(msg: &DiscordMessage) -> Option<&'static str> {
    let content_len = msg.content.as_deref().map(discord_len).unwrap_or(0);
    if content_len == 0 && msg.embeds.is_empty() {
        return Some("Cannot send an empty message");
    }
    if content_len > limits::CONTENT_MAX || msg.embeds.len() > limits::EMBEDS_PER_MESSAGE_MAX {
        return Some("Invalid Form Body");
    }
    let mut total = 0;
    for e in &msg.embeds {
        let title = e.title.as_deref().map(discord_len).unwrap_or(0);
        let desc = e.description.as_deref().map(discord_len).unwrap_or(0);
        let author = e.author.as_ref().map(|a| discord_len(&a.name)).unwrap_or(0);
        if title > limits::EMBED_TITLE_MAX
            || desc > limits::EMBED_DESCRIPTION_MAX
            || author > limits::EMBED_AUTHOR_NAME_MAX
        {
            return Some("Invalid Form Body");
        }
        total += title + desc + author;
    }
    (total > limits::EMBED_TOTAL_MAX).then_some("Invalid Form Body")
}

/// Applies the next injected fault: the response to give instead, if it is one.
async fn suffer_fault(fake: &FakeDiscord) -> Option<Response> {
    match fake.take_fault()? {
        Fault::Status(status) => Some(discord_error(status, 0, "Injected failure")),
        Fault::RateLimited(after) => Some(
            (
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", format!("{}", after.ceil() as u64))],
                Json(serde_json::json!({
                    "message": "You are being rate limited.",
                    "retry_after": after,
                    "global": false,
                })),
            )
                .into_response(),
        ),
        Fault::DelayMs(ms) => {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            None
        }
    }
}

pub async fn execute(
    State(fake): State<Arc<FakeDiscord>>,
    Path((id, token)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    body: axum::body::Bytes,
) -> Response {
    let Some(channel) = find_webhook(&id, &token) else {
        return discord_error(404, 10015, "Unknown Webhook");
    };
    let limits = match fake.admit(&format!("webhooks/{id}")) {
        Ok(headers) => headers,
        Err(too_many) => return too_many.into_response(),
    };
    let mut resp = execute_admitted(&fake, channel, &query, &body).await;
    resp.headers_mut().extend(limits);
    resp
}

async fn execute_admitted(
    fake: &FakeDiscord,
    channel: &super::FakeChannel,
    query: &HashMap<String, String>,
    body: &[u8],
) -> Response {
    if let Some(failed) = suffer_fault(fake).await {
        return failed;
    }
    let Ok(msg) = serde_json::from_slice::<DiscordMessage>(body) else {
        return discord_error(400, 50035, "Invalid Form Body");
    };
    if let Some(why) = invalid_body(&msg) {
        let code = if why.starts_with("Cannot send") {
            50006
        } else {
            50035
        };
        return discord_error(400, code, why);
    }
    let recorded = fake
        .accept(RecordedMessage {
            id: String::new(),
            channel_id: channel.channel_id.into(),
            channel_name: channel.name.into(),
            webhook_id: channel.webhook_id.into(),
            username: WEBHOOK_NAME.into(),
            timestamp: chrono::Utc::now(),
            body: msg,
            deleted: false,
        })
        .await;
    if query.get("wait").map(String::as_str) != Some("true") {
        return axum::http::StatusCode::NO_CONTENT.into_response();
    }
    Json(message_json(&recorded)).into_response()
}

fn message_json(m: &RecordedMessage) -> serde_json::Value {
    serde_json::json!({
        "id": m.id,
        "type": 0,
        "channel_id": m.channel_id,
        "webhook_id": m.webhook_id,
        "author": {"id": m.webhook_id, "username": m.username, "bot": true},
        "content": m.body.content.clone().unwrap_or_default(),
        "embeds": m.body.embeds,
        "timestamp": m.timestamp.to_rfc3339(),
    })
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
    if !super::bot_authorized(&headers) {
        return discord_error(401, 0, "401: Unauthorized");
    }
    if !CHANNELS.iter().any(|c| c.channel_id == channel_id) {
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

/// `DELETE /webhooks/{id}/{token}/messages/{message_id}`: a webhook deletes its own message.
pub async fn delete_message(
    State(fake): State<Arc<FakeDiscord>>,
    Path((id, token, message_id)): Path<(String, String, String)>,
) -> Response {
    if find_webhook(&id, &token).is_none() {
        return discord_error(404, 10015, "Unknown Webhook");
    }
    if let Some(failed) = suffer_fault(&fake).await {
        return failed;
    }
    if fake.delete(&id, &message_id).await {
        axum::http::StatusCode::NO_CONTENT.into_response()
    } else {
        discord_error(404, 10008, "Unknown Message")
    }
}
