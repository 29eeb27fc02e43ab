//! Adding a channel: a webhook is checked with Discord (it exists and belongs to the configured
//! guild) and stored encrypted; a bot channel is checked to be readable by the bot. The CLI
//! (`liner channel add`, `add-bot`) and, next, the admin pages use this one implementation.

use crate::crypto::{CryptoError, SecretKey};
use crate::db::audit::{self, Actor, Subject};
use crate::db::channels::{self, Channel, NewWebhookChannel};
use crate::db::{now_ms, Db, DbError};
use crate::discord::{DiscordApi, DiscordError};
use liner::admin::ChannelNameProblem;
use liner::audit::AuditKind;
use secrecy::SecretString;
use url::Url;

/// Why a channel was not added; nothing is stored.
#[derive(Debug, thiserror::Error)]
pub enum AddChannelError {
    #[error("{0}")]
    Name(#[from] ChannelNameProblem),
    #[error("There is already a channel named #{0}; choose another name, or replace that channel's webhook.")]
    NameTaken(String),
    #[error("That is not a URL. Paste the webhook URL from Discord (channel settings → Integrations → Webhooks → Copy Webhook URL).")]
    NotAUrl,
    #[error("A webhook URL starts with https://discord.com/api/webhooks/.")]
    NotDiscord,
    #[error("The webhook URL must end in /webhooks/<id>/<token>; copy it again from Discord.")]
    NoWebhookPath,
    #[error("Discord did not accept the webhook (deleted, or the URL is wrong): {0}")]
    WebhookRefused(DiscordError),
    #[error(
        "That webhook belongs to another Discord server (guild {0}), not to the one Liner serves."
    )]
    OtherGuild(String),
    #[error("Discord did not say which channel the webhook posts to.")]
    NoChannel,
    #[error("The channel id must be Discord's numeric id (17 to 20 digits; Copy Channel ID in Discord's developer mode).")]
    ChannelId,
    #[error("A bot channel needs DISCORD_BOT_TOKEN to be set on the server.")]
    NoBotToken,
    #[error("The bot cannot read that channel (it needs View Channel, Read Message History, Send Messages and Embed Links there): {0}")]
    Unreadable(DiscordError),
    #[error("That channel was not found; it may have been removed meanwhile.")]
    NoSuchChannel,
    #[error("That channel is not in the Discord server Liner serves (or the bot cannot see it).")]
    NotInGuild,
    #[error("#{0} is not a text or announcement channel; the bot can post only there.")]
    NotText(String),
    #[error("Discord did not list the server's channels: {0}")]
    ChannelsUnlisted(DiscordError),
    #[error("#{0} is a bot channel: the bot posts there itself, with no webhook to replace.")]
    BotHasNoWebhook(String),
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

fn channel_name(raw: &str) -> Result<&str, AddChannelError> {
    Ok(liner::admin::channel_name(raw)?)
}

/// What a channel with the name of an existing one does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfNamed {
    /// Replaces that channel's webhook or bot channel (the CLI, for scripts).
    Replace,
    /// Is refused (the admin page, where replacing is its own action).
    Refuse,
}

/// What a new channel is checked against and stored with, and who adds it (for the log).
pub struct Target<'a> {
    pub db: &'a Db,
    pub key: &'a SecretKey,
    pub guild_id: &'a str,
    pub discord: &'a dyn DiscordApi,
    pub actor: Actor,
    pub if_named: IfNamed,
}

/// Stores a channel with `upsert` and logs it as added or changed, in one transaction; refuses
/// a taken name unless the target replaces.
async fn store(
    to: &Target<'_>,
    name: String,
    upsert: impl FnOnce(&mut diesel::SqliteConnection) -> diesel::QueryResult<Channel> + Send + 'static,
) -> Result<Channel, AddChannelError> {
    let (actor, if_named) = (to.actor, to.if_named);
    to.db
        .run(move |c| {
            c.immediate_transaction(|c| {
                let taken = channels::name_taken(c, &name)?;
                if taken && if_named == IfNamed::Refuse {
                    return Ok(Err(AddChannelError::NameTaken(name)));
                }
                let channel = upsert(c)?;
                let kind = if taken {
                    AuditKind::ChannelChanged
                } else {
                    AuditKind::ChannelAdded
                };
                let how = if channel.is_bot() {
                    "bot channel"
                } else if channel.forum {
                    "forum webhook"
                } else {
                    "webhook"
                };
                audit::record(
                    c,
                    actor,
                    kind,
                    Subject::Channel(&channel),
                    Some(how),
                    now_ms(),
                )?;
                Ok(Ok(channel))
            })
        })
        .await?
}

/// What Discord says of a webhook that may be stored: it exists and belongs to the guild.
struct Verified {
    /// The Discord channel it posts to.
    channel_id: String,
    /// The webhook's own name.
    name: Option<String>,
}

/// Asks Discord about the webhook at `webhook` (already checked by [`parse_webhook_url`]).
async fn verify_webhook(to: &Target<'_>, webhook: &str) -> Result<Verified, AddChannelError> {
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
    Ok(Verified {
        channel_id: info.channel_id.ok_or(AddChannelError::NoChannel)?,
        name: info.name,
    })
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
    let info = verify_webhook(to, webhook).await?;
    let channel_id = info.channel_id;
    let blob = to.key.seal(webhook.trim())?;
    let (stored_name, discord_channel_id, key_id) = (
        name.to_string(),
        channel_id.clone(),
        to.key.id().to_string(),
    );
    let discord_name = info.name;
    store(to, name.to_string(), move |c| {
        let row = NewWebhookChannel {
            name: &stored_name,
            forum,
            discord_channel_id: &discord_channel_id,
            ciphertext: &blob,
            key_id: &key_id,
            discord_name: discord_name.as_deref(),
        };
        channels::upsert_webhook(c, &row, now_ms())
    })
    .await?;
    Ok(channel_id)
}

