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
    let site = config
        .public_url
        .as_ref()
        .map_or("http://127.0.0.1", |u| u.as_str());
    Ok(HttpDiscord::new(http_client(site)?, api_base))
}

/// Why `liner member revoke` could not.
#[derive(Debug, thiserror::Error)]
pub enum RevokeError {
    #[error("{0:?} is not a Discord user id (a number like 300000000000000002)")]
    NotAnId(String),
    #[error("no member with Discord id {0} has signed in to Liner")]
    NoSuchMember(String),
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

/// `liner member revoke <discord id>`: ends every session of the member at once, with an audit
/// entry. Their next request in a running Liner is signed out, and their open pages' streams
/// close within a minute (streams re-check their session). Signing in again is up to Discord:
/// remove their role there too.
pub async fn revoke_member(
    config: &Config,
    discord_id: &str,
) -> Result<(String, usize), RevokeError> {
    use crate::db::schema::users;
    use crate::db::{audit, now_ms, sessions};
    use diesel::prelude::*;
    if discord_id.is_empty()
        || discord_id.len() > 20
        || !discord_id.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(RevokeError::NotAnId(discord_id.to_string()));
    }
    let db = Db::open_in(config.database_path.as_path(), config.mode.as_str())?;
    let id = discord_id.to_string();
    let found = db
        .run(move |c| {
            c.immediate_transaction(|c| {
                let Some((user, name)) = users::table
                    .filter(users::discord_id.eq(&id))
                    .select((users::id, users::name))
                    .first::<(i64, String)>(c)
                    .optional()?
                else {
                    return Ok(None);
                };
                let ended = sessions::delete_for_user(c, user)?;
                let detail = format!("{ended} session(s) ended");
                audit::record(
                    c,
                    Actor::CommandLine,
                    liner::audit::AuditKind::MemberSignedOutEverywhere,
                    audit::Subject::Member(user),
                    Some(&detail),
                    now_ms(),
                )?;
                Ok(Some((name, ended)))
            })
        })
        .await?;
    found.ok_or_else(|| RevokeError::NoSuchMember(discord_id.to_string()))
}
