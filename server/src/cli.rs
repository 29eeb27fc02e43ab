//! Command-line administration, until admin pages exist.

use crate::config::Config;
use crate::crypto::SecretKey;
use crate::db::channels::{self, NewWebhookChannel};
use crate::db::{now_ms, Db};
use crate::discord::http::{http_client, HttpDiscord};
use crate::discord::DiscordApi;
use anyhow::{bail, Context};
use secrecy::SecretString;
use url::Url;

/// Checks that `raw` is a Discord webhook URL; returns its id.
pub fn parse_webhook_url(raw: &str) -> anyhow::Result<String> {
    let url = Url::parse(raw.trim()).context("the webhook is not a URL")?;
    let host_ok = matches!(
        url.host_str(),
        Some("discord.com" | "discordapp.com" | "canary.discord.com" | "ptb.discord.com")
    );
    if url.scheme() != "https" || !host_ok {
        bail!("the webhook must be an https://discord.com/api/webhooks/… URL");
    }
    let segments: Vec<&str> = url.path_segments().map(|s| s.collect()).unwrap_or_default();
    let rest = match segments.as_slice() {
        ["api", v, rest @ ..] if v.starts_with('v') => rest,
        ["api", rest @ ..] => rest,
        _ => bail!("the webhook must be an https://discord.com/api/webhooks/… URL"),
    };
    match rest {
        ["webhooks", id, token] if id.bytes().all(|b| b.is_ascii_digit()) && !token.is_empty() => {
            Ok(id.to_string())
        }
        _ => bail!("the webhook URL must end in /webhooks/<id>/<token>"),
    }
}

/// `liner channel add --name … --webhook …`: checks the webhook with Discord (it exists and
/// belongs to the configured guild), then stores its URL encrypted. Returns the Discord
/// channel id it posts to.
pub async fn add_channel(
    config: &Config,
    discord: &dyn DiscordApi,
    name: &str,
    webhook: &str,
    forum: bool,
) -> anyhow::Result<String> {
    let name = name.trim().trim_start_matches('#');
    if name.is_empty() || name.chars().count() > 100 {
        bail!("the channel name must be 1 to 100 characters");
    }
    parse_webhook_url(webhook)?;
    let secret = SecretString::from(webhook.trim().to_string());
    let info = discord
        .get_webhook(&secret)
        .await
        .context("Discord did not accept the webhook (deleted, or the URL is wrong)")?;
    if info.guild_id.as_deref() != Some(config.discord.guild_id.as_str()) {
        bail!(
            "that webhook belongs to another Discord server (guild {}), not to DISCORD_GUILD_ID",
            info.guild_id.as_deref().unwrap_or("unknown")
        );
    }
    let channel_id = info
        .channel_id
        .context("Discord did not say which channel the webhook posts to")?;
    store(
        config.database_path.as_path(),
        &config.secret_key,
        name,
        &channel_id,
        webhook.trim(),
        forum,
    )?;
    Ok(channel_id)
}

/// `liner channel add-bot --name … --channel-id …`: a channel the bot posts to itself, with a
/// nonce, so a send whose answer was lost is retried without a duplicate. Checks that
/// DISCORD_BOT_TOKEN is set and that the bot can read the channel (it looks for its own messages
/// there after a crash), then stores it.
pub async fn add_bot_channel(
    config: &Config,
    discord: &dyn DiscordApi,
    name: &str,
    channel_id: &str,
) -> anyhow::Result<()> {
    let name = name.trim().trim_start_matches('#');
    if name.is_empty() || name.chars().count() > 100 {
        bail!("the channel name must be 1 to 100 characters");
    }
    let channel_id = channel_id.trim();
    if !(17..=20).contains(&channel_id.len()) || !channel_id.bytes().all(|b| b.is_ascii_digit()) {
        bail!("the channel id must be Discord's numeric id (17 to 20 digits; Copy Channel ID in Discord's developer mode)");
    }
    let token = config
        .discord
        .bot_token
        .as_ref()
        .context("a bot channel needs DISCORD_BOT_TOKEN")?;
    discord
        .recent_messages(token, channel_id, 1)
        .await
        .context("the bot cannot read that channel (it needs View Channel, Read Message History, Send Messages and Embed Links there)")?;
    let db = Db::open(config.database_path.as_path())?;
    let mut conn = db.conn()?;
    channels::upsert_bot(&mut conn, name, channel_id, now_ms())?;
    Ok(())
}

/// The Discord client `channel add` uses: the real API (production mode only).
pub fn discord_for(config: &Config) -> anyhow::Result<HttpDiscord> {
    let api_base = config
        .discord
        .api_base
        .clone()
        .context("channel add needs production mode (sandbox channels are built in)")?;
    Ok(HttpDiscord::new(http_client()?, api_base))
}

fn store(
    path: &std::path::Path,
    key: &SecretKey,
    name: &str,
    channel_id: &str,
    url: &str,
    forum: bool,
) -> anyhow::Result<()> {
    let db = Db::open(path)?;
    let blob = key.seal(url)?;
    let mut conn = db.conn()?;
    let row = NewWebhookChannel {
        name,
        forum,
        discord_channel_id: channel_id,
        ciphertext: &blob,
        key_id: key.id(),
    };
    channels::upsert_webhook(&mut conn, &row, now_ms())?;
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
