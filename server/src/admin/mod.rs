//! What admins do from their pages: manage channels, see members and end their sessions, read
//! the audit log. Every operation takes a [`liner::AdminViewer`], which only the core's one
//! admin check makes, so none can run for a poster.
//!
//! One file per area (`channels`, `members`, `log`); [`AdminError`] says what went wrong in the
//! admin's words, and which field it is about.

mod channels;
pub mod csv;
mod log;
mod members;
mod settings;
mod system;

use crate::channels::add::AddChannelError;
use crate::crypto::SecretKey;
use crate::db::{Db, DbError};
use crate::discord::DiscordApi;
use crate::events::PostEvents;
use crate::publishing::{Queue, QueueError};
use liner::admin::ChannelNameProblem;
use secrecy::SecretString;
use std::sync::Arc;

/// What the admin operations need.
pub struct Admin {
    pub(crate) db: Db,
    pub(crate) key: Arc<SecretKey>,
    pub(crate) discord: Arc<dyn DiscordApi>,
    pub(crate) guild_id: String,
    pub(crate) admin_role_ids: Vec<String>,
    pub(crate) poster_role_ids: Vec<String>,
    pub(crate) bot_token: Option<SecretString>,
    pub(crate) queue: Queue,
    pub(crate) events: PostEvents,
    /// The release sources, whose states the System page shows.
    pub(crate) lookup: Arc<crate::lookup::Lookup>,
    /// When this process started, for its uptime.
    pub(crate) started: std::time::Instant,
    /// Which hosts a channel's default avatar URL may name.
    pub(crate) hosts: liner::Hosts,
}

/// The form field an error is about, as the admin pages name them.
pub mod field {
    pub const NAME: &str = "name";
    pub const WEBHOOK: &str = "webhook";
    pub const CHANNEL_ID: &str = "channel_id";
    pub const USERNAME: &str = "username";
    pub const AVATAR_URL: &str = "avatar_url";
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("That channel was not found; it may have been removed meanwhile.")]
    NoSuchChannel,
    #[error("That member was not found.")]
    NoSuchMember,
    #[error("{0}")]
    Name(#[from] ChannelNameProblem),
    #[error("There is already a channel named #{0}.")]
    NameTaken(String),
    #[error("#{name} still has posts scheduled to it: {}. Move or unschedule them first.", .posts.join(", "))]
    HasScheduled { name: String, posts: Vec<String> },
    #[error("{}", .0.message)]
    Identity(liner::FieldError),
    #[error("#{0} is a bot channel: its messages are the bot's, under its own name and avatar.")]
    BotIdentity(String),
    #[error(transparent)]
    Add(#[from] AddChannelError),
    #[error(transparent)]
    Queue(#[from] QueueError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl AdminError {
    /// The form field the error belongs next to, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            AdminError::Name(_) | AdminError::NameTaken(_) => Some(field::NAME),
            AdminError::Identity(e) => Some(match e.field {
                liner::Field::AvatarUrl => field::AVATAR_URL,
                _ => field::USERNAME,
            }),
            AdminError::Add(e) => match e {
                AddChannelError::Name(_) | AddChannelError::NameTaken(_) => Some(field::NAME),
                AddChannelError::ChannelId
                | AddChannelError::Unreadable(_)
                | AddChannelError::NotInGuild
                | AddChannelError::NotText(_)
                | AddChannelError::NoBotToken => Some(field::CHANNEL_ID),
                AddChannelError::NotAUrl
                | AddChannelError::NotDiscord
                | AddChannelError::NoWebhookPath
                | AddChannelError::WebhookRefused(_)
                | AddChannelError::OtherGuild(_)
                | AddChannelError::NoChannel => Some(field::WEBHOOK),
                AddChannelError::Db(_)
                | AddChannelError::Seal(_)
                | AddChannelError::NoSuchChannel
                | AddChannelError::ChannelsUnlisted(_)
                | AddChannelError::BotHasNoWebhook(_) => None,
            },
            _ => None,
        }
    }
}
