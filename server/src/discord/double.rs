//! A Discord test double for unit and integration tests of code that takes a `DiscordApi`: it
//! knows the webhooks, readable channels and role lists a test gives it, answers `NotSent` to
//! everything else, and counts the calls it got. (Whole flows run against the sandbox's fake
//! Discord over HTTP instead; this is for one call at a time.)

use super::{
    DiscordApi, DiscordError, DiscordUser, GuildChannel, GuildMember, GuildRole, ListedMessage,
    SendLog, SentMessage, WebhookInfo,
};
use async_trait::async_trait;
use liner::message::{DiscordMessage, MessageEdit};
use secrecy::{ExposeSecret, SecretString};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

#[derive(Default)]
pub struct DiscordDouble {
    webhooks: HashMap<String, WebhookInfo>,
    readable: HashSet<String>,
    roles: Mutex<VecDeque<Result<Vec<GuildRole>, DiscordError>>>,
    calls: AtomicUsize,
}

impl DiscordDouble {
    pub fn new() -> DiscordDouble {
        DiscordDouble::default()
    }

    /// A webhook that exists at `url`; any other URL is Unknown Webhook.
    pub fn with_webhook(mut self, url: &str, info: WebhookInfo) -> DiscordDouble {
        self.webhooks.insert(url.to_string(), info);
        self
    }

    /// A channel the bot may read; any other is Missing Access.
    pub fn with_readable_channel(mut self, channel_id: &str) -> DiscordDouble {
        self.readable.insert(channel_id.to_string());
        self
    }

    /// The answer to the next role listing (then the next, …; `NotSent` once they run out).
    pub fn then_roles(self, answer: Result<Vec<GuildRole>, DiscordError>) -> DiscordDouble {
        if let Ok(mut queue) = self.roles.lock() {
            queue.push_back(answer);
        }
        self
    }

    /// How many calls it got, of any kind.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    fn call<T>(&self) -> Result<T, DiscordError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Err(DiscordError::NotSent)
    }
}

fn rejected(status: u16, code: i64, message: &str) -> DiscordError {
    DiscordError::Rejected {
        status,
        code,
        message: message.into(),
    }
}

#[async_trait]
impl DiscordApi for DiscordDouble {
    async fn current_user(&self, _: &SecretString) -> Result<DiscordUser, DiscordError> {
        self.call()
    }
    async fn guild_member(
        &self,
        _: &SecretString,
        _: &str,
    ) -> Result<Option<GuildMember>, DiscordError> {
        self.call()
    }
    async fn execute_webhook(
        &self,
        _: &SecretString,
        _: &DiscordMessage,
        _: &dyn SendLog,
    ) -> Result<SentMessage, DiscordError> {
        self.call()
    }
    async fn get_webhook(&self, url: &SecretString) -> Result<WebhookInfo, DiscordError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.webhooks
            .get(url.expose_secret())
            .cloned()
            .ok_or_else(|| rejected(404, super::UNKNOWN_WEBHOOK, "Unknown Webhook"))
    }
    async fn delete_webhook_message(
        &self,
        _: &SecretString,
        _: &str,
        _: Option<&str>,
    ) -> Result<(), DiscordError> {
        self.call()
    }
    async fn edit_webhook_message(
        &self,
        _: &SecretString,
        _: &str,
        _: Option<&str>,
        _: &MessageEdit,
    ) -> Result<SentMessage, DiscordError> {
        self.call()
    }
    async fn edit_message(
        &self,
        _: &SecretString,
        _: &str,
        _: &str,
        _: &MessageEdit,
    ) -> Result<SentMessage, DiscordError> {
        self.call()
    }
    async fn delete_message(&self, _: &SecretString, _: &str, _: &str) -> Result<(), DiscordError> {
        self.call()
    }
    async fn create_message(
        &self,
        _: &SecretString,
        _: &str,
        _: &DiscordMessage,
        _: &str,
        _: &dyn SendLog,
    ) -> Result<SentMessage, DiscordError> {
        self.call()
    }
    async fn recent_messages(
        &self,
        _: &SecretString,
        channel_id: &str,
        _: u8,
    ) -> Result<Vec<ListedMessage>, DiscordError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.readable.contains(channel_id) {
            Ok(Vec::new())
        } else {
            Err(rejected(403, 50001, "Missing Access"))
        }
    }
    async fn member_by_id(
        &self,
        _: &SecretString,
        _: &str,
        _: &str,
    ) -> Result<Option<GuildMember>, DiscordError> {
        self.call()
    }
    /// The readable channels, as text channels named after their ids.
    async fn guild_channels(
        &self,
        _: &SecretString,
        _: &str,
    ) -> Result<Vec<GuildChannel>, DiscordError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Ok(self
            .readable
            .iter()
            .map(|id| GuildChannel {
                id: id.clone(),
                name: format!("channel-{id}"),
                kind: 0,
                position: 0,
                permission_overwrites: Vec::new(),
            })
            .collect())
    }
    async fn bot_user(&self, _: &SecretString) -> Result<DiscordUser, DiscordError> {
        self.call()
    }
    async fn guild_roles(&self, _: &SecretString, _: &str) -> Result<Vec<GuildRole>, DiscordError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let next = self.roles.lock().ok().and_then(|mut q| q.pop_front());
        next.unwrap_or(Err(DiscordError::NotSent))
    }
}
