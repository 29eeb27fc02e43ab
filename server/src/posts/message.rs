//! The message a published post has in Discord: finding the way to it (the channel's webhook,
//! the thread a forum post started, or the bot) and changing or deleting it. Both are safe to
//! repeat, so an answer that got lost is simply asked again: unlike a send, they cannot post
//! twice. One change at a time per post ([`ChangesInFlight`]).

use super::Posts;
use crate::channels::ChannelError;
use crate::db::channels::Channel;
use crate::db::posts::Post;
use crate::discord::{DiscordError, SentMessage};
use crate::retry::{Next, Policy};
use liner::message::{DiscordMessage, MessageEdit};
use secrecy::SecretString;
use std::collections::HashSet;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

/// Tries per change, a quarter second apart at first; only failures that prove nothing or
/// change nothing twice are retried, and a person is waiting, so not for long.
const RETRY: Policy = Policy {
    first: Duration::from_millis(250),
    tries: 3,
    deadline: Duration::from_secs(10),
};

/// A 429 asking for longer than this is passed on to the person rather than waited out.
const LONGEST_WAIT: Duration = Duration::from_secs(5);

/// What is done to a published post's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Update,
    Delete,
}

impl Change {
    /// What stays as it was when the change did not happen.
    fn kept(self) -> &'static str {
        match self {
            Change::Update => "Nothing was changed.",
            Change::Delete => "The post is still in Liner.",
        }
    }
}

/// Why a published post's message was not changed; each reads as a sentence for the person.
#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    #[error("Liner does not know this post's message in Discord (it was marked as arrived by hand), so it cannot change it from here.")]
    NotKnown,
    #[error(
        "The post's channel was removed from Liner, so its message cannot be changed from here."
    )]
    ChannelRemoved,
    #[error("Liner has no bot token now, so it cannot change the bot's messages in #{0}.")]
    NoBotToken(String),
    #[error(
        "The webhook of #{channel} no longer works ({why}); an admin must set it again first."
    )]
    Broken { channel: String, why: String },
    #[error(transparent)]
    Webhook(#[from] ChannelError),
    #[error("This post's message is being changed in Discord right now; try again in a moment.")]
    Busy,
    /// Discord did not take the change.
    #[error("{0}")]
    Refused(Refusal),
}

/// Discord's answer to a change that did not happen, with what the person needs to know.
#[derive(Debug)]
pub struct Refusal {
    change: Change,
    channel: String,
    by_webhook: bool,
    /// The call went through the post's own old webhook.
    old_webhook: bool,
    error: DiscordError,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kept = self.change.kept();
        let channel = &self.channel;
        match &self.error {
            DiscordError::RateLimited(wait) => write!(
                f,
                "Discord asked Liner to slow down; try again in {} s. {kept}",
                wait.as_secs().max(1)
            ),
            DiscordError::Rejected {
                code: crate::discord::UNKNOWN_MESSAGE,
                ..
            } => write!(
                f,
                "The message is no longer in #{channel} (it was deleted in Discord). Duplicate the post to send it again."
            ),
            e if self.old_webhook && e.webhook_gone() => write!(
                f,
                "The webhook that sent this message was deleted in Discord after #{channel} got a new one ({e}); only it could change the message, so Liner no longer can. {kept}"
            ),
            e if self.by_webhook && e.webhook_gone() => write!(
                f,
                "The webhook of #{channel} no longer works ({e}); an admin must set it again. {kept}"
            ),
            DiscordError::Rejected { message, .. } => {
                write!(f, "Discord refused: {message}. {kept}")
            }
            DiscordError::NotSent => write!(f, "Discord could not be reached; try again. {kept}"),
            DiscordError::Unknown(_) => match self.change {
                Change::Update => f.write_str("Discord did not answer, so Liner cannot tell whether the message changed; try again (asking twice changes nothing more)."),
                Change::Delete => write!(f, "Discord did not answer; try again. {kept}"),
            },
        }
    }
}

/// Posts whose message is being changed right now: one change at a time per post, so two
/// editors cannot leave Discord showing one version and Liner the other.
#[derive(Default)]
pub struct ChangesInFlight(Mutex<HashSet<i64>>);

/// Held while a post's message is being changed.
pub struct ChangeGuard<'a> {
    set: &'a ChangesInFlight,
    post_id: i64,
}

impl ChangesInFlight {
    /// The post's turn, or `Busy` when someone else is changing it.
    pub fn begin(&self, post_id: i64) -> Result<ChangeGuard<'_>, MessageError> {
        let mut set = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if !set.insert(post_id) {
            return Err(MessageError::Busy);
        }
        Ok(ChangeGuard { set: self, post_id })
    }
}

impl Drop for ChangeGuard<'_> {
    fn drop(&mut self) {
        let mut set = self.set.0.lock().unwrap_or_else(|p| p.into_inner());
        set.remove(&self.post_id);
    }
}

