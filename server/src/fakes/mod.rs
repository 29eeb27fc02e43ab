//! Built-in fakes of Discord for sandbox mode and tests. They speak the real API's shapes
//! (OAuth authorize/token, users/@me, guild member, webhooks, channel messages) and append every
//! message they accept to a JSON-lines file, so a test can count what "Discord" received even
//! after Liner was killed. Mounted under `/sandbox/discord`, or served alone by `liner fakes`.

pub mod music;
mod oauth;
mod rate_limits;
mod webhooks;

pub use rate_limits::RateLimits;

use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use liner::message::DiscordMessage;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::config::sandbox;

/// Where the fakes are mounted in Liner's own router.
pub const MOUNT: &str = "/sandbox/discord";

/// A sandbox member on the fake authorize page.
pub struct FakeUser {
    pub key: &'static str,
    pub button: &'static str,
    pub id: &'static str,
    pub username: &'static str,
    pub global_name: &'static str,
    /// `None`: not a member of the guild.
    pub roles: Option<&'static [&'static str]>,
}

pub const USERS: [FakeUser; 5] = [
    FakeUser {
        key: "ada",
        button: "Ada (admin)",
        id: "300000000000000001",
        username: "ada",
        global_name: "Ada",
        roles: Some(&[sandbox::ADMIN_ROLE_ID]),
    },
    FakeUser {
        key: "pat",
        button: "Pat (poster)",
        id: "300000000000000002",
        username: "pat",
        global_name: "Pat",
        roles: Some(&[sandbox::POSTER_ROLE_ID]),
    },
    FakeUser {
        key: "sam",
        button: "Sam (poster)",
        id: "300000000000000005",
        username: "sam",
        global_name: "Sam",
        roles: Some(&[sandbox::POSTER_ROLE_ID]),
    },
    FakeUser {
        key: "nico",
        button: "Nico (not a member)",
        id: "300000000000000003",
        username: "nico",
        global_name: "Nico",
        roles: None,
    },
    FakeUser {
        key: "max",
        button: "Max (member without a role)",
        id: "300000000000000004",
        username: "max",
        global_name: "Max",
        roles: Some(&[]),
    },
];

/// A sandbox channel and its webhook.
pub struct FakeChannel {
    pub name: &'static str,
    /// A forum channel: its webhook only starts threads (`thread_name`).
    pub forum: bool,
    pub channel_id: &'static str,
    pub webhook_id: &'static str,
    pub webhook_token: &'static str,
}

pub const CHANNELS: [FakeChannel; 3] = [
    FakeChannel {
        name: "releases",
        forum: false,
        channel_id: "400000000000000001",
        webhook_id: "500000000000000001",
        webhook_token: "sandbox-releases-webhook-token",
    },
    FakeChannel {
        name: "announcements",
        forum: false,
        channel_id: "400000000000000002",
        webhook_id: "500000000000000002",
        webhook_token: "sandbox-announcements-webhook-token",
    },
    FakeChannel {
        name: "singles",
        forum: false,
        channel_id: "400000000000000003",
        webhook_id: "500000000000000003",
        webhook_token: "sandbox-singles-webhook-token",
    },
];

/// The sandbox's forum channel, seeded after the others.
pub const FORUM_CHANNELS: [FakeChannel; 1] = [FakeChannel {
    name: "release-threads",
    forum: true,
    channel_id: "400000000000000005",
    webhook_id: "500000000000000005",
    webhook_token: "sandbox-release-threads-webhook-token",
}];

/// Every sandbox webhook channel, forum ones included.
pub fn webhook_channels() -> impl Iterator<Item = &'static FakeChannel> {
    CHANNELS.iter().chain(FORUM_CHANNELS.iter())
}

/// A sandbox channel the bot posts to itself, without a webhook.
pub struct FakeBotChannel {
    pub name: &'static str,
    pub channel_id: &'static str,
}

pub const BOT_CHANNELS: [FakeBotChannel; 1] = [FakeBotChannel {
    name: "news",
    channel_id: "400000000000000004",
}];

