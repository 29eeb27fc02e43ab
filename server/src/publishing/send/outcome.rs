//! How a send ended, and why, in the words the poster reads on the post (stored as its reason).

use crate::channels::ChannelError;
use crate::discord::DiscordError;
use crate::publishing::sender_check::SenderRefused;
use std::time::Duration;

/// Tries per webhook send when Discord proves nothing was created (connection refused, 429).
pub(super) const MAX_TRIES: u32 = 5;

/// Tries per bot send: safe to repeat (the nonce), so unknown outcomes are retried too.
pub(super) const BOT_TRIES: u32 = 8;

pub(super) enum Sent {
    Published(String),
    Failed(Failure),
    NeedsReview(Review),
}

/// Why nothing went out.
#[derive(Debug, thiserror::Error)]
pub(super) enum Failure {
    #[error("The post has no channel; choose one and publish again.")]
    NoChannel,
    #[error("The post's channel was removed.")]
    ChannelRemoved,
    #[error("Liner could not read the channel's settings.")]
    ChannelUnreadable,
    #[error("Missed its time: it was due {} UTC, and Liner could not send it within {} of that. Retry to send it now.", due(*.due_ms), late_by(.grace.as_millis() as i64))]
    Missed { due_ms: i64, grace: Duration },
    #[error(transparent)]
    Sender(SenderRefused),
    #[error("The post is not valid: {0}")]
    Invalid(liner::FieldError),
    #[error("The webhook of #{channel} no longer works ({why}); nothing was sent. An admin must set the channel's webhook again, then Retry.")]
    Broken { channel: String, why: String },
    #[error(transparent)]
    Webhook(#[from] ChannelError),
    #[error("Discord refused the post: {message} (HTTP {status}).")]
    Refused { message: String, status: u16 },
    #[error("Discord could not be reached after {MAX_TRIES} tries; nothing was posted.")]
    Unreachable,
    #[error("#{0} is a bot channel, but no DISCORD_BOT_TOKEN is set; an admin must set it.")]
    NoBotToken(String),
    #[error("Discord did not confirm the post after {BOT_TRIES} tries, and it is not in #{0}; nothing was posted.")]
    BotUnconfirmed(String),
}

/// Why the post may or may not have arrived, so a person must look.
#[derive(Debug, thiserror::Error)]
pub(super) enum Review {
    /// A webhook send cannot be made idempotent: re-sending could post twice.
    #[error("Discord's answer was lost ({why}). Check #{channel} to see whether the post arrived before sending it again.")]
    AnswerLost { why: String, channel: String },
    #[error("Liner could not read this post's earlier sends; check the channel before sending it again.")]
    AttemptsUnreadable,
    #[error("An earlier send may have arrived, and Discord could not be asked ({error}). Check #{channel} before sending it again.")]
    EarlierUnknown {
        error: DiscordError,
        channel: String,
    },
    #[error("Discord did not confirm the post after {BOT_TRIES} tries and could not be asked whether it arrived ({error}). Check #{channel} before sending it again.")]
    BotUnknown {
        error: DiscordError,
        channel: String,
    },
}

fn due(ms: i64) -> String {
    let due = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms).unwrap_or_default();
    due.format("%Y-%m-%d %H:%M").to_string()
}

/// "7 min", "2 h", "3 h 5 min".
pub(super) fn late_by(ms: i64) -> String {
    let minutes = ms / 60_000;
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
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
        let missed = Failure::Missed {
            due_ms: 1_700_000_000_000,
            grace: Duration::from_secs(24 * 3600),
        };
        assert_eq!(
            missed.to_string(),
            "Missed its time: it was due 2023-11-14 22:13 UTC, and Liner could not send it within 24 h of that. Retry to send it now."
        );
    }
}
