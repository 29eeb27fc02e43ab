//! Sending through a channel's webhook. Discord offers no idempotency here, so only failures
//! that prove nothing was created (no connection, 429) are retried; a lost answer sends the
//! post to review instead of risking a second copy.

use super::attempt_log::AttemptLog;
use super::outcome::{Failure, Review, Sent, MAX_TRIES};
use crate::db::channels::Channel;
use crate::db::posts::Post;
use crate::discord::DiscordError;
use crate::publishing::Publisher;
use crate::retry::{Next, Policy};
use liner::message::DiscordMessage;
use liner::Release;
use std::time::Duration;

/// From 500 ms, doubling. The deadline only bounds a send whose channel stays rate limited for
/// very long; a limited route's waits happen inside the client.
const RETRY: Policy = Policy {
    first: Duration::from_millis(500),
    tries: MAX_TRIES,
    deadline: Duration::from_secs(15 * 60),
};

pub(super) async fn send(
    p: &Publisher,
    post: &Post,
    channel: &Channel,
    message: DiscordMessage,
    release: &Release,
) -> Sent {
    if let Some(why) = &channel.broken_reason {
        return Sent::Failed(Failure::Broken {
            channel: channel.name.clone(),
            why: why.clone(),
        });
    }
    let url = match p.channels.webhook_url(channel) {
        Ok(u) => u,
        Err(why) => return Sent::Failed(Failure::Webhook(why)),
    };
    let message = if channel.forum {
        message.as_forum_thread(release)
    } else {
        message
    };
    let attempt = |attempt: u32| {
        let (url, message) = (&url, &message);
        async move {
            let log = AttemptLog::new(p, post);
            let result = p.discord.execute_webhook(url, message, &log).await;
            log.close(&result).await;
            match &result {
                // The client's limiter holds the route (or all of them) for `wait` already.
                Err(DiscordError::RateLimited(wait)) => {
                    tracing::info!(post.id = post.id, ?wait, "rate limited by Discord; waiting")
                }
                Err(DiscordError::NotSent) => {
                    tracing::info!(
                        post.id = post.id,
                        attempt,
                        "Discord not reachable; retrying"
                    )
                }
                _ => {}
            }
            result
        }
    };
    let classify = |e: &DiscordError| match e {
        DiscordError::RateLimited(_) => Next::Now,
        DiscordError::NotSent => Next::Backoff,
        _ => Next::Stop,
    };
    match RETRY.run(attempt, classify).await {
        Ok(sent) => Sent::Published(sent.id),
        Err(e) if e.webhook_gone() => {
            let why = e.to_string();
            p.channels
                .mark_broken(channel.id, &channel.name, &why)
                .await;
            Sent::Failed(Failure::Broken {
                channel: channel.name.clone(),
                why,
            })
        }
        Err(DiscordError::Rejected {
            message, status, ..
        }) => Sent::Failed(Failure::Refused { message, status }),
        Err(DiscordError::Unknown(why)) => Sent::NeedsReview(Review::AnswerLost {
            why,
            channel: channel.name.clone(),
        }),
        Err(DiscordError::NotSent | DiscordError::RateLimited(_)) => {
            Sent::Failed(Failure::Unreachable)
        }
    }
}
