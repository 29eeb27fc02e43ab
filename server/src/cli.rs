//! Command-line administration: scripts and first set-up. Channels are added through
//! [`crate::channels::add`], the same code the admin pages use.

use crate::channels::add::{self, AddChannelError, IfNamed, Target};
use crate::config::Config;
use crate::db::audit::Actor;
use crate::db::Db;
use crate::discord::http::{http_client, HttpDiscord};
use crate::discord::DiscordApi;
use anyhow::Context;

pub use crate::channels::add::parse_webhook_url;

/// `liner channel add --name … --webhook …`: checks the webhook with Discord (it exists and
/// belongs to the configured guild), then stores its URL encrypted. Returns the Discord
/// channel id it posts to.
pub async fn add_channel(
    config: &Config,
    discord: &dyn DiscordApi,
    name: &str,
    webhook: &str,
    forum: bool,
) -> Result<String, AddChannelError> {
    let db = open(config)?;
    add::add_webhook(&target(config, &db, discord), name, webhook, forum).await
}

/// `liner channel add-bot --name … --channel-id …`: a channel the bot posts to itself. Checks
/// that DISCORD_BOT_TOKEN is set and that the bot can read the channel, then stores it.
pub async fn add_bot_channel(
    config: &Config,
    discord: &dyn DiscordApi,
    name: &str,
    channel_id: &str,
) -> Result<(), AddChannelError> {
    let db = open(config)?;
    let token = config.discord.bot_token.as_ref();
    add::add_bot(&target(config, &db, discord), token, name, channel_id).await
}

fn open(config: &Config) -> Result<Db, AddChannelError> {
    Ok(Db::open_in(
        config.database_path.as_path(),
        config.mode.as_str(),
    )?)
}

fn target<'a>(config: &'a Config, db: &'a Db, discord: &'a dyn DiscordApi) -> Target<'a> {
    Target {
        db,
        key: &config.secret_key,
        guild_id: &config.discord.guild_id,
        discord,
        actor: Actor::CommandLine,
        if_named: IfNamed::Replace,
    }
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