/// What replacing a channel's webhook changed.
pub struct Replaced {
    /// Published posts the old webhook sent, which keep it: only that webhook may edit or
    /// delete their messages.
    pub kept_old_webhook: Vec<String>,
}

/// Gives a webhook channel a new webhook, checked as a new one is (it exists and belongs to the
/// guild); clears "broken". Published posts the old webhook sent keep it, sealed, so their
/// messages can still be changed (Discord lets only the sending webhook do that).
pub async fn replace_webhook(
    to: &Target<'_>,
    channel_id: i64,
    webhook: &str,
) -> Result<Replaced, AddChannelError> {
    let Some(channel) = to
        .db
        .run(move |c| Ok(channels::find(c, channel_id)?))
        .await?
    else {
        return Err(AddChannelError::NoSuchChannel);
    };
    if channel.is_bot() {
        return Err(AddChannelError::BotHasNoWebhook(channel.name));
    }
    let webhook_id = parse_webhook_url(webhook)?;
    let info = verify_webhook(to, webhook).await?;
    let discord_channel_id = info.channel_id;
    let blob = to.key.seal(webhook.trim())?;
    let key_id = to.key.id().to_string();
    let actor = to.actor;
    to.db
        .run(move |c| {
            c.immediate_transaction(|c| {
                let row = channels::NewWebhook {
                    discord_channel_id: &discord_channel_id,
                    ciphertext: &blob,
                    key_id: &key_id,
                    discord_name: info.name.as_deref(),
                };
                let kept = match (&channel.webhook_ciphertext, &channel.webhook_key_id) {
                    (Some(old), Some(old_key)) => {
                        crate::db::posts::keep_sender_webhook(c, channel.id, old, old_key)?
                    }
                    _ => Vec::new(),
                };
                if !channels::replace_webhook(c, channel.id, &row)? {
                    return Ok(Err(AddChannelError::NoSuchChannel));
                }
                let now = now_ms();
                let hint = liner::admin::webhook_hint(&webhook_id);
                let detail = match kept.len() {
                    0 => format!("webhook replaced (now {hint})"),
                    n => format!(
                        "webhook replaced (now {hint}); the old one kept for the {n} published post(s) it sent"
                    ),
                };
                let kind = AuditKind::ChannelChanged;
                audit::record(c, actor, kind, Subject::Channel(&channel), Some(&detail), now)?;
                let kept_old_webhook = kept.iter().map(audit::post_title).collect();
                Ok(Ok(Replaced { kept_old_webhook }))
            })
        })
        .await?
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
    // The guild's own list says it is one of its channels, and gives its name.
    let listed = to
        .discord
        .guild_channels(token, to.guild_id)
        .await
        .map_err(AddChannelError::ChannelsUnlisted)?;
    let found = listed
        .into_iter()
        .find(|c| c.id == channel_id)
        .ok_or(AddChannelError::NotInGuild)?;
    if !crate::discord::permissions::takes_messages(&found) {
        return Err(AddChannelError::NotText(found.name));
    }
    to.discord
        .recent_messages(token, &channel_id, 1)
        .await
        .map_err(AddChannelError::Unreadable)?;
    let stored_name = name.clone();
    let discord_name = Some(found.name).filter(|n| !n.is_empty());
    store(to, name, move |c| {
        channels::upsert_bot(
            c,
            &stored_name,
            &channel_id,
            discord_name.as_deref(),
            now_ms(),
        )
    })
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

/// A guild channel the bot can post in, for the admins' picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotChoice {
    pub id: String,
    pub name: String,
}

/// The guild's text and announcement channels the bot may view, post and read back in, by
/// Discord's permissions (its roles', and each channel's overwrites), in Discord's order.
pub async fn bot_choices(
    to: &Target<'_>,
    bot_token: &SecretString,
) -> Result<Vec<BotChoice>, AddChannelError> {
    use crate::discord::permissions::{in_channel, takes_messages, BOT_CHANNEL};
    let unlisted = AddChannelError::ChannelsUnlisted;
    let bot = to.discord.bot_user(bot_token).await.map_err(unlisted)?;
    let member = to
        .discord
        .member_by_id(bot_token, to.guild_id, &bot.id)
        .await
        .map_err(unlisted)?
        .ok_or(AddChannelError::NotInGuild)?;
    let roles = to
        .discord
        .guild_roles(bot_token, to.guild_id)
        .await
        .map_err(unlisted)?;
    let mut listed = to
        .discord
        .guild_channels(bot_token, to.guild_id)
        .await
        .map_err(unlisted)?;
    listed.sort_by_key(|c| c.position);
    Ok(listed
        .into_iter()
        .filter(takes_messages)
        .filter(|c| {
            in_channel(to.guild_id, &roles, &bot.id, &member.roles, c) & BOT_CHANNEL == BOT_CHANNEL
        })
        .map(|c| BotChoice {
            id: c.id,
            name: c.name,
        })
        .collect())
}
