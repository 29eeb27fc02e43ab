//! The fake Discord's webhooks and channel messages, checking bodies against Discord's limits.

use super::{discord_error, FakeDiscord, Fault, Owner, RecordedMessage, BOT_CHANNELS, BOT_USER_ID};
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
/// The sandbox bot's name.
const BOT_NAME: &str = "Liner";

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
    match find_webhook(&fake, &id, &token) {
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

/// What happens after a message is created: answered normally, or as a fault says.
enum AfterAccept {
    Answer,
    Status(u16),
    Drop,
}

/// Applies the next injected fault: the response to give instead of creating anything, or what
/// to do once the message is created.
async fn suffer_fault(fake: &FakeDiscord) -> Result<AfterAccept, Response> {
    fake.half_latency().await;
    match fake.take_fault() {
        None => Ok(AfterAccept::Answer),
        Some(Fault::Status(status)) => Err(discord_error(status, 0, "Injected failure")),
        Some(Fault::RateLimited(after)) => Err((
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", format!("{}", after.ceil() as u64))],
            Json(serde_json::json!({
                "message": "You are being rate limited.",
                "retry_after": after,
                "global": false,
            })),
        )
            .into_response()),
        Some(Fault::DelayMs(ms)) => {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            Ok(AfterAccept::Answer)
        }
        Some(Fault::AcceptThenStatus(status)) => Ok(AfterAccept::Status(status)),
        Some(Fault::AcceptThenDrop) => Ok(AfterAccept::Drop),
        Some(Fault::WebhookDeleted) => Err(discord_error(404, 10015, "Unknown Webhook")),
    }
}

/// The answer to a created message, unless a fault loses it.
fn answer(after: AfterAccept, message: &RecordedMessage, nonce: Option<&str>) -> Response {
    match after {
        AfterAccept::Answer => {
            let mut json = message_json(message);
            if let Some(n) = nonce {
                json["nonce"] = serde_json::Value::from(n);
            }
            Json(json).into_response()
        }
        AfterAccept::Status(status) => discord_error(status, 0, "Injected failure"),
        AfterAccept::Drop => {
            // Headers go out, then the body fails: the client loses the answer mid-read.
            let body = futures_util::stream::once(async {
                Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other(
                    "connection dropped",
                ))
            });
            Response::new(axum::body::Body::from_stream(body))
        }
    }
}

/// Why Discord would answer 400: its error code and message.
struct Invalid(i64, &'static str);

impl IntoResponse for Invalid {
    fn into_response(self) -> Response {
        discord_error(400, self.0, self.1)
    }
}

/// Parses a message body as Discord validates it.
fn parse_body<T: serde::de::DeserializeOwned>(
    body: &[u8],
    message: impl Fn(&T) -> &DiscordMessage,
) -> Result<T, Invalid> {
    let Ok(parsed) = serde_json::from_slice::<T>(body) else {
        return Err(Invalid(50035, "Invalid Form Body"));
    };
    if let Some(why) = invalid_body(message(&parsed)) {
        let code = if why.starts_with("Cannot send") {
            50006
        } else {
            50035
        };
        return Err(Invalid(code, why));
    }
    Ok(parsed)
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
                username: WEBHOOK_NAME.into(),
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
    if !super::bot_authorized(&headers) {
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

fn message_json(m: &RecordedMessage) -> serde_json::Value {
    let author = if m.webhook_id.is_empty() {
        serde_json::json!({"id": BOT_USER_ID, "username": m.username, "bot": true})
    } else {
        serde_json::json!({"id": m.webhook_id, "username": m.username, "bot": true})
    };
    let mut json = serde_json::json!({
        "id": m.id,
        "type": 0,
        "channel_id": m.channel_id,
        "author": author,
        "content": m.body.content.clone().unwrap_or_default(),
        "embeds": m.body.embeds,
        "timestamp": m.timestamp.to_rfc3339(),
    });
    if !m.webhook_id.is_empty() {
        json["webhook_id"] = serde_json::Value::from(m.webhook_id.clone());
    }
    json["edited_timestamp"] = m
        .edited
        .map(|t| serde_json::Value::from(t.to_rfc3339()))
        .unwrap_or_default();
    json
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

/// An edit's body: every field optional; what is absent stays as it was.
#[derive(Deserialize)]
struct EditBody {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    embeds: Option<Vec<liner::message::Embed>>,
    #[serde(default)]
    components: Option<Vec<liner::message::ActionRow>>,
    #[serde(default)]
    allowed_mentions: Option<liner::message::AllowedMentions>,
    /// Not editable: a thread is renamed through the channel, not its first message.
    #[serde(default)]
    thread_name: Option<String>,
}

/// Applies an edit as Discord does, refusing what would make the message invalid.
fn apply_edit(message: &mut RecordedMessage, body: &[u8]) -> Result<(), Invalid> {
    let Ok(edit) = serde_json::from_slice::<EditBody>(body) else {
        return Err(Invalid(50035, "Invalid Form Body"));
    };
    if edit.thread_name.is_some() {
        return Err(Invalid(50035, "Invalid Form Body"));
    }
    let mut next = message.body.clone();
    if let Some(content) = edit.content {
        next.content = (!content.is_empty()).then_some(content);
    }
    if let Some(embeds) = edit.embeds {
        next.embeds = embeds;
    }
    if let Some(components) = edit.components {
        next.components = components;
    }
    if let Some(mentions) = edit.allowed_mentions {
        next.allowed_mentions = mentions;
    }
    if let Some(why) = invalid_body(&next) {
        let code = if why.starts_with("Cannot send") {
            50006
        } else {
            50035
        };
        return Err(Invalid(code, why));
    }
    message.body = next;
    message.edited = Some(chrono::Utc::now());
    Ok(())
}

/// Edits a message `owner` may change, with the route's rate limit and any injected fault.
async fn edit_owned(
    fake: &FakeDiscord,
    route: &str,
    owner: Owner<'_>,
    message_id: &str,
    body: &[u8],
) -> Response {
    let limits = match fake.admit(route) {
        Ok(headers) => headers,
        Err(too_many) => return too_many.into_response(),
    };
    let mut resp = match suffer_fault(fake).await {
        Err(failed) => failed,
        Ok(after) => match fake
            .change(owner, message_id, |m| apply_edit(m, body))
            .await
        {
            Err(invalid) => invalid.into_response(),
            Ok(None) => discord_error(404, 10008, "Unknown Message"),
            Ok(Some(edited)) => answer(after, &edited, None),
        },
    };
    resp.headers_mut().extend(limits);
    resp
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
    if !super::bot_authorized(headers) {
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
