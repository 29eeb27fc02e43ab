//! The publish job: claims one post at one schedule revision, sends it, records Discord's answer.
//!
//! Idempotent: the claim is a compare-and-set from `scheduled` at the job's revision, so a second
//! run, or a job for an older schedule, finds nothing to claim and does nothing.

use crate::db::posts::{self, Outcome, Post};
use crate::db::{channels, now_ms};
use crate::discord::DiscordError;
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
}

/// Tries per send when Discord proves nothing was created (connection refused, 429).
const MAX_TRIES: u32 = 5;

/// Publishes the post if this run wins the claim; safe to run any number of times.
pub async fn run(job: PublishPost, state: Data<Arc<Shared>>) -> Result<(), BoxDynError> {
    let state: Arc<Shared> = (*state).clone();
    let PublishPost {
        post_id,
        schedule_rev,
    } = job;
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
    let outcome = send(&state, &post).await;
    let (label, reason) = match &outcome {
        Sent::Published(_) => ("published", None),
        Sent::Failed(r) => ("failed", Some(r.clone())),
        Sent::NeedsReview(r) => ("needs_review", Some(r.clone())),
    };
    let finished = state
        .db
        .run(move |c| {
            let outcome = match &outcome {
                Sent::Published(id) => Outcome::Published { message_id: id },
                Sent::Failed(r) => Outcome::Failed { reason: r },
                Sent::NeedsReview(r) => Outcome::NeedsReview { reason: r },
            };
            Ok(posts::finish(c, post_id.0, outcome, now_ms())?)
        })
        .await?;
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

enum Sent {
    Published(String),
    Failed(String),
    NeedsReview(String),
}

async fn send(state: &Shared, post: &Post) -> Sent {
    let draft = post.draft();
    if let Some(err) = draft.validate(Check::Publish).first() {
        return Sent::Failed(format!("The post is not valid: {err}"));
    }
    let Some(channel_id) = post.channel_id else {
        return Sent::Failed("The post has no channel; choose one and publish again.".into());
    };
    let channel = match state
        .db
        .run(move |c| Ok(channels::find(c, channel_id)?))
        .await
    {
        Ok(Some(ch)) => ch,
        Ok(None) => return Sent::Failed("The post's channel was removed.".into()),
        Err(e) => {
            tracing::error!(error = %e, "could not load the channel");
            return Sent::Failed("Liner could not read the channel's settings.".into());
        }
    };
    let url = match state.webhook_url(&channel) {
        Ok(u) => u,
        Err(why) => return Sent::Failed(why),
    };
    let message = DiscordMessage::for_post(&draft.body, &draft.release, chrono::Utc::now());
    for attempt in 1..=MAX_TRIES {
        match state.discord.execute_webhook(&url, &message).await {
            Ok(sent) => return Sent::Published(sent.id),
            Err(DiscordError::RateLimited(wait)) => {
                metrics::counter!("liner_discord_rate_limited_total").increment(1);
                tracing::info!(post.id = post.id, ?wait, "rate limited by Discord; waiting");
                tokio::time::sleep(wait).await;
            }
            Err(DiscordError::NotSent) => {
                let wait = Duration::from_millis(500 * 2u64.pow(attempt - 1));
                tracing::info!(
                    post.id = post.id,
                    attempt,
                    "Discord not reachable; retrying"
                );
                tokio::time::sleep(wait).await;
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

async fn notify(state: &Shared, post: &Post) {
    let p = post.clone();
    match state.db.run(move |c| Ok(posts::view(c, &p)?)).await {
        Ok(view) => state.events.send(UserId(post.author_id), view),
        Err(e) => tracing::error!(error = %e, "could not load a post for its live update"),
    }
}
