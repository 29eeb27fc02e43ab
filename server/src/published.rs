//! Changes to a post whose message is already in Discord: updating the message to the post's
//! new content, and deleting it. Both reach the message where it is (through the channel's
//! webhook, in the thread a forum post started, or as the bot) and are safe to repeat, so an
//! answer that got lost is simply asked again: unlike a send, they cannot post twice.

use crate::db::channels::Channel;
use crate::db::posts::Post;
use crate::discord::{DiscordError, SentMessage};
use crate::state::Shared;
use app::AppError;
use liner::message::{DiscordMessage, MessageEdit};
use secrecy::SecretString;
use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

/// Tries per change; only failures that prove nothing or change nothing twice are retried.
const TRIES: u32 = 3;

/// A 429 asking for longer than this is passed on to the person rather than waited out.
const LONGEST_WAIT: Duration = Duration::from_secs(5);

/// Posts whose message is being changed right now: one change at a time per post, so two
/// editors cannot leave Discord showing one version and Liner the other.
#[derive(Default)]
pub struct ChangesInFlight(Mutex<HashSet<i64>>);

/// What is done to a published post's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Update,
    Delete,
}

impl Change {
    pub fn verb(self) -> &'static str {
        match self {
            Change::Update => "update",
            Change::Delete => "delete",
        }
    }

    /// What stays as it was when the change did not happen.
    fn kept(self) -> &'static str {
        match self {
            Change::Update => "Nothing was changed.",
            Change::Delete => "The post is still in Liner.",
        }
    }
}

/// Held while a post's message is being changed.
pub struct ChangeGuard<'a> {
    set: &'a ChangesInFlight,
    post_id: i64,
}

impl ChangesInFlight {
    /// The post's turn, or an error saying someone else is changing it.
    pub fn begin(&self, post_id: i64) -> Result<ChangeGuard<'_>, AppError> {
        let mut set = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if !set.insert(post_id) {
            return Err(AppError::Conflict(
                "This post's message is being changed in Discord right now; try again in a moment."
                    .into(),
            ));
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
    /// The post's message, if Liner can still reach it; the error says why not.
    pub fn locate(
        state: &Shared,
        post: &Post,
        channel: Option<&Channel>,
    ) -> Result<PublishedMessage, AppError> {
        let Some(message_id) = post.discord_message_id.clone() else {
            return Err(AppError::BadRequest(
                "Liner does not know this post's message in Discord (it was marked as arrived by hand), so it cannot change it from here."
                    .into(),
            ));
        };
        let Some(channel) = channel else {
            return Err(AppError::BadRequest(
                "The post's channel was removed from Liner, so its message cannot be changed from here."
                    .into(),
            ));
        };
        let route = if channel.is_bot() {
            let Some(token) = state.bot_token.clone() else {
                return Err(AppError::BadRequest(format!(
                    "Liner has no bot token now, so it cannot change the bot's messages in #{}.",
                    channel.name
                )));
            };
            Route::Bot {
                token,
                channel_id: channel.discord_channel_id.clone(),
            }
        } else {
            if let Some(why) = &channel.broken_reason {
                return Err(AppError::BadRequest(format!(
                    "The webhook of #{} no longer works ({why}); an admin must set it again first.",
                    channel.name
                )));
            }
            Route::Webhook {
                url: state.webhook_url(channel).map_err(AppError::BadRequest)?,
                thread: channel.forum.then(|| message_id.clone()),
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
    pub async fn update(&self, state: &Shared, message: &DiscordMessage) -> Result<(), AppError> {
        let edit = message.as_edit();
        self.retrying(state, Change::Update, || self.patch(state, &edit))
            .await
            .map(|_| ())
    }

    /// Deletes the message; one that is already gone counts as deleted.
    pub async fn delete(&self, state: &Shared) -> Result<(), AppError> {
        self.retrying(state, Change::Delete, || async {
            match &self.route {
                Route::Webhook { url, thread } => {
                    state
                        .discord
                        .delete_webhook_message(url, &self.message_id, thread.as_deref())
                        .await
                }
                Route::Bot { token, channel_id } => {
                    state
                        .discord
                        .delete_message(token, channel_id, &self.message_id)
                        .await
                }
            }
        })
        .await
    }

    async fn patch(&self, state: &Shared, edit: &MessageEdit) -> Result<SentMessage, DiscordError> {
        match &self.route {
            Route::Webhook { url, thread } => {
                state
                    .discord
                    .edit_webhook_message(url, &self.message_id, thread.as_deref(), edit)
                    .await
            }
            Route::Bot { token, channel_id } => {
                state
                    .discord
                    .edit_message(token, channel_id, &self.message_id, edit)
                    .await
            }
        }
    }

    /// Runs `call` until it succeeds, fails for good, or runs out of tries.
    async fn retrying<T, F, Fut>(
        &self,
        state: &Shared,
        change: Change,
        call: F,
    ) -> Result<T, AppError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<T, DiscordError>>,
    {
        let mut last = DiscordError::NotSent;
        for attempt in 1..=TRIES {
            match call().await {
                Ok(value) => return Ok(value),
                // The client's limiter now holds the route for `wait`: the next try waits.
                Err(DiscordError::RateLimited(wait)) if wait <= LONGEST_WAIT => {
                    last = DiscordError::RateLimited(wait);
                }
                Err(e @ (DiscordError::NotSent | DiscordError::Unknown(_))) => {
                    tracing::info!(attempt, error = %e, "changing a message in Discord failed; retrying");
                    last = e;
                    tokio::time::sleep(Duration::from_millis(250 * u64::from(attempt))).await;
                }
                Err(e) => {
                    last = e;
                    break;
                }
            }
        }
        // A 401 on a bot call is the bot token, not the channel's webhook.
        if matches!(self.route, Route::Webhook { .. }) && last.webhook_gone() {
            state
                .mark_channel_broken(self.channel_id, &self.channel_name, &last.to_string())
                .await;
        }
        Err(self.refusal(&last, change))
    }

    /// What to tell the person whose change did not happen.
    fn refusal(&self, e: &DiscordError, change: Change) -> AppError {
        let kept = change.kept();
        let text = match e {
            DiscordError::RateLimited(wait) => format!(
                "Discord asked Liner to slow down; try again in {} s. {kept}",
                wait.as_secs().max(1)
            ),
            DiscordError::Rejected {
                code: crate::discord::UNKNOWN_MESSAGE,
                ..
            } => format!(
                "The message is no longer in #{} (it was deleted in Discord). Duplicate the post to send it again.",
                self.channel_name
            ),
            e if matches!(self.route, Route::Webhook { .. }) && e.webhook_gone() => format!(
                "The webhook of #{} no longer works ({e}); an admin must set it again. {kept}",
                self.channel_name
            ),
            DiscordError::Rejected { message, .. } => {
                format!("Discord refused: {message}. {kept}")
            }
            DiscordError::NotSent => format!("Discord could not be reached; try again. {kept}"),
            DiscordError::Unknown(_) => {
                tracing::warn!(error = %e, "changing a message in Discord failed");
                match change {
                    Change::Update => "Discord did not answer, so Liner cannot tell whether the message changed; try again (asking twice changes nothing more).".to_string(),
                    Change::Delete => format!("Discord did not answer; try again. {kept}"),
                }
            }
        };
        AppError::Upstream(text)
    }
}
