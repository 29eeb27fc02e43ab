//! Built-in fakes of Discord for sandbox mode and tests. They speak the real API's shapes
//! (OAuth authorize/token, users/@me, guild member, webhooks, channel messages) and append every
//! message they accept to a JSON-lines file, so a test can count what "Discord" received even
//! after Liner was killed. Mounted under `/sandbox/discord`, or served alone by `liner fakes`.

mod bot;
mod faults;
mod messages;
mod oauth;
mod rate_limits;
mod routes;
mod webhooks;

pub use faults::{Fault, FaultRates};
pub use rate_limits::RateLimits;
pub use routes::router;

use axum::response::{IntoResponse, Response};
use liner::message::DiscordMessage;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::sandbox::identity::{
    webhook_channels, FakeChannel, FakeUser, BOT_CHANNELS, BOT_USER_ID, USERS,
};

/// Where the fakes are mounted in Liner's own router.
pub const MOUNT: &str = "/sandbox/discord";

/// How long Discord answers a repeated nonce with the message it already created ("a few
/// minutes").
pub const NONCE_WINDOW: std::time::Duration = std::time::Duration::from_secs(5 * 60);

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
    /// Refresh tokens, each good for one refresh (Discord replaces it every time).
    refresh_tokens: HashMap<String, &'static FakeUser>,
    messages: Vec<RecordedMessage>,
    faults: VecDeque<Fault>,
    rates: FaultRates,
    /// Webhooks deleted "in Discord" (by a fault), by id.
    deleted_webhooks: std::collections::HashSet<String>,
    /// Send requests received (webhook executes and bot creates), accepted or not.
    sends: u64,
    /// Members whose roles changed since the sandbox's defaults (`None`: left the guild).
    roles: HashMap<String, Option<Vec<String>>>,
    /// The bot's member lookups answer 503 (Discord unreachable for role checks).
    member_lookups_down: bool,
    /// Authorizations refreshed (`grant_type=refresh_token`).
    refreshes: u64,
    /// Each User-Agent the API was called with.
    user_agents: std::collections::BTreeSet<String>,
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

    /// Makes member lookups (the bot's and the members' own) fail (503) or work again.
    pub fn set_member_lookups_down(&self, down: bool) {
        self.lock().member_lookups_down = down;
    }

    pub(crate) fn member_lookups_down(&self) -> bool {
        self.lock().member_lookups_down
    }

    /// Ends every access token handed out so far, as their week runs out: the next use is
    /// refused (401) until the member's authorization is refreshed.
    pub fn expire_access_tokens(&self) {
        self.lock().tokens.clear();
    }

    /// The member withdraws Liner's access to their account (Discord's Authorized Apps): their
    /// tokens, access and refresh, stop working.
    pub fn withdraw_authorization(&self, user_id: &str) {
        let mut st = self.lock();
        st.tokens.retain(|_, u| u.id != user_id);
        st.refresh_tokens.retain(|_, u| u.id != user_id);
    }

    pub(crate) fn note_user_agent(&self, agent: &str) {
        let mut st = self.lock();
        if !st.user_agents.contains(agent) {
            st.user_agents.insert(agent.to_string());
        }
    }

    /// Each User-Agent the API was called with so far.
    pub fn user_agents(&self) -> Vec<String> {
        self.lock().user_agents.iter().cloned().collect()
    }

    /// How many authorizations were refreshed.
    pub fn refreshes(&self) -> u64 {
        self.lock().refreshes
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