/// Where a post's message is, and what may reach it.
enum Route {
    Webhook {
        url: SecretString,
        /// A forum post's message starts a thread whose id is the message's own.
        thread: Option<String>,
        /// The webhook the post kept when its channel's was replaced, not the channel's own.
        old: bool,
    },
    Bot {
        token: SecretString,
        channel_id: String,
    },
}

/// The message a published post has in Discord.
pub struct PublishedMessage {
    route: Route,
    message_id: String,
    channel_name: String,
    channel_id: i64,
}

impl PublishedMessage {
    /// The post's message, if Liner can still reach it.
    pub fn locate(
        posts: &Posts,
        post: &Post,
        channel: Option<&Channel>,
    ) -> Result<PublishedMessage, MessageError> {
        let message_id = post
            .discord_message_id
            .clone()
            .ok_or(MessageError::NotKnown)?;
        let channel = channel.ok_or(MessageError::ChannelRemoved)?;
        let route = if channel.is_bot() {
            let token = posts
                .bot_token
                .clone()
                .ok_or_else(|| MessageError::NoBotToken(channel.name.clone()))?;
            Route::Bot {
                token,
                channel_id: channel.discord_channel_id.clone(),
            }
        } else if let (Some(blob), Some(key_id)) =
            (&post.sender_webhook_ciphertext, &post.sender_webhook_key_id)
        {
            // The channel's webhook was replaced since: only the one that sent it may change it.
            Route::Webhook {
                url: posts.channels.open(blob, key_id, &channel.name)?,
                thread: channel.forum.then(|| message_id.clone()),
                old: true,
            }
        } else {
            if let Some(why) = &channel.broken_reason {
                return Err(MessageError::Broken {
                    channel: channel.name.clone(),
                    why: why.clone(),
                });
            }
            Route::Webhook {
                url: posts.channels.webhook_url(channel)?,
                thread: channel.forum.then(|| message_id.clone()),
                old: false,
            }
        };
        Ok(PublishedMessage {
            route,
            message_id,
            channel_name: channel.name.clone(),
            channel_id: channel.id,
        })
    }

    /// Makes the message into `message`.
    pub async fn update(
        &self,
        posts: &Posts,
        message: &DiscordMessage,
    ) -> Result<(), MessageError> {
        let edit = message.as_edit();
        self.retrying(posts, Change::Update, || self.patch(posts, &edit))
            .await
            .map(|_| ())
    }

    /// Deletes the message; one that is already gone counts as deleted.
    pub async fn delete(&self, posts: &Posts) -> Result<(), MessageError> {
        self.retrying(posts, Change::Delete, || async {
            match &self.route {
                Route::Webhook { url, thread, .. } => {
                    posts
                        .discord
                        .delete_webhook_message(url, &self.message_id, thread.as_deref())
                        .await
                }
                Route::Bot { token, channel_id } => {
                    posts
                        .discord
                        .delete_message(token, channel_id, &self.message_id)
                        .await
                }
            }
        })
        .await
    }

    async fn patch(&self, posts: &Posts, edit: &MessageEdit) -> Result<SentMessage, DiscordError> {
        match &self.route {
            Route::Webhook { url, thread, .. } => {
                posts
                    .discord
                    .edit_webhook_message(url, &self.message_id, thread.as_deref(), edit)
                    .await
            }
            Route::Bot { token, channel_id } => {
                posts
                    .discord
                    .edit_message(token, channel_id, &self.message_id, edit)
                    .await
            }
        }
    }

    /// Runs `call` under the retry policy; a webhook Discord no longer knows marks its channel
    /// broken.
    async fn retrying<T, F, Fut>(
        &self,
        posts: &Posts,
        change: Change,
        call: F,
    ) -> Result<T, MessageError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<T, DiscordError>>,
    {
        let classify = |e: &DiscordError| match e {
            // The client's limiter now holds the route for `wait`: the next try waits.
            DiscordError::RateLimited(wait) if *wait <= LONGEST_WAIT => Next::Now,
            DiscordError::NotSent | DiscordError::Unknown(_) => {
                tracing::info!(error = %e, "changing a message in Discord failed; retrying");
                Next::Backoff
            }
            _ => Next::Stop,
        };
        let error = match RETRY.run(|_| call(), classify).await {
            Ok(value) => return Ok(value),
            Err(e) => e,
        };
        let by_webhook = matches!(self.route, Route::Webhook { .. });
        let old_webhook = matches!(self.route, Route::Webhook { old: true, .. });
        // A 401 on a bot call is the bot token, not the channel's webhook; a post's own old
        // webhook gone says nothing of the channel's new one.
        if by_webhook && !old_webhook && error.webhook_gone() {
            posts
                .channels
                .mark_broken(self.channel_id, &self.channel_name, &error.to_string())
                .await;
        }
        if matches!(error, DiscordError::Unknown(_)) {
            tracing::warn!(error = %error, "changing a message in Discord failed");
        }
        Err(MessageError::Refused(Refusal {
            change,
            channel: self.channel_name.clone(),
            by_webhook,
            old_webhook,
            error,
        }))
    }
}
