//! Channels posts go to: reading them, decrypting a webhook channel's URL for a send, marking a
//! channel whose webhook Discord no longer knows as broken, and ([`add`]) adding one after
//! checking it with Discord. Storage is `db::channels`; this is what the rest of the server uses.

pub mod add;

use crate::crypto::SecretKey;
use crate::db::channels::{self, Channel};
use crate::db::{Db, DbError};
use liner::views::ChannelView;
use secrecy::SecretString;
use std::sync::Arc;

/// Why a channel's webhook cannot be used; each reads as a sentence for the poster.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChannelError {
    #[error("#{0} has no webhook configured.")]
    NoWebhook(String),
    #[error(
        "The webhook of #{0} cannot be read with this server's key; an admin must set it again."
    )]
    Undecryptable(String),
}

/// The channels, with the key their webhook URLs are sealed with.
#[derive(Clone)]
pub struct Channels {
    db: Db,
    key: Arc<SecretKey>,
}

impl Channels {
    pub fn new(db: Db, key: Arc<SecretKey>) -> Channels {
        Channels { db, key }
    }

    pub async fn find(&self, id: i64) -> Result<Option<Channel>, DbError> {
        self.db.run(move |c| Ok(channels::find(c, id)?)).await
    }

    /// The channels posts can be sent to, as the pickers list them (disabled ones hidden).
    pub async fn views(&self) -> Result<Vec<ChannelView>, DbError> {
        let list = self.db.run(|c| Ok(channels::all(c)?)).await?;
        Ok(list
            .iter()
            .filter(|c| !c.is_disabled())
            .map(Channel::view)
            .collect())
    }

    /// The channel's webhook URL, decrypted.
    pub fn webhook_url(&self, channel: &Channel) -> Result<SecretString, ChannelError> {
        let (Some(blob), Some(key_id)) = (&channel.webhook_ciphertext, &channel.webhook_key_id)
        else {
            return Err(ChannelError::NoWebhook(channel.name.clone()));
        };
        self.open(blob, key_id, &channel.name)
    }

    /// A sealed webhook URL opened: the channel's, or one a post kept (`channel` names it in
    /// errors).
    pub fn open(
        &self,
        blob: &[u8],
        key_id: &str,
        channel: &str,
    ) -> Result<SecretString, ChannelError> {
        self.key.open(blob, key_id).map_err(|e| {
            tracing::error!(channel = %channel, error = %e, "cannot decrypt the webhook URL");
            ChannelError::Undecryptable(channel.to_string())
        })
    }

    /// Records that Discord no longer knows a channel's webhook, so nothing calls it again
    /// until an admin sets it anew (repeated calls get the client blocked).
    pub async fn mark_broken(&self, id: i64, name: &str, reason: &str) {
        let why = reason.to_string();
        if let Err(err) = self
            .db
            .run(move |c| Ok(channels::mark_broken(c, id, &why)?))
            .await
        {
            tracing::error!(channel = %name, error = %err, "could not mark a channel broken");
        }
        tracing::warn!(channel = %name, %reason, "the channel's webhook is gone; channel marked broken");
    }
}