/// The sandbox bot's user id (the author of its messages).
pub const BOT_USER_ID: &str = "200000000000000100";

/// How long Discord answers a repeated nonce with the message it already created ("a few
/// minutes").
pub const NONCE_WINDOW: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// A fault the next send (webhook execute, bot create message) or webhook delete suffers (for
/// tests). Also settable over HTTP: `POST /sandbox/discord/_faults` with e.g.
/// `[{"status": 400}, {"rate_limited": 0.5}, "accept_then_drop"]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// Answer with this status and a Discord-shaped error body; nothing is created.
    Status(u16),
    /// Answer 429 with this `retry_after` (seconds).
    RateLimited(f64),
    /// Wait this many milliseconds before answering normally.
    DelayMs(u64),
    /// Create the message, then answer with this status (a 5xx whose message exists).
    AcceptThenStatus(u16),
    /// Create the message, then drop the connection before the answer's body (a lost answer).
    AcceptThenDrop,
    /// The webhook is deleted in Discord: this call and every later one get 404 Unknown Webhook.
    WebhookDeleted,
}

/// Random faults on every send (for soak runs), besides any queued [`Fault`]s. Also settable
/// over HTTP: `POST /sandbox/discord/_conditions` with e.g. `{"latency_ms": 200}`.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultRates {
    /// Share of sends answered 5xx: half before the message is created, half after.
    pub server_error: f64,
    /// Share of sends whose message is created and whose answer is then lost (the connection
    /// drops, as on a timeout).
    pub lost_answer: f64,
    /// How long a send takes: half before the message is created, half after.
    pub latency_ms: u64,
}

/// A message the fake accepted, as recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordedMessage {
    pub id: String,
    pub channel_id: String,
    pub channel_name: String,
    pub webhook_id: String,
    pub username: String,
    pub timestamp: chrono::DateTime<chrono::Utc>,
    pub body: DiscordMessage,
    /// Deleted since: the channel no longer shows it, but it was received.
    #[serde(default)]
    pub deleted: bool,
    /// When it was last edited, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited: Option<chrono::DateTime<chrono::Utc>>,
}

/// Who may change a recorded message: the webhook that sent it, or the bot in its channel.
pub(crate) enum Owner<'a> {
    Webhook(&'a str),
    Bot { channel_id: &'a str },
}

impl Owner<'_> {
    fn owns(&self, m: &RecordedMessage) -> bool {
        match self {
            Owner::Webhook(id) => m.webhook_id == *id,
            Owner::Bot { channel_id } => m.webhook_id.is_empty() && m.channel_id == *channel_id,
        }
    }
}

/// Message ids the fake hands out: this plus a counter.
const FIRST_MESSAGE_ID: u64 = 600_000_000_000_000_000;

struct PendingCode {
    user: &'static FakeUser,
    redirect_uri: String,
    code_challenge: Option<String>,
}

#[derive(Default)]
struct State {
    codes: HashMap<String, PendingCode>,
    tokens: HashMap<String, &'static FakeUser>,
    messages: Vec<RecordedMessage>,
    faults: VecDeque<Fault>,
    rates: FaultRates,
    /// Webhooks deleted "in Discord" (by a fault), by id.
    deleted_webhooks: std::collections::HashSet<String>,
    /// Send requests received (webhook executes and bot creates), accepted or not.
    sends: u64,
    /// Members whose roles changed since the sandbox's defaults (`None`: left the guild).
    roles: HashMap<String, Option<Vec<String>>>,
    /// (channel id, nonce) → the message it created, and when.
    nonces: HashMap<(String, String), (String, std::time::Instant)>,
    limiter: rate_limits::Limiter,
    next_id: u64,
}

/// The fake Discord's state, shared by its handlers.
pub struct FakeDiscord {
    state: Mutex<State>,
    record: Option<PathBuf>,
}

