//! The fake Discord's webhooks: looking one up, executing it (checking the body as Discord
//! does, forum threads included), and editing or deleting its own messages.

use super::messages::{answer, edit_owned, parse_body, suffer_fault};
use super::{discord_error, FakeDiscord, Owner, RecordedMessage};
use crate::config::sandbox;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use liner::message::DiscordMessage;
use std::collections::HashMap;
use std::sync::Arc;

const WEBHOOK_NAME: &str = "Liner";

/// The sandbox webhook with this id and token, unless it was deleted.
fn find_webhook(fake: &FakeDiscord, id: &str, token: &str) -> Option<&'static super::FakeChannel> {
    super::webhook_channels()
        .find(|c| c.webhook_id == id && c.webhook_token == token)
        .filter(|c| !fake.webhook_deleted(c.webhook_id))
}

pub async fn get_webhook(
    State(fake): State<Arc<FakeDiscord>>,
    Path((id, token)): Path<(String, String)>,
) -> Response {
    let other = &crate::sandbox::identity::OTHER_GUILD_WEBHOOK;
    let (found, guild) = if other.webhook_id == id && other.webhook_token == token {
        (Some(other), crate::sandbox::identity::OTHER_GUILD_ID)
    } else {
        (find_webhook(&fake, &id, &token), sandbox::GUILD_ID)
    };
    match found {
        None => discord_error(404, 10015, "Unknown Webhook"),
        Some(c) => Json(serde_json::json!({
            "id": c.webhook_id,
            "type": 1,
            "guild_id": guild,
            "channel_id": c.channel_id,
            "name": WEBHOOK_NAME,
            "avatar": null,
            "token": c.webhook_token,
        }))
        .into_response(),
    }
}

pub async fn execute(
    State(fake): State<Arc<FakeDiscord>>,
    Path((id, token)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    body: axum::body::Bytes,
) -> Response {
    fake.count_send();
    let Some(channel) = find_webhook(&fake, &id, &token) else {
        return discord_error(404, 10015, "Unknown Webhook");
    };
    if fake.take_webhook_deleted() {
        fake.delete_webhook(&id);
        return discord_error(404, 10015, "Unknown Webhook");
    }
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
    let after = match suffer_fault(fake).await {
        Ok(after) => after,
        Err(failed) => return failed,
    };
    let msg = match parse_body::<DiscordMessage>(body, |m| m) {
        Ok(m) => m,
        Err(invalid) => return invalid.into_response(),
    };
    let thread = msg.thread_name.is_some() || query.contains_key("thread_id");
    if channel.forum && !thread {
        return discord_error(
            400,
            220001,
            "Webhooks posted to forum channels must have a thread_name or thread_id",
        );
    }
    if !channel.forum && msg.thread_name.is_some() {
        return discord_error(
            400,
            220003,
            "Webhooks can only create threads in forum channels",
        );
    }
    let (recorded, _) = fake
        .accept(
            RecordedMessage {
                id: String::new(),
                channel_id: channel.channel_id.into(),
                channel_name: channel.name.into(),
                webhook_id: channel.webhook_id.into(),
                username: msg.username.clone().unwrap_or_else(|| WEBHOOK_NAME.into()),
                timestamp: chrono::Utc::now(),
                body: msg,
                deleted: false,
                edited: None,
            },
            None,
        )
        .await;
    fake.half_latency().await;
    if query.get("wait").map(String::as_str) != Some("true") {
        return axum::http::StatusCode::NO_CONTENT.into_response();
    }
    answer(after, &recorded, None)
}

/// `DELETE /webhooks/{id}/{token}/messages/{message_id}[?thread_id=]`: a webhook deletes its
/// own message.
pub async fn delete_message(
    State(fake): State<Arc<FakeDiscord>>,
    Path((id, token, message_id)): Path<(String, String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(channel) = find_webhook(&fake, &id, &token) else {
        return discord_error(404, 10015, "Unknown Webhook");
    };
    if let Err(failed) = suffer_fault(&fake).await {
        return failed;
    }
    if !in_its_thread(channel, &query, &message_id) {
        return discord_error(404, 10008, "Unknown Message");
    }
    if fake.delete(Owner::Webhook(&id), &message_id).await {
        axum::http::StatusCode::NO_CONTENT.into_response()
    } else {
        discord_error(404, 10008, "Unknown Message")
    }
}

/// Whether a call names the message where it is: a forum post's message is in the thread it
/// started (whose id is the message's), which the webhook must be told with `thread_id`.
fn in_its_thread(
    channel: &super::FakeChannel,
    query: &HashMap<String, String>,
    message_id: &str,
) -> bool {
    match query.get("thread_id") {
        Some(thread) => thread == message_id,
        None => !channel.forum,
    }
}

/// `PATCH /webhooks/{id}/{token}/messages/{message_id}[?thread_id=]`: a webhook edits its own
/// message.
pub async fn edit_message(
    State(fake): State<Arc<FakeDiscord>>,
    Path((id, token, message_id)): Path<(String, String, String)>,
    Query(query): Query<HashMap<String, String>>,
    body: axum::body::Bytes,
) -> Response {
    let Some(channel) = find_webhook(&fake, &id, &token) else {
        return discord_error(404, 10015, "Unknown Webhook");
    };
    if !in_its_thread(channel, &query, &message_id) {
        return discord_error(404, 10008, "Unknown Message");
    }
    let route = format!("webhooks/{id}/messages");
    edit_owned(&fake, &route, Owner::Webhook(&id), &message_id, &body).await
}
