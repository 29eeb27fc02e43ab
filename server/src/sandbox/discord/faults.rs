//! Faults the fake Discord can be told to suffer, one at a time or as random rates.

use serde::Deserialize;

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
