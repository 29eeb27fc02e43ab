//! Publishing: the durable queue of posts due, the worker that sends each to Discord exactly
//! once where Discord allows it (and to review where it cannot tell), the check that the sender
//! may still post, and recovery after a crash.
//!
//! - [`queue`]: the apalis queue and its job, [`PublishPost`];
//! - [`send`]: one job's run: claim, send by webhook or bot, reconcile, record;
//! - [`sender_check`], [`recovery`], [`poll`] and [`worker`].

pub mod poll;
pub mod queue;
pub mod recovery;
pub mod send;
pub mod sender_check;
pub mod worker;

pub use queue::{PublishPost, Queue, QueueError};

use crate::channels::Channels;
use crate::config::GuildRules;
use crate::db::Db;
use crate::discord::DiscordApi;
use crate::events::PostEvents;
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;

/// What the publish worker needs, and nothing more.
pub struct Publisher {
    pub db: Db,
    pub channels: Channels,
    pub discord: Arc<dyn DiscordApi>,
    pub events: PostEvents,
    pub queue: Queue,
    /// Sends to bot channels and reads channels back; `None` when not configured.
    pub bot_token: Option<SecretString>,
    pub guild: GuildRules,
    /// Asks Discord whether a post's sender may still post.
    pub membership: Arc<crate::auth::membership::Membership>,
    /// Recent answers to "may this member still post?", asked before each send.
    pub sender_checks: sender_check::SenderChecks,
    /// How late a scheduled post may still go out.
    pub late_grace: Duration,
}
