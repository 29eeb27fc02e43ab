//! The publish job: claims one post at one schedule revision, sends it, records Discord's answer.
//!
//! Idempotent: the claim is a compare-and-set from `scheduled` at the job's revision, so a second
//! run, or a job for an older schedule, finds nothing to claim and does nothing.

use crate::db::attempts::{self, AttemptOutcome};
use crate::db::posts::{self, Outcome, Post};
use crate::db::{channels, now_ms};
use crate::discord::{DiscordError, SendLog, SendTarget, SentMessage};
use crate::state::Shared;
use apalis::prelude::{BoxDynError, Data};
use liner::message::DiscordMessage;
use liner::Check;
use liner::{PostId, UserId};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;

/// Ids only: the row is read when the job runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishPost {
    pub post_id: PostId,
    pub schedule_rev: i64,
}

impl PublishPost {
    pub fn idempotency_key(&self) -> String {
        format!("post:{}:{}", self.post_id, self.schedule_rev)
    }

    /// The key of the job queued for the post again after a restart (`boot` tells boots
    /// apart): not a duplicate of a job the previous process had fetched and still holds.
    pub fn restart_key(&self, boot: i64) -> String {
        format!("{}:boot-{boot}", self.idempotency_key())
    }
}

/// A job whose channel's bucket is exhausted for longer than this steps aside until it refills.
const STEP_ASIDE_AFTER: Duration = Duration::from_millis(500);

fn job_key(post_id: PostId, schedule_rev: i64) -> String {
    PublishPost {
        post_id,
        schedule_rev,
    }
    .idempotency_key()
}

/// How long the post's send would wait for its channel's rate limit now; `None` when the post
/// is not due for this job (it will claim nothing) or its channel cannot be read.
async fn bucket_wait(state: &Shared, post_id: PostId, schedule_rev: i64) -> Option<Duration> {
    let found = state
        .db
        .run(move |c| {
            let Some(post) = posts::find(c, post_id.0)? else {
                return Ok(None);
            };
            if post.status() != liner::PostStatus::Scheduled || post.schedule_rev != schedule_rev {
                return Ok(None);
            }
            Ok(match post.channel_id {
                Some(id) => channels::find(c, id)?,
                None => None,
            })
        })
        .await
        .ok()??;
    if found.is_bot() {
        return Some(
            state
                .discord
                .send_wait(SendTarget::Channel(&found.discord_channel_id)),
        );
    }
    let url = state.webhook_url(&found).ok()?;
    Some(state.discord.send_wait(SendTarget::Webhook(&url)))
}

/// Tries per send when Discord proves nothing was created (connection refused, 429).
const MAX_TRIES: u32 = 5;

/// A post this late when claimed says so once published.
const LATE_NOTICE_MS: i64 = 60_000;