impl FakeDiscord {
    /// A fake that appends accepted messages to `record` (and starts from what it holds). The
    /// record is a log: a message's later line (it was deleted) replaces its earlier one.
    pub fn new(record: Option<PathBuf>) -> Arc<FakeDiscord> {
        let messages = record.as_deref().map(read_record).unwrap_or_default();
        let last = messages
            .iter()
            .filter_map(|m| m.id.parse::<u64>().ok())
            .map(|id| id.saturating_sub(FIRST_MESSAGE_ID))
            .max()
            .unwrap_or(0);
        let state = State {
            next_id: last + 1,
            messages,
            ..State::default()
        };
        Arc::new(FakeDiscord {
            state: Mutex::new(state),
            record,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking handler cannot leave the maps half-updated in a way that matters here.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Makes the next webhook executions fail as given, in order.
    pub fn inject(&self, faults: impl IntoIterator<Item = Fault>) {
        self.lock().faults.extend(faults);
    }

    /// Enforces these limits from now on (tests use short windows).
    pub fn set_rate_limits(&self, limits: RateLimits) {
        self.lock().limiter.set(limits);
    }

    /// Requests that arrived while their bucket or the global limit was exhausted.
    pub fn violations(&self) -> u64 {
        self.lock().limiter.violations()
    }

    /// Admits a request on a rate-limited route: the headers to answer with, or the 429.
    fn admit(&self, route: &str) -> Result<rate_limits::Headers, rate_limits::TooMany> {
        self.lock().limiter.admit(route, std::time::Instant::now())
    }

    /// Every message accepted so far, oldest first.
    pub fn messages(&self) -> Vec<RecordedMessage> {
        self.lock().messages.clone()
    }

    /// Changes a member's roles in the guild (`None`: the member left).
    pub fn set_member_roles(&self, user_id: &str, roles: Option<Vec<String>>) {
        self.lock().roles.insert(user_id.to_string(), roles);
    }

    /// A member's roles now, `None` when not a member.
    fn roles_of(&self, u: &FakeUser) -> Option<Vec<String>> {
        match self.lock().roles.get(u.id) {
            Some(changed) => changed.clone(),
            None => u.roles.map(|r| r.iter().map(|s| s.to_string()).collect()),
        }
    }

    /// Send requests received so far (webhook executes and bot creates), accepted or not.
    pub fn sends(&self) -> u64 {
        self.lock().sends
    }

    fn count_send(&self) {
        self.lock().sends += 1;
    }

    fn delete_webhook(&self, id: &str) {
        self.lock().deleted_webhooks.insert(id.to_string());
    }

    /// Takes the next fault if it deletes the webhook.
    fn take_webhook_deleted(&self) -> bool {
        let mut st = self.lock();
        let next = matches!(st.faults.front(), Some(Fault::WebhookDeleted));
        if next {
            st.faults.pop_front();
        }
        next
    }

    fn webhook_deleted(&self, id: &str) -> bool {
        self.lock().deleted_webhooks.contains(id)
    }

    /// Applies these random faults to every send from now on.
    pub fn set_fault_rates(&self, rates: FaultRates) {
        self.lock().rates = rates;
    }

    fn take_fault(&self) -> Option<Fault> {
        let mut st = self.lock();
        if let Some(f) = st.faults.pop_front() {
            return Some(f);
        }
        let rates = st.rates;
        drop(st);
        if rates.server_error <= 0.0 && rates.lost_answer <= 0.0 {
            return None;
        }
        // Uniform in [0, 1) from the OS's randomness (uuid already has it; no rand crate). The
        // low 53 bits of a v4 UUID are all random (its fixed version and variant bits are higher).
        let bits = uuid::Uuid::new_v4().as_u128() & ((1u128 << 53) - 1);
        let roll = bits as f64 / (1u64 << 53) as f64;
        if roll < rates.server_error / 2.0 {
            Some(Fault::Status(500))
        } else if roll < rates.server_error {
            Some(Fault::AcceptThenStatus(500))
        } else if roll < rates.server_error + rates.lost_answer {
            Some(Fault::AcceptThenDrop)
        } else {
            None
        }
    }

    /// Records a message. With a nonce (`enforce_nonce`), a repeat within [`NONCE_WINDOW`]
    /// gets the message the first one created, and nothing new is recorded.
    async fn accept(
        &self,
        mut msg: RecordedMessage,
        nonce: Option<&str>,
    ) -> (RecordedMessage, bool) {
        let now = std::time::Instant::now();
        {
            let mut st = self.lock();
            let key = nonce.map(|n| (msg.channel_id.clone(), n.to_string()));
            if let Some(key) = &key {
                let earlier = st
                    .nonces
                    .get(key)
                    .filter(|(_, at)| now.duration_since(*at) < NONCE_WINDOW)
                    .map(|(id, _)| id.clone());
                if let Some(found) = earlier.and_then(|id| st.messages.iter().find(|m| m.id == id))
                {
                    return (found.clone(), true);
                }
            }
            msg.id = format!("{}", FIRST_MESSAGE_ID + st.next_id);
            st.next_id += 1;
            st.messages.push(msg.clone());
            if let Some(key) = key {
                st.nonces.insert(key, (msg.id.clone(), now));
            }
        }
        self.persist(&msg).await;
        (msg, false)
    }

    /// Changes a message `owner` may change, unless `change` refuses; `Ok(None)` when there is
    /// no such message (or it was deleted).
    async fn change<E>(
        &self,
        owner: Owner<'_>,
        message_id: &str,
        change: impl FnOnce(&mut RecordedMessage) -> Result<(), E>,
    ) -> Result<Option<RecordedMessage>, E> {
        let changed = {
            let mut st = self.lock();
            let Some(found) = st
                .messages
                .iter_mut()
                .find(|m| m.id == message_id && owner.owns(m) && !m.deleted)
            else {
                return Ok(None);
            };
            let mut copy = found.clone();
            change(&mut copy)?;
            *found = copy.clone();
            copy
        };
        self.persist(&changed).await;
        Ok(Some(changed))
    }

    /// Marks a message deleted; `false` when `owner` has no such message.
    async fn delete(&self, owner: Owner<'_>, message_id: &str) -> bool {
        let deleted = self
            .change(owner, message_id, |m| {
                m.deleted = true;
                Ok::<(), ()>(())
            })
            .await;
        matches!(deleted, Ok(Some(_)))
    }

    async fn persist(&self, msg: &RecordedMessage) {
        if let Some(path) = self.record.clone() {
            // Off the async threads, and not under the lock. One write per line keeps lines
            // whole when two messages are recorded at once.
            let line = format!("{}\n", serde_json::to_string(&msg).unwrap_or_default());
            let written = tokio::task::spawn_blocking(move || {
                let mut file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)?;
                file.write_all(line.as_bytes())?;
                file.sync_data()
            })
            .await;
            if !matches!(written, Ok(Ok(()))) {
                tracing::warn!("the fake Discord could not record a message");
            }
        }
    }
}

/// The messages a record file holds, oldest first; a message's later line (it was deleted)
/// replaces its earlier one. A missing file or a torn last line reads as what is whole.
pub fn read_record(path: &std::path::Path) -> Vec<RecordedMessage> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut messages: Vec<RecordedMessage> = Vec::new();
    for line in text.lines() {
        let Ok(msg) = serde_json::from_str::<RecordedMessage>(line) else {
            continue;
        };
        match messages.iter_mut().find(|m| m.id == msg.id) {
            Some(earlier) => *earlier = msg,
            None => messages.push(msg),
        }
    }
    messages
}

/// The fake Discord's routes, relative to [`MOUNT`].
pub fn router<S: Clone + Send + Sync + 'static>(fake: Arc<FakeDiscord>) -> Router<S> {
    Router::new()
        .route(
            "/oauth2/authorize",
            get(oauth::authorize_page).post(oauth::approve),
        )
        .route("/api/oauth2/token", post(oauth::token))
        .route("/api/v10/oauth2/token", post(oauth::token))
        .route("/api/v10/users/@me", get(oauth::current_user))
        .route(
            "/api/v10/users/@me/guilds/{guild_id}/member",
            get(oauth::guild_member),
        )
        .route(
            "/api/v10/webhooks/{id}/{token}",
            get(webhooks::get_webhook).post(webhooks::execute),
        )
        .route(
            "/api/v10/webhooks/{id}/{token}/messages/{message_id}",
            delete(webhooks::delete_message).patch(webhooks::edit_message),
        )
        .route(
            "/api/v10/channels/{id}/messages",
            get(webhooks::channel_messages).post(webhooks::create_message),
        )
        .route(
            "/api/v10/channels/{id}/messages/{message_id}",
            delete(webhooks::bot_delete_message).patch(webhooks::bot_edit_message),
        )
        .route("/api/v10/guilds/{guild_id}/roles", get(guild_roles))
        .route(
            "/api/v10/guilds/{guild_id}/members/{user_id}",
            get(oauth::member_by_id),
        )
        .route("/_faults", post(inject_faults))
        .route("/_conditions", post(set_conditions))
        .with_state(fake)
}

