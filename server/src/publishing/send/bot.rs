//! Sending as the bot with the revision's nonce: a repeat within Discord's window returns the
//! message the first try created, so lost answers are retried, not reviewed.

use super::attempt_log::AttemptLog;
use super::outcome::{Failure, Review, Sent, BOT_TRIES};
use super::reconcile::find_marker;
use crate::db::channels::Channel;
use crate::db::now_ms;
use crate::db::posts::Post;
use crate::discord::DiscordError;
use crate::publishing::Publisher;
use crate::retry::Policy;
use liner::message::DiscordMessage;
use std::time::Duration;

/// From 500 ms, doubling; every outcome but a refusal is retried.
const RETRY: Policy = Policy {
    first: Duration::from_millis(500),
    tries: BOT_TRIES,
    deadline: Duration::from_secs(15 * 60),
};

/// How long after a first try a retry can count on Discord still knowing the nonce (its window
/// is "a few minutes"; this leaves room for clock and queue delays).
const NONCE_TRUST_MS: i64 = 60_000;

pub(super) async fn send(
    p: &Publisher,
    post: &Post,
    channel: &Channel,
    message: &DiscordMessage,
) -> Sent {
    let Some(token) = &p.bot_token else {
        return Sent::Failed(Failure::NoBotToken(channel.name.clone()));
    };
    let nonce = liner::marker::nonce(post.id, post.schedule_rev);
    let started = now_ms();
    // Not `Policy::run`: between tries, past the nonce's window, the channel is looked at first.
    for attempt in 1..=RETRY.tries {
        let log = AttemptLog::new(p, post);
        let result = p
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
                tokio::time::sleep(RETRY.backoff(attempt)).await;
                // Past a minute the nonce may be forgotten before the next try lands: look first.
                if now_ms() - started > NONCE_TRUST_MS {
                    if let Ok(Some(id)) = find_marker(p, token, channel, message, started).await {
                        return Sent::Published(id);
                    }
                }
            }
            Err(DiscordError::Rejected {
                message, status, ..
            }) => return Sent::Failed(Failure::Refused { message, status }),
        }
        if now_ms() - started > RETRY.deadline.as_millis() as i64 {
            break;
        }
    }
    // Out of tries: whether any of them arrived, the channel says.
    match find_marker(p, token, channel, message, started).await {
        Ok(Some(id)) => Sent::Published(id),
        Ok(None) => Sent::Failed(Failure::BotUnconfirmed(channel.name.clone())),
        Err(error) => Sent::NeedsReview(Review::BotUnknown {
            error,
            channel: channel.name.clone(),
        }),
    }
}