/// "7 min", "2 h", "3 h 5 min".
fn late_by(ms: i64) -> String {
    let minutes = ms / 60_000;
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// Why a post too late to send was not sent.
fn missed(due_ms: i64, grace: Duration) -> String {
    let due = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(due_ms).unwrap_or_default();
    format!(
        "Missed its time: it was due {} UTC, and Liner could not send it within {} of that. Retry to send it now.",
        due.format("%Y-%m-%d %H:%M"),
        late_by(grace.as_millis() as i64)
    )
}

/// Publishes the post if this run wins the claim; safe to run any number of times.
pub async fn run(job: PublishPost, state: Data<Arc<Shared>>) -> Result<(), BoxDynError> {
    let state: Arc<Shared> = (*state).clone();
    let PublishPost {
        post_id,
        schedule_rev,
    } = job;
    if let Some(wait) = bucket_wait(&state, post_id, schedule_rev).await {
        if wait > STEP_ASIDE_AFTER {
            // Waiting here would hold a worker that posts to other channels need.
            let until = now_ms() + wait.as_millis() as i64;
            let key = format!("{}:after-{until}", job_key(post_id, schedule_rev));
            let job = PublishPost {
                post_id,
                schedule_rev,
            };
            state.queue.enqueue_keyed(job, until, key).await?;
            metrics::counter!("liner_publish_deferred_total").increment(1);
            tracing::debug!(post.id = %post_id, ?wait, "channel's rate limit exhausted; job deferred");
            return Ok(());
        }
    }
    let now = now_ms();
    let claimed = state
        .db
        .run(move |c| Ok(posts::claim(c, post_id.0, schedule_rev, now)?))
        .await?;
    let Some(post) = claimed else {
        tracing::info!(post.id = %post_id, schedule_rev, "nothing to publish (stale or already claimed)");
        return Ok(());
    };
    notify(&state, &post).await;
    let due = post.scheduled_at.unwrap_or(now);
    let late_ms = now.saturating_sub(due).max(0);
    let outcome = match load_channel(&state, &post).await {
        Err(why) => Sent::Failed(why),
        Ok(channel) => {
            if let Some(settled) = settle_earlier_send(&state, &post, &channel).await {
                settled
            } else if late_ms > state.late_grace.as_millis() as i64 {
                Sent::Failed(missed(due, state.late_grace))
            } else if let Some(why) = super::sender_check::sender_may_not_post(&state, &post).await
            {
                // Failed, not "needs review": nothing went out, so there is nothing to look for
                // in the channel (and "It arrived" would record a message that does not exist).
                Sent::Failed(why)
            } else {
                send(&state, &post, &channel).await
            }
        }
    };
    let (label, reason) = match &outcome {
        Sent::Published(_) => ("published", None),
        Sent::Failed(r) => ("failed", Some(r.clone())),
        Sent::NeedsReview(r) => ("needs_review", Some(r.clone())),
    };
    if matches!(outcome, Sent::Published(_)) {
        let latency = (now_ms().saturating_sub(due)).max(0) as f64 / 1000.0;
        metrics::histogram!("liner_publish_latency_seconds").record(latency);
    }
    let notice = (late_ms >= LATE_NOTICE_MS).then(|| {
        format!(
            "Published {} after its time (Liner was busy or not running).",
            late_by(late_ms)
        )
    });
    let finished = record_outcome(&state, post_id, outcome, notice).await?;
    metrics::counter!("liner_posts_total", "outcome" => label).increment(1);
    match &reason {
        None => tracing::info!(post.id = %post_id, "published"),
        Some(r) => {
            tracing::warn!(post.id = %post_id, outcome = label, reason = %r, "not published")
        }
    }
    if let Some(post) = finished {
        notify(&state, &post).await;
    }
    Ok(())
}

/// Records how the send ended. A busy database is waited out a few times: until this lands,
/// the post stays "publishing" (recovery at the next start settles it from its attempts).
async fn record_outcome(
    state: &Shared,
    post_id: PostId,
    outcome: Sent,
    notice: Option<String>,
) -> Result<Option<Post>, crate::db::DbError> {
    let outcome = Arc::new(outcome);
    let notice = Arc::new(notice);
    let mut tries = 0;
    loop {
        let (outcome, notice) = (outcome.clone(), notice.clone());
        let written = state
            .db
            .run(move |c| {
                let outcome = match &*outcome {
                    Sent::Published(id) => Outcome::Published {
                        message_id: id,
                        notice: notice.as_deref(),
                    },
                    Sent::Failed(r) => Outcome::Failed { reason: r },
                    Sent::NeedsReview(r) => Outcome::NeedsReview { reason: r },
                };
                Ok(posts::finish(c, post_id.0, outcome, now_ms())?)
            })
            .await;
        tries += 1;
        match written {
            Err(e) if tries < 5 => {
                tracing::warn!(post.id = %post_id, error = %e, "could not record a send's outcome; trying again");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            done => return done,
        }
    }
}

enum Sent {
    Published(String),
    Failed(String),
    NeedsReview(String),
}

/// The claimed post's channel, read once for the whole run; the error is the post's reason.
async fn load_channel(state: &Shared, post: &Post) -> Result<channels::Channel, String> {
    let Some(channel_id) = post.channel_id else {
        return Err("The post has no channel; choose one and publish again.".into());
    };
    match state
        .db
        .run(move |c| Ok(channels::find(c, channel_id)?))
        .await
    {
        Ok(Some(ch)) => Ok(ch),
        Ok(None) => Err("The post's channel was removed.".into()),
        Err(e) => {
            tracing::error!(error = %e, "could not load the channel");
            Err("Liner could not read the channel's settings.".into())
        }
    }
}

async fn send(state: &Shared, post: &Post, channel: &channels::Channel) -> Sent {
    let draft = post.draft();
    if let Some(err) = draft.validate(Check::Publish).first() {
        return Sent::Failed(format!("The post is not valid: {err}"));
    }
    let message = DiscordMessage::for_post(&draft.body, &draft.release, chrono::Utc::now());
    if channel.is_bot() {
        return send_as_bot(state, post, channel, &message).await;
    }
    if let Some(why) = &channel.broken_reason {
        return Sent::Failed(broken(&channel.name, why));
    }
    let url = match state.webhook_url(channel) {
        Ok(u) => u,
        Err(why) => return Sent::Failed(why),
    };
    let message = if channel.forum {
        message.as_forum_thread(&draft.release)
    } else {
        message
    };
    for attempt in 1..=MAX_TRIES {
        let log = AttemptLog::new(state, post);
        let result = state.discord.execute_webhook(&url, &message, &log).await;
        log.close(&result).await;
        match result {
            Ok(sent) => return Sent::Published(sent.id),
            Err(DiscordError::RateLimited(wait)) => {
                // The client's limiter holds the route (or all of them) for `wait` already.
                tracing::info!(post.id = post.id, ?wait, "rate limited by Discord; waiting");
            }
            Err(DiscordError::NotSent) => {
                let wait = backoff(attempt);
                tracing::info!(
                    post.id = post.id,
                    attempt,
                    "Discord not reachable; retrying"
                );
                tokio::time::sleep(wait).await;
            }
            Err(e) if e.webhook_gone() => {
                let reason = e.to_string();
                state
                    .mark_channel_broken(channel.id, &channel.name, &reason)
                    .await;
                return Sent::Failed(broken(&channel.name, &reason));
            }
            Err(DiscordError::Rejected {
                message, status, ..
            }) => {
                return Sent::Failed(format!(
                    "Discord refused the post: {message} (HTTP {status})."
                ));
            }
            Err(DiscordError::Unknown(why)) => {
                // A webhook send cannot be made idempotent: re-sending could post twice.
                return Sent::NeedsReview(format!(
                    "Discord's answer was lost ({why}). Check #{} to see whether the post arrived before sending it again.",
                    channel.name
                ));
            }
        }
    }
    Sent::Failed(format!(
        "Discord could not be reached after {MAX_TRIES} tries; nothing was posted."
    ))
}

/// Why nothing goes to a channel whose webhook Discord no longer knows.
fn broken(channel: &str, why: &str) -> String {
    format!(
        "The webhook of #{channel} no longer works ({why}); nothing was sent. An admin must set the channel's webhook again, then Retry."
    )
}

/// Tries per bot send: safe to repeat (the nonce), so unknown outcomes are retried too.
const BOT_TRIES: u32 = 8;

/// How long after a first try a retry can count on Discord still knowing the nonce (its window
/// is "a few minutes"; this leaves room for clock and queue delays).
const NONCE_TRUST_MS: i64 = 60_000;

/// How far Liner's clock and Discord's may disagree when matching a message to an attempt.
const CLOCK_SKEW_MS: i64 = 60_000;

/// Exponential, from 500 ms, with up to half again of random jitter so that posts failing
/// together do not retry together.
fn backoff(attempt: u32) -> Duration {
    crate::retry::backoff(Duration::from_millis(500), attempt)
}

/// For a bot-channel post an earlier run may have sent (its answer was lost, perhaps longer ago
/// than Discord's nonce window): the channel says whether it arrived, before anything else is
/// decided. `None`: nothing earlier to settle, go on.
async fn settle_earlier_send(
    state: &Shared,
    post: &Post,
    channel: &channels::Channel,
) -> Option<Sent> {
    let token = state.bot_token.as_ref().filter(|_| channel.is_bot())?;
    let post_id = post.id;
    let earlier = state
        .db
        .run(move |c| Ok(attempts::earliest_doubtful(c, post_id)?))
        .await;
    let since = match earlier {
        Ok(found) => found?,
        Err(e) => {
            tracing::error!(post.id = post_id, error = %e, "could not read publish attempts");
            return Some(Sent::NeedsReview(
                "Liner could not read this post's earlier sends; check the channel before sending it again.".into(),
            ));
        }
    };
    let draft = post.draft();
    let message = DiscordMessage::for_post(&draft.body, &draft.release, chrono::Utc::now());
    match find_marker(state, token, channel, &message, since).await {
        Ok(Some(id)) => Some(Sent::Published(id)),
        Ok(None) => None,
        Err(e) => Some(Sent::NeedsReview(format!(
            "An earlier send may have arrived, and Discord could not be asked ({e}). Check #{} before sending it again.",
            channel.name
        ))),
    }
}

/// Sends as the bot with the revision's nonce: a repeat within Discord's window returns the
/// message the first try created, so lost answers are retried, not reviewed.
async fn send_as_bot(
    state: &Shared,
    post: &Post,
    channel: &channels::Channel,
    message: &DiscordMessage,
) -> Sent {
    let Some(token) = &state.bot_token else {
        return Sent::Failed(format!(
            "#{} is a bot channel, but no DISCORD_BOT_TOKEN is set; an admin must set it.",
            channel.name
        ));
    };
    let nonce = liner::marker::nonce(post.id, post.schedule_rev);
    let started = now_ms();
    for attempt in 1..=BOT_TRIES {
        let log = AttemptLog::new(state, post);
        let result = state
            .discord
            .create_message(token, &channel.discord_channel_id, message, &nonce, &log)
            .await;
        log.close(&result).await;
        match result {
            Ok(sent) => return Sent::Published(sent.id),
            // The limiter holds the route for as long as Discord asked.
            Err(DiscordError::RateLimited(_)) => {}
            Err(e @ (DiscordError::NotSent | DiscordError::Unknown(_))) => {
                tracing::info!(post.id = post.id, attempt, error = %e, "bot send not confirmed; retrying with the same nonce");
                tokio::time::sleep(backoff(attempt)).await;
                // Past a minute the nonce may be forgotten before the next try lands: look first.
                if now_ms() - started > NONCE_TRUST_MS {
                    if let Ok(Some(id)) = find_marker(state, token, channel, message, started).await
                    {
                        return Sent::Published(id);
                    }
                }
            }
            Err(DiscordError::Rejected {
                message, status, ..
            }) => {
                return Sent::Failed(format!(
                    "Discord refused the post: {message} (HTTP {status})."
                ))
            }
        }
    }
    // Out of tries: whether any of them arrived, the channel says.
    match find_marker(state, token, channel, message, started).await {
        Ok(Some(id)) => Sent::Published(id),
        Ok(None) => Sent::Failed(format!(
            "Discord did not confirm the post after {BOT_TRIES} tries, and it is not in #{}; nothing was posted.",
            channel.name
        )),
        Err(e) => Sent::NeedsReview(format!(
            "Discord did not confirm the post after {BOT_TRIES} tries and could not be asked whether it arrived ({e}). Check #{} before sending it again.",
            channel.name
        )),
    }
}

/// The id of the post's message among the channel's latest, if it is there (see
/// `liner::marker`).
async fn find_marker(
    state: &Shared,
    token: &secrecy::SecretString,
    channel: &channels::Channel,
    message: &DiscordMessage,
    since_ms: i64,
) -> Result<Option<String>, DiscordError> {
    let listed = state
        .discord
        .recent_messages(token, &channel.discord_channel_id, 100)
        .await?;
    let want = liner::marker::Marker::of_message(message);
    // The bot's own messages (not a webhook's, not a person's) since the first doubtful send,
    // oldest first, not already another post's.
    let candidates: Vec<String> = listed
        .into_iter()
        .rev()
        .filter(|m| {
            m.by_a_bot()
                && m.sent_ms().is_some_and(|t| t >= since_ms - CLOCK_SKEW_MS)
                && m.marker() == want
        })
        .map(|m| m.id)
        .collect();
    if candidates.is_empty() {
        return Ok(None);
    }
    let free = state
        .db
        .run(move |c| {
            for id in candidates {
                if !posts::message_taken(c, &id)? {
                    return Ok(Some(id));
                }
            }
            Ok(None)
        })
        .await;
    free.map_err(|e| DiscordError::Unknown(format!("reading Liner's posts: {e}")))
}

/// Writes a publish attempt just before each request goes out, and closes it with what the
/// answer proved; recovery after a crash reads them.
struct AttemptLog<'a> {
    state: &'a Shared,
    post_id: i64,
    schedule_rev: i64,
    opened: std::sync::Mutex<Option<i64>>,
}

impl<'a> AttemptLog<'a> {
    fn new(state: &'a Shared, post: &Post) -> AttemptLog<'a> {
        AttemptLog {
            state,
            post_id: post.id,
            schedule_rev: post.schedule_rev,
            opened: std::sync::Mutex::new(None),
        }
    }

    async fn close(&self, result: &Result<SentMessage, DiscordError>) {
        let Some(id) = *self.opened.lock().unwrap_or_else(|p| p.into_inner()) else {
            return;
        };
        let message_id = result.as_ref().ok().map(|m| m.id.clone());
        let (outcome, detail) = match result {
            Ok(_) => (AttemptOutcome::Sent, None),
            Err(e @ DiscordError::NotSent) => (AttemptOutcome::NotSent, Some(e.to_string())),
            Err(e @ DiscordError::RateLimited(_)) => {
                (AttemptOutcome::RateLimited, Some(e.to_string()))
            }
            Err(e @ DiscordError::Rejected { .. }) => {
                (AttemptOutcome::Rejected, Some(e.to_string()))
            }
            Err(e @ DiscordError::Unknown(_)) => (AttemptOutcome::Unknown, Some(e.to_string())),
        };
        let closed = self
            .state
            .db
            .run(move |c| {
                Ok(attempts::finish(
                    c,
                    id,
                    outcome,
                    detail.as_deref(),
                    message_id.as_deref(),
                    now_ms(),
                )?)
            })
            .await;
        if let Err(e) = closed {
            // The post's own status is still recorded; only the trail has a gap.
            tracing::error!(post.id = self.post_id, error = %e, "could not close a publish attempt");
        }
    }
}

#[async_trait::async_trait]
impl SendLog for AttemptLog<'_> {
    async fn sending(&self) -> Result<(), DiscordError> {
        let (post_id, rev) = (self.post_id, self.schedule_rev);
        match self
            .state
            .db
            .run(move |c| Ok(attempts::start(c, post_id, rev, now_ms())?))
            .await
        {
            Ok(id) => {
                *self.opened.lock().unwrap_or_else(|p| p.into_inner()) = Some(id);
                Ok(())
            }
            Err(e) => {
                // Without the trace a crash could not be told apart from "never sent": don't send.
                tracing::error!(post.id = post_id, error = %e, "could not record a publish attempt");
                Err(DiscordError::NotSent)
            }
        }
    }
}

async fn notify(state: &Shared, post: &Post) {
    let p = post.clone();
    match state.db.run(move |c| Ok(posts::view(c, &p)?)).await {
        Ok(view) => state.events.send(UserId(post.author_id), view),
        Err(e) => tracing::error!(error = %e, "could not load a post for its live update"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lateness_reads_in_minutes_and_hours() {
        assert_eq!(late_by(61_000), "1 min");
        assert_eq!(late_by(59 * 60_000), "59 min");
        assert_eq!(late_by(120 * 60_000), "2 h");
        assert_eq!(late_by(185 * 60_000), "3 h 5 min");
    }

    #[test]
    fn a_missed_post_says_when_it_was_due() {
        let due = 1_700_000_000_000;
        assert_eq!(
            missed(due, Duration::from_secs(24 * 3600)),
            "Missed its time: it was due 2023-11-14 22:13 UTC, and Liner could not send it within 24 h of that. Retry to send it now."
        );
    }
}
