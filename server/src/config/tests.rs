//! Reading the configuration: what each mode needs, and how every problem is named.

use super::*;
use secrecy::ExposeSecret;
use std::collections::HashMap;

fn parse(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_lookup(|k| map.get(k).cloned())
}

#[test]
fn sandbox_needs_only_the_mode() -> Result<(), ConfigError> {
    let c = parse(&[("LINER_MODE", "sandbox")])?;
    assert_eq!(c.mode, Mode::Sandbox);
    assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
    assert_eq!(c.database_path, PathBuf::from("data/sandbox.db"));
    assert_eq!(c.discord.guild_name, "Liner Sandbox");
    Ok(())
}

#[test]
fn the_sandbox_bot_can_be_switched_off_and_a_bad_value_is_named() -> Result<(), ConfigError> {
    let with = parse(&[("LINER_MODE", "sandbox")])?;
    assert!(with.discord.bot_token.is_some());
    let without = parse(&[("LINER_MODE", "sandbox"), ("LINER_SANDBOX_BOT", "off")])?;
    assert!(without.discord.bot_token.is_none());
    let err = parse(&[("LINER_MODE", "sandbox"), ("LINER_SANDBOX_BOT", "maybe")])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains(r#"LINER_SANDBOX_BOT is "maybe"; it must be true or false"#),
        "{err}"
    );
    Ok(())
}

#[test]
fn lookup_sources_are_optional_but_spotify_needs_both_halves() -> Result<(), ConfigError> {
    let c = parse(&[("LINER_MODE", "sandbox")])?;
    assert!(c.lookup.spotify.is_some() && c.lookup.lastfm_key.is_some());
    let err = parse(&[
        ("LINER_MODE", "sandbox"),
        ("SPOTIFY_CLIENT_ID", "abc"),
        ("MUSICBRAINZ_ENABLED", "maybe"),
    ])
    .err()
    .map(|e| e.0)
    .unwrap_or_default();
    assert_eq!(
        err,
        [
            "SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET go together; set both or neither",
            "MUSICBRAINZ_ENABLED is \"maybe\"; it must be true or false"
        ]
    );
    Ok(())
}

#[test]
fn missing_mode_is_named() {
    let err = parse(&[]).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("LINER_MODE is not set"), "{err}");
}

#[test]
fn sandbox_refuses_a_public_address() {
    let err = parse(&[
        ("LINER_MODE", "sandbox"),
        ("LEPTOS_SITE_ADDR", "0.0.0.0:3000"),
    ])
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(
        err.contains("sandbox mode listens only on a loopback address"),
        "{err}"
    );
}

#[test]
fn production_names_every_missing_variable_at_once() {
    let err = parse(&[("LINER_MODE", "production")])
        .err()
        .map(|e| e.0)
        .unwrap_or_default();
    for key in [
        "DISCORD_CLIENT_ID",
        "DISCORD_CLIENT_SECRET",
        "DISCORD_GUILD_ID",
        "ADMIN_ROLE_IDS",
        "LINER_PUBLIC_URL",
        "LINER_SECRET_KEY",
    ] {
        assert!(
            err.iter().any(|l| l.starts_with(key)),
            "{key} missing from {err:?}"
        );
    }
}

#[test]
fn bad_values_are_explained() {
    let err = parse(&[
        ("LINER_MODE", "production"),
        ("LEPTOS_SITE_ADDR", "localhost"),
        ("DISCORD_CLIENT_ID", "1"),
        ("DISCORD_CLIENT_SECRET", "s"),
        ("DISCORD_GUILD_ID", "abc"),
        ("ADMIN_ROLE_IDS", "1,2"),
        ("LINER_PUBLIC_URL", "liner.example"),
        ("LINER_SECRET_KEY", "c2hvcnQ="),
    ])
    .err()
    .map(|e| e.0)
    .unwrap_or_default();
    assert_eq!(err.len(), 4, "{err:?}");
    assert!(err[0].starts_with("LEPTOS_SITE_ADDR"));
    assert!(err
        .iter()
        .any(|l| l.starts_with("LINER_PUBLIC_URL is \"liner.example\"")));
    assert!(err
        .iter()
        .any(|l| l.starts_with("DISCORD_GUILD_ID contains \"abc\"")));
    assert!(err
        .iter()
        .any(|l| l.contains("must decode to 32 bytes, not 5")));
}

#[test]
fn the_late_grace_window_is_a_day_unless_set() -> Result<(), ConfigError> {
    let c = parse(&[("LINER_MODE", "sandbox")])?;
    assert_eq!(c.late_grace.as_secs(), 24 * 3600);
    let c = parse(&[("LINER_MODE", "sandbox"), ("LINER_LATE_GRACE_HOURS", "2")])?;
    assert_eq!(c.late_grace.as_secs(), 2 * 3600);
    let err = parse(&[("LINER_MODE", "sandbox"), ("LINER_LATE_GRACE_HOURS", "0")])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("LINER_LATE_GRACE_HOURS is \"0\""), "{err}");
    Ok(())
}

