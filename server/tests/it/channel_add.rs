//! `liner channel add`: the webhook is checked with Discord and against the configured guild,
//! and its URL is stored encrypted; bad input changes nothing.

use secrecy::ExposeSecret;
use server::config::Config;
use server::db::{channels, Db};
use server::discord::double::DiscordDouble;
use server::discord::WebhookInfo;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const WEBHOOK: &str = "https://discord.com/api/webhooks/123456/secret-token";
/// A channel the stub bot can read.
const READABLE: &str = "111111111111111111";

/// Discord, as far as `channel add` talks to it: one webhook in `guild`, one readable channel.
fn one_webhook_discord(guild: &str) -> DiscordDouble {
    DiscordDouble::new()
        .with_webhook(
            WEBHOOK,
            WebhookInfo {
                id: "123456".into(),
                guild_id: Some(guild.into()),
                channel_id: Some("777".into()),
                name: Some("Liner".into()),
            },
        )
        .with_readable_channel(READABLE)
}

fn production(dir: &std::path::Path) -> Result<Config, Box<dyn std::error::Error>> {
    let db = dir.join("liner.db").to_string_lossy().to_string();
    Ok(Config::from_lookup(|k| {
        Some(match k {
            "LINER_MODE" => "production".into(),
            "DATABASE_URL" => db.clone(),
            "DISCORD_CLIENT_ID" => "1".into(),
            "DISCORD_CLIENT_SECRET" => "s".into(),
            "DISCORD_GUILD_ID" => "42".into(),
            "ADMIN_ROLE_IDS" => "7".into(),
            "LINER_PUBLIC_URL" => "https://liner.example".into(),
            "LINER_SECRET_KEY" => "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=".into(),
            "DISCORD_BOT_TOKEN" => "bot-token".into(),
            _ => return None,
        })
    })?)
}

fn stored(config: &Config) -> Result<Vec<channels::Channel>, Box<dyn std::error::Error>> {
    let db = Db::open(&config.database_path)?;
    Ok(channels::all(&mut *db.conn()?)?)
}

#[tokio::test]
async fn a_webhook_of_the_guild_is_stored_encrypted() -> TestResult {
    let dir = tempfile::tempdir()?;
    let config = production(dir.path())?;
    let discord = one_webhook_discord("42");
    let channel_id =
        server::cli::add_channel(&config, &discord, "#releases", WEBHOOK, false).await?;
    assert_eq!(channel_id, "777");
    let rows = stored(&config)?;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "releases");
    assert_eq!(rows[0].discord_channel_id, "777");
    let blob = rows[0].webhook_ciphertext.clone().unwrap_or_default();
    assert!(!String::from_utf8_lossy(&blob).contains("secret-token"));
    let key_id = rows[0].webhook_key_id.clone().unwrap_or_default();
    assert_eq!(
        config.secret_key.open(&blob, &key_id)?.expose_secret(),
        WEBHOOK
    );
    Ok(())
}

#[tokio::test]
async fn a_webhook_of_another_guild_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let config = production(dir.path())?;
    let discord = one_webhook_discord("99");
    let err = server::cli::add_channel(&config, &discord, "releases", WEBHOOK, false)
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("belongs to another Discord server (guild 99)"),
        "{err}"
    );
    assert!(stored(&config)?.is_empty());
    Ok(())
}

#[tokio::test]
async fn bad_input_is_refused_before_asking_discord() -> TestResult {
    let dir = tempfile::tempdir()?;
    let config = production(dir.path())?;
    let discord = one_webhook_discord("42");
    for (name, url, why) in [
        (
            "releases",
            "https://evil.example/api/webhooks/1/x",
            "https://discord.com/api/webhooks/",
        ),
        ("releases", "not a url", "not a URL"),
        ("", WEBHOOK, "Give the channel a name."),
    ] {
        let err = server::cli::add_channel(&config, &discord, name, url, false)
            .await
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains(why), "{url}: {err}");
    }
    assert_eq!(discord.calls(), 0);
    let gone = server::cli::add_channel(
        &config,
        &discord,
        "releases",
        "https://discord.com/api/webhooks/1/deleted",
        false,
    )
    .await;
    assert!(gone.is_err());
    assert!(stored(&config)?.is_empty());
    Ok(())
}

#[tokio::test]
async fn a_bot_channel_the_bot_can_read_is_stored() -> TestResult {
    let dir = tempfile::tempdir()?;
    let config = production(dir.path())?;
    let discord = one_webhook_discord("42");
    server::cli::add_bot_channel(&config, &discord, "#news", READABLE).await?;
    let rows = stored(&config)?;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "news");
    assert!(rows[0].is_bot());
    assert_eq!(rows[0].discord_channel_id, READABLE);
    assert_eq!(
        rows[0].discord_name.as_deref(),
        Some(format!("channel-{READABLE}").as_str()),
        "named as the guild lists it"
    );
    assert!(rows[0].webhook_ciphertext.is_none());
    Ok(())
}

#[tokio::test]
async fn a_bot_channel_is_refused_when_unreadable_or_malformed() -> TestResult {
    let dir = tempfile::tempdir()?;
    let config = production(dir.path())?;
    let discord = one_webhook_discord("42");
    for (id, why) in [
        (
            "222222222222222222",
            "not in the Discord server Liner serves",
        ),
        ("12ab", "17 to 20 digits"),
        ("../../guilds/1", "17 to 20 digits"),
    ] {
        let err = server::cli::add_bot_channel(&config, &discord, "news", id)
            .await
            .err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_default();
        assert!(err.contains(why), "{id}: {err}");
    }
    assert!(stored(&config)?.is_empty());
    Ok(())
}
