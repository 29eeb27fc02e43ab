//! For a bot-channel post an earlier run may have sent (its answer was lost, perhaps longer ago
//! than Discord's nonce window): the channel says whether it arrived, before anything else is
//! decided. A message is the post's when it is the bot's own, recent, carries the post's marker
//! (`liner::marker`) and is not already another post's.

use super::outcome::{Review, Sent};
use crate::db::attempts;
use crate::db::channels::Channel;
use crate::db::posts::{self, Post};
use crate::discord::DiscordError;
use crate::publishing::Publisher;
use liner::message::DiscordMessage;
use secrecy::SecretString;

/// How far Liner's clock and Discord's may disagree when matching a message to an attempt.
const CLOCK_SKEW_MS: i64 = 60_000;

/// `None`: nothing earlier to settle, go on.
pub(super) async fn settle_earlier_send(
    p: &Publisher,
    post: &Post,
    channel: &Channel,
) -> Option<Sent> {
    let token = p.bot_token.as_ref().filter(|_| channel.is_bot())?;
    let post_id = post.id;
    let earlier =
        p.db.run(move |c| Ok(attempts::earliest_doubtful(c, post_id)?))
            .await;
    let since = match earlier {
        Ok(found) => found?,
        Err(e) => {
            tracing::error!(post.id = post_id, error = %e, "could not read publish attempts");
            return Some(Sent::NeedsReview(Review::AttemptsUnreadable));
        }
    };
    let draft = post.draft();
    let message = DiscordMessage::for_post(&draft.body, &draft.release, chrono::Utc::now());
    match find_marker(p, token, channel, &message, since).await {
        Ok(Some(id)) => Some(Sent::Published(id)),
        Ok(None) => None,
        Err(error) => Some(Sent::NeedsReview(Review::EarlierUnknown {
            error,
            channel: channel.name.clone(),
        })),
    }
}

/// The id of the post's message among the channel's latest, if it is there.
pub(super) async fn find_marker(
    p: &Publisher,
    token: &SecretString,
    channel: &Channel,
    message: &DiscordMessage,
    since_ms: i64,
) -> Result<Option<String>, DiscordError> {
    let listed = p
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
    let free =
        p.db.run(move |c| {
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
