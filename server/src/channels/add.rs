//! Adding a channel: a webhook is checked with Discord (it exists and belongs to the configured
//! guild) and stored encrypted; a bot channel is checked to be readable by the bot. The CLI
//! (`liner channel add`, `add-bot`) and, next, the admin pages use this one implementation.

use crate::crypto::{CryptoError, SecretKey};
use crate::db::channels::{self, NewWebhookChannel};
use crate::db::{now_ms, Db, DbError};
use crate::discord::{DiscordApi, DiscordError};
use secrecy::SecretString;
use url::Url;

/// Why a channel was not added; nothing is stored.
#[derive(Debug, thiserror::Error)]
pub enum AddChannelError {
    #[error("the channel name must be 1 to 100 characters")]
    Name,
    #[error("the webhook is not a URL")]
    NotAUrl,
    #[error("the webhook must be an https://discord.com/api/webhooks/… URL")]
    NotDiscord,
    #[error("the webhook URL must end in /webhooks/<id>/<token>")]
    NoWebhookPath,
    #[error("Discord did not accept the webhook (deleted, or the URL is wrong): {0}")]
    WebhookRefused(DiscordError),
    #[error("that webhook belongs to another Discord server (guild {0}), not to DISCORD_GUILD_ID")]
    OtherGuild(String),
    #[error("Discord did not say which channel the webhook posts to")]
    NoChannel,
    #[error("the channel id must be Discord's numeric id (17 to 20 digits; Copy Channel ID in Discord's developer mode)")]
    ChannelId,
    #[error("a bot channel needs DISCORD_BOT_TOKEN")]
    NoBotToken,
    #[error("the bot cannot read that channel (it needs View Channel, Read Message History, Send Messages and Embed Links there): {0}")]
    Unreadable(DiscordError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Seal(#[from] CryptoError),
}

/// Checks that `raw` is a Discord webhook URL; returns its id.
pub fn parse_webhook_url(raw: &str) -> Result<String, AddChannelError> {
    let url = Url::parse(raw.trim()).map_err(|_| AddChannelError::NotAUrl)?;
    let host_ok = matches!(
        url.host_str(),
        Some("discord.com" | "discordapp.com" | "canary.discord.com" | "ptb.discord.com")
    );
    if url.scheme() != "https" || !host_ok {
        return Err(AddChannelError::NotDiscord);
    }
    let segments: Vec<&str> = url.path_segments().map(|s| s.collect()).unwrap_or_default();
    let rest = match segments.as_slice() {
        ["api", v, rest @ ..] if v.starts_with('v') => rest,
        ["api", rest @ ..] => rest,
        _ => return Err(AddChannelError::NotDiscord),
    };
    match rest {
        ["webhooks", id, token] if id.bytes().all(|b| b.is_ascii_digit()) && !token.is_empty() => {
            Ok(id.to_string())
        }
        _ => Err(AddChannelError::NoWebhookPath),
    }
}

/// A channel name as stored: without a leading `#`, 1 to 100 characters.
fn channel_name(raw: &str) -> Result<&str, AddChannelError> {
    let name = raw.trim().trim_start_matches('#');
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AddChannelError::Name);
    }
    Ok(name)
}

/// What a new channel is checked against and stored with.
pub struct Target<'a> {
    pub db: &'a Db,
    pub key: &'a SecretKey,
    pub guild_id: &'a str,
    pub discord: &'a dyn DiscordApi,
}

/// Adds (or replaces) a webhook channel; returns the Discord channel id it posts to.
pub async fn add_webhook(
    to: &Target<'_>,
    name: &str,
    webhook: &str,
    forum: bool,
) -> Result<String, AddChannelError> {
    let name = channel_name(name)?;
    parse_webhook_url(webhook)?;
    let secret = SecretString::from(webhook.trim().to_string());
    let info = to
        .discord
        .get_webhook(&secret)
        .await
        .map_err(AddChannelError::WebhookRefused)?;
    if info.guild_id.as_deref() != Some(to.guild_id) {
        return Err(AddChannelError::OtherGuild(
            info.guild_id.unwrap_or_else(|| "unknown".into()),
        ));
    }
    let channel_id = info.channel_id.ok_or(AddChannelError::NoChannel)?;
    let blob = to.key.seal(webhook.trim())?;
    let row = (
        name.to_string(),
        channel_id.clone(),
        blob,
        to.key.id().to_string(),
    );
    to.db
        .run(move |c| {
            let (name, channel_id, blob, key_id) = &row;
            let row = NewWebhookChannel {
                name,
                forum,
                discord_channel_id: channel_id,
                ciphertext: blob,
                key_id,
            };
            channels::upsert_webhook(c, &row, now_ms())?;
            Ok(())
        })
        .await?;
    Ok(channel_id)
}

/// Adds (or replaces) a channel the bot posts to itself, with a nonce, so a send whose answer
/// was lost is retried without a duplicate. The bot must be able to read it: after a crash it
/// looks for its own messages there.
pub async fn add_bot(
    to: &Target<'_>,
    bot_token: Option<&SecretString>,
    name: &str,
    channel_id: &str,
) -> Result<(), AddChannelError> {
    let name = channel_name(name)?.to_string();
    let channel_id = channel_id.trim().to_string();
    if !(17..=20).contains(&channel_id.len()) || !channel_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AddChannelError::ChannelId);
    }
    let token = bot_token.ok_or(AddChannelError::NoBotToken)?;
    to.discord
        .recent_messages(token, &channel_id, 1)
        .await
        .map_err(AddChannelError::Unreadable)?;
    to.db
        .run(move |c| Ok(channels::upsert_bot(c, &name, &channel_id, now_ms()).map(|_| ())?))
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_webhook_url;

    #[test]
    fn accepts_discord_webhook_urls_only() {
        for (url, ok) in [
            ("https://discord.com/api/webhooks/123/abc-DEF_1", true),
            ("https://discord.com/api/v10/webhooks/123/abc", true),
            ("https://discordapp.com/api/webhooks/123/abc", true),
            ("http://discord.com/api/webhooks/123/abc", false),
            ("https://evil.example/api/webhooks/123/abc", false),
            ("https://discord.com/api/webhooks/abc/def", false),
            ("https://discord.com/api/webhooks/123", false),
            ("not a url", false),
        ] {
            assert_eq!(parse_webhook_url(url).is_ok(), ok, "{url}");
        }
    }
}