/// Whether a request carries the sandbox bot's token.
fn bot_authorized(headers: &HeaderMap) -> bool {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bot "))
        .is_some_and(|token| token == sandbox::BOT_TOKEN)
}

/// The sandbox guild's roles: `@everyone` (its id is the guild's), the sign-in roles, the roles
/// a post can mention, and the bot's own integration role.
async fn guild_roles(
    axum::extract::Path(guild_id): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    if !bot_authorized(&headers) {
        return discord_error(401, 0, "401: Unauthorized");
    }
    if guild_id != sandbox::GUILD_ID {
        return discord_error(404, 10004, "Unknown Guild");
    }
    let role = |id: &str, name: &str, position: usize, managed: bool| {
        serde_json::json!({
            "id": id, "name": name, "color": 0, "hoist": false, "icon": null,
            "unicode_emoji": null, "position": position, "permissions": "0",
            "managed": managed, "mentionable": !managed, "flags": 0,
        })
    };
    let mut roles = vec![
        role(sandbox::GUILD_ID, "@everyone", 0, false),
        role(sandbox::ADMIN_ROLE_ID, "Admins", 5, false),
        role(sandbox::POSTER_ROLE_ID, "Posters", 4, false),
        role("200000000000000099", "Liner", 6, true),
    ];
    for (i, (id, name)) in sandbox::MENTION_ROLES.iter().enumerate() {
        roles.push(role(id, name, sandbox::MENTION_ROLES.len() - i, false));
    }
    axum::Json(roles).into_response()
}

/// `POST /_faults`: queue faults for the next webhook executions.
async fn inject_faults(
    axum::extract::State(fake): axum::extract::State<Arc<FakeDiscord>>,
    axum::Json(faults): axum::Json<Vec<Fault>>,
) -> axum::http::StatusCode {
    fake.inject(faults);
    axum::http::StatusCode::NO_CONTENT
}

/// `POST /_conditions`: random faults and latency on every send from now on.
async fn set_conditions(
    axum::extract::State(fake): axum::extract::State<Arc<FakeDiscord>>,
    axum::Json(rates): axum::Json<FaultRates>,
) -> axum::http::StatusCode {
    fake.set_fault_rates(rates);
    axum::http::StatusCode::NO_CONTENT
}

impl FakeDiscord {
    /// Half the configured latency: spent before a send is looked at, and again before a
    /// created message's answer leaves.
    async fn half_latency(&self) {
        let ms = self.lock().rates.latency_ms / 2;
        if ms > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        }
    }
}

/// A Discord-shaped error response.
fn discord_error(status: u16, code: i64, message: &str) -> Response {
    let status = axum::http::StatusCode::from_u16(status)
        .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        axum::Json(serde_json::json!({"message": message, "code": code})),
    )
        .into_response()
}
