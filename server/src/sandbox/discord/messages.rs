//! What the fake's send, edit and delete handlers share: Discord's validation of a message body,
//! injected faults, and the answer a created or edited message gets.

use super::{discord_error, FakeDiscord, Fault, Owner, RecordedMessage, BOT_USER_ID};
use axum::response::{IntoResponse, Response};
use axum::Json;
use liner::limits::{self, discord_len};
use liner::message::DiscordMessage;
use serde::Deserialize;

/// What Discord would answer 400 (50035/50006) for.
pub(super) fn invalid_body(msg: &DiscordMessage) -> Option<&'static str> {
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
pub(super) enum AfterAccept {
    Answer,
    Status(u16),
    Drop,
}

/// Applies the next injected fault: the response to give instead of creating anything, or what
/// to do once the message is created.
pub(super) async fn suffer_fault(fake: &FakeDiscord) -> Result<AfterAccept, Response> {
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
pub(super) fn answer(
    after: AfterAccept,
    message: &RecordedMessage,
    nonce: Option<&str>,
) -> Response {
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
pub(super) struct Invalid(i64, &'static str);

impl IntoResponse for Invalid {
    fn into_response(self) -> Response {
        discord_error(400, self.0, self.1)
    }
}

/// Parses a message body as Discord validates it.
pub(super) fn parse_body<T: serde::de::DeserializeOwned>(
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

pub(super) fn message_json(m: &RecordedMessage) -> serde_json::Value {
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

/// An edit's body: every field optional; what is absent stays as it was.
#[derive(Deserialize)]
pub(super) struct EditBody {
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
pub(super) fn apply_edit(message: &mut RecordedMessage, body: &[u8]) -> Result<(), Invalid> {
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
pub(super) async fn edit_owned(
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