#[test]
fn production_parses() -> Result<(), ConfigError> {
    let c = parse(&[
        ("LINER_MODE", "production"),
        ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
        ("DISCORD_CLIENT_ID", "1"),
        ("DISCORD_CLIENT_SECRET", "s"),
        ("DISCORD_GUILD_ID", "123"),
        ("ADMIN_ROLE_IDS", "1, 2"),
        ("POSTER_ROLE_IDS", "3"),
        ("LINER_PUBLIC_URL", "https://liner.example"),
        ("LINER_SECRET_KEY", &format!("{}=", "A".repeat(43))),
        ("DISCORD_BOT_TOKEN", "bot-token"),
        ("MENTION_ROLES", "10=New Music, 11=Listening Party"),
    ])?;
    assert_eq!(
        c.discord.bot_token.as_ref().map(|t| t.expose_secret()),
        Some("bot-token")
    );
    assert_eq!(c.discord.mention_roles[1].name, "Listening Party");
    assert_eq!(c.discord.admin_role_ids, vec!["1", "2"]);
    assert_eq!(c.discord.poster_role_ids, vec!["3"]);
    assert_eq!(
        c.discord.api_base.map(|u| u.to_string()).as_deref(),
        Some("https://discord.com/api/v10")
    );
    // No metrics token: production serves no metrics.
    assert!(matches!(c.metrics, MetricsAccess::Off));
    Ok(())
}

#[test]
fn metrics_need_a_long_token_in_production_and_are_open_in_the_sandbox() -> Result<(), ConfigError>
{
    assert!(matches!(
        parse(&[("LINER_MODE", "sandbox")])?.metrics,
        MetricsAccess::Open
    ));
    let c = parse(&[
        ("LINER_MODE", "sandbox"),
        ("LINER_METRICS_TOKEN", &"t".repeat(32)),
    ])?;
    assert!(matches!(c.metrics, MetricsAccess::Token(t) if t.expose_secret().len() == 32));
    let err = parse(&[("LINER_MODE", "sandbox"), ("LINER_METRICS_TOKEN", "short")])
        .err()
        .map(|e| e.0)
        .unwrap_or_default();
    assert!(
        err.iter()
            .any(|l| l.starts_with("LINER_METRICS_TOKEN is too short")),
        "{err:?}"
    );
    Ok(())
}

#[test]
fn the_sign_in_limit_and_trusted_proxies_are_read_and_bad_values_named() -> Result<(), ConfigError>
{
    let c = parse(&[("LINER_MODE", "sandbox")])?;
    assert_eq!(c.sign_in_per_minute.get(), 30);
    assert!(c.trusted_proxies.is_empty());
    let c = parse(&[
        ("LINER_MODE", "sandbox"),
        ("LINER_SIGN_IN_PER_MINUTE", "120"),
        ("LINER_TRUSTED_PROXIES", "127.0.0.1, ::1"),
    ])?;
    assert_eq!(c.sign_in_per_minute.get(), 120);
    assert_eq!(c.trusted_proxies.len(), 2);
    let err = parse(&[
        ("LINER_MODE", "sandbox"),
        ("LINER_SIGN_IN_PER_MINUTE", "0"),
        ("LINER_TRUSTED_PROXIES", "127.0.0.1,proxy.local"),
    ])
    .err()
    .map(|e| e.0)
    .unwrap_or_default();
    assert_eq!(
        err,
        [
            "LINER_SIGN_IN_PER_MINUTE is \"0\"; it must be a whole number from 1 to 10000",
            "LINER_TRUSTED_PROXIES contains \"proxy.local\"; list the proxies' IP addresses, like 127.0.0.1,::1",
        ]
    );
    Ok(())
}

#[test]
fn the_member_rate_scale_is_read_and_a_bad_one_named() -> Result<(), ConfigError> {
    assert_eq!(
        parse(&[("LINER_MODE", "sandbox")])?.member_rate_scale.get(),
        1
    );
    let c = parse(&[("LINER_MODE", "sandbox"), ("LINER_MEMBER_RATE_SCALE", "5")])?;
    assert_eq!(c.member_rate_scale.get(), 5);
    for bad in ["0", "1001", "fast"] {
        let err = parse(&[("LINER_MODE", "sandbox"), ("LINER_MEMBER_RATE_SCALE", bad)])
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        assert_eq!(
            err,
            [format!(
                "LINER_MEMBER_RATE_SCALE is {bad:?}; it must be a whole number from 1 to 1000"
            )]
        );
    }
    Ok(())
}
