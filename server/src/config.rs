//! Configuration, read once from the environment at start into a typed [`Config`]. Every bad or
//! missing variable is reported at once, by name, in one message.

use crate::crypto::SecretKey;
use secrecy::SecretString;
use std::net::SocketAddr;
use std::path::PathBuf;
use url::Url;

/// How Liner runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Built-in fakes of every outside service, loopback only.
    Sandbox,
    /// The real Discord.
    Production,
}

/// The Discord application and guild Liner signs members into.
#[derive(Debug)]
pub struct DiscordConfig {
    pub client_id: String,
    pub client_secret: SecretString,
    pub guild_id: String,
    pub guild_name: String,
    pub admin_role_ids: Vec<String>,
    pub poster_role_ids: Vec<String>,
    /// Roles posters may mention (`MENTION_ROLES`, `id=Name` pairs), used when there is no bot
    /// token to list the guild's roles with.
    pub mention_roles: Vec<liner::post::RoleRef>,
    /// The bot's token (`DISCORD_BOT_TOKEN`), optional.
    pub bot_token: Option<SecretString>,
    /// `None` in sandbox mode, where the fakes' URLs come from the bound address.
    pub api_base: Option<Url>,
    pub authorize_url: Option<Url>,
}

/// Where releases are looked up. Every source but MusicBrainz is optional.
#[derive(Debug, Default)]
pub struct LookupConfig {
    /// `SPOTIFY_CLIENT_ID` and `SPOTIFY_CLIENT_SECRET`.
    pub spotify: Option<(String, SecretString)>,
    /// `LASTFM_API_KEY`.
    pub lastfm_key: Option<SecretString>,
    /// `MUSICBRAINZ_ENABLED` (default on).
    pub musicbrainz: bool,
    /// `SONGLINK_ENABLED` (default off), with `SONGLINK_API_KEY` if there is one.
    pub songlink: bool,
    pub songlink_key: Option<SecretString>,
    /// Production base URLs (overridable for testing); `None` in sandbox mode, which uses its
    /// fakes.
    pub bases: Option<LookupBases>,
}

#[derive(Debug, Clone)]
pub struct LookupBases {
    pub spotify_api: Url,
    pub spotify_token: Url,
    pub lastfm_api: Url,
    pub musicbrainz_api: Url,
    pub cover_art: Url,
    pub songlink_api: Url,
}

impl LookupBases {
    /// The real services.
    pub fn real() -> Result<LookupBases, url::ParseError> {
        Ok(LookupBases {
            spotify_api: Url::parse("https://api.spotify.com/v1")?,
            spotify_token: Url::parse("https://accounts.spotify.com/api/token")?,
            lastfm_api: Url::parse("https://ws.audioscrobbler.com/2.0/")?,
            musicbrainz_api: Url::parse("https://musicbrainz.org/ws/2")?,
            cover_art: Url::parse("https://coverartarchive.org")?,
            songlink_api: Url::parse("https://api.song.link/v1-alpha.1")?,
        })
    }
}

#[derive(Debug)]
pub struct Config {
    pub mode: Mode,
    pub addr: SocketAddr,
    pub database_path: PathBuf,
    /// The URL members reach Liner at (production); sandbox derives it from the bound address.
    pub public_url: Option<Url>,
    pub secret_key: SecretKey,
    pub discord: DiscordConfig,
    /// Where the sandbox's fake Discord appends what it receives.
    pub sandbox_record: PathBuf,
    /// How late a scheduled post may still go out (after downtime); older ones are marked missed.
    pub late_grace: std::time::Duration,
    pub lookup: LookupConfig,
    /// `LINER_SERVICE_WORKER` (default on): off serves the worker's kill switch, which removes
    /// the offline app from every browser that has it.
    pub service_worker: bool,
}

/// Every problem found, one line each.
#[derive(Debug, thiserror::Error)]
#[error("Liner cannot start; fix these environment variables (see .env.example):\n{}", .0.iter().map(|l| format!("  - {l}")).collect::<Vec<_>>().join("\n"))]
pub struct ConfigError(pub Vec<String>);

/// Fixed development values of the sandbox. Not secrets: the sandbox talks only to its fakes.
pub mod sandbox {
    pub const CLIENT_ID: &str = "100000000000000042";
    pub const CLIENT_SECRET: &str = "sandbox-client-secret";
    pub const GUILD_ID: &str = "100000000000000001";
    pub const GUILD_NAME: &str = "Liner Sandbox";
    pub const ADMIN_ROLE_ID: &str = "200000000000000001";
    pub const POSTER_ROLE_ID: &str = "200000000000000002";
    /// The sandbox guild's roles a post can mention (the fake lists them with the admin and
    /// poster roles).
    pub const MENTION_ROLES: [(&str, &str); 2] = [
        ("200000000000000010", "New Music"),
        ("200000000000000011", "Listening Party"),
    ];
    /// The fake Discord's bot token.
    pub const BOT_TOKEN: &str = "sandbox-bot-token";
    pub const SECRET_KEY: [u8; 32] = *b"liner-sandbox-key-not-a-secret!!";
}

fn id_list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_snowflake(s: &str) -> bool {
    !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit())
}

impl Config {
    /// Reads the process environment (after loading a `.env` file, if there is one).
    pub fn from_env() -> Result<Config, ConfigError> {
        let _ = dotenvy::dotenv();
        Config::from_lookup(|k| std::env::var(k).ok())
    }

    /// Parses configuration from any key → value lookup.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |k: &str| {
            get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let mut bad = Vec::new();

        let mode = match get("LINER_MODE").as_deref() {
            Some("sandbox") => Some(Mode::Sandbox),
            Some("production") => Some(Mode::Production),
            Some(other) => {
                bad.push(format!(
                    "LINER_MODE is {other:?}; it must be \"sandbox\" or \"production\""
                ));
                None
            }
            None => {
                bad.push("LINER_MODE is not set; it must be \"sandbox\" or \"production\"".into());
                None
            }
        };

        let addr_text = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr = match addr_text.parse::<SocketAddr>() {
            Ok(a) => Some(a),
            Err(_) => {
                bad.push(format!(
                    "LEPTOS_SITE_ADDR is {addr_text:?}; it must be an address with a port, like 127.0.0.1:3000"
                ));
                None
            }
        };
        if let (Some(Mode::Sandbox), Some(a)) = (mode, addr) {
            if !a.ip().is_loopback() {
                bad.push(format!(
                    "LEPTOS_SITE_ADDR is {a}; sandbox mode listens only on a loopback address (127.0.0.1 or [::1])"
                ));
            }
        }

        let database_path = PathBuf::from(
            get("DATABASE_URL")
                .map(|u| u.trim_start_matches("sqlite://").to_string())
                .unwrap_or_else(|| "data/liner.db".into()),
        );
        let sandbox_record = PathBuf::from(
            get("LINER_SANDBOX_RECORD").unwrap_or_else(|| "data/sandbox-discord.jsonl".into()),
        );

        let late_grace = match get("LINER_LATE_GRACE_HOURS") {
            None => std::time::Duration::from_secs(24 * 3600),
            Some(text) => match text.parse::<u64>() {
                Ok(h) if (1..=24 * 365).contains(&h) => std::time::Duration::from_secs(h * 3600),
                _ => {
                    bad.push(format!(
                        "LINER_LATE_GRACE_HOURS is {text:?}; it must be a whole number of hours from 1 to 8760"
                    ));
                    std::time::Duration::ZERO
                }
            },
        };

        let production = mode == Some(Mode::Production);
        let mut required = |key: &str| {
            let v = get(key);
            if v.is_none() && production {
                bad.push(format!("{key} is required in production mode"));
            }
            v
        };
        let client_id = required("DISCORD_CLIENT_ID");
        let client_secret = required("DISCORD_CLIENT_SECRET");
        let guild_id = required("DISCORD_GUILD_ID");
        let admin_roles = required("ADMIN_ROLE_IDS");
        let public_url_text = required("LINER_PUBLIC_URL");
        let secret_key_text = required("LINER_SECRET_KEY");
        let poster_roles = get("POSTER_ROLE_IDS");
        let mention_roles = match get("MENTION_ROLES").as_deref().map(parse_roles) {
            Some(Ok(list)) => list,
            Some(Err(why)) => {
                bad.push(format!("MENTION_ROLES {why}"));
                Vec::new()
            }
            None => Vec::new(),
        };

        let mut url_var = |key: &str, text: Option<String>| -> Option<Url> {
            let text = text?;
            match Url::parse(&text) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => Some(u),
                _ => {
                    bad.push(format!("{key} is {text:?}; it must be an http(s) URL"));
                    None
                }
            }
        };
        let public_url = url_var("LINER_PUBLIC_URL", public_url_text);
        let lookup_bases = LookupBases::real().ok().map(|real| LookupBases {
            spotify_api: url_var("SPOTIFY_API_BASE", get("SPOTIFY_API_BASE"))
                .unwrap_or(real.spotify_api),
            spotify_token: url_var("SPOTIFY_TOKEN_URL", get("SPOTIFY_TOKEN_URL"))
                .unwrap_or(real.spotify_token),
            lastfm_api: url_var("LASTFM_API_BASE", get("LASTFM_API_BASE"))
                .unwrap_or(real.lastfm_api),
            musicbrainz_api: url_var("MUSICBRAINZ_API_BASE", get("MUSICBRAINZ_API_BASE"))
                .unwrap_or(real.musicbrainz_api),
            cover_art: url_var("COVER_ART_BASE", get("COVER_ART_BASE")).unwrap_or(real.cover_art),
            songlink_api: url_var("SONGLINK_API_BASE", get("SONGLINK_API_BASE"))
                .unwrap_or(real.songlink_api),
        });
        let api_base = url_var("DISCORD_API_BASE", get("DISCORD_API_BASE"));
        let authorize_url = url_var("DISCORD_AUTHORIZE_URL", get("DISCORD_AUTHORIZE_URL"));

        for (key, value) in [
            (
                "DISCORD_GUILD_ID",
                guild_id.iter().cloned().collect::<Vec<_>>(),
            ),
            (
                "ADMIN_ROLE_IDS",
                admin_roles.as_deref().map(id_list).unwrap_or_default(),
            ),
            (
                "POSTER_ROLE_IDS",
                poster_roles.as_deref().map(id_list).unwrap_or_default(),
            ),
        ] {
            if let Some(badid) = value.iter().find(|v| !is_snowflake(v)) {
                bad.push(format!("{key} contains {badid:?}; Discord ids are numbers"));
            }
        }

        let secret_key = match (mode, secret_key_text) {
            (Some(Mode::Production), Some(text)) => match SecretKey::from_base64(&text) {
                Ok(k) => Some(k),
                Err(why) => {
                    bad.push(format!(
                        "LINER_SECRET_KEY {why}; generate one with `openssl rand -base64 32`"
                    ));
                    None
                }
            },
            (Some(Mode::Sandbox), _) => Some(SecretKey::new(sandbox::SECRET_KEY)),
            _ => None,
        };

        let spotify = match (get("SPOTIFY_CLIENT_ID"), get("SPOTIFY_CLIENT_SECRET")) {
            (Some(id), Some(secret)) => Some((id, SecretString::from(secret))),
            (None, None) => None,
            _ => {
                bad.push(
                    "SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET go together; set both or neither"
                        .to_string(),
                );
                None
            }
        };
        let mut switch = |key: &str, default: bool| match get(key).as_deref() {
            None => default,
            Some("true" | "1" | "on") => true,
            Some("false" | "0" | "off") => false,
            Some(other) => {
                bad.push(format!("{key} is {other:?}; it must be true or false"));
                default
            }
        };
        let service_worker = switch("LINER_SERVICE_WORKER", true);
        let songlink = switch("SONGLINK_ENABLED", false);
        let musicbrainz = switch("MUSICBRAINZ_ENABLED", true);
        if !bad.is_empty() {
            return Err(ConfigError(bad));
        }
        let (Some(mode), Some(addr), Some(secret_key)) = (mode, addr, secret_key) else {
            return Err(ConfigError(vec!["configuration is incomplete".into()]));
        };
        let discord = match mode {
            Mode::Sandbox => DiscordConfig {
                client_id: sandbox::CLIENT_ID.into(),
                client_secret: SecretString::from(sandbox::CLIENT_SECRET),
                guild_id: sandbox::GUILD_ID.into(),
                guild_name: sandbox::GUILD_NAME.into(),
                admin_role_ids: vec![sandbox::ADMIN_ROLE_ID.into()],
                poster_role_ids: vec![sandbox::POSTER_ROLE_ID.into()],
                mention_roles: sandbox::MENTION_ROLES
                    .iter()
                    .map(|(id, name)| liner::post::RoleRef {
                        id: (*id).into(),
                        name: (*name).into(),
                    })
                    .collect(),
                bot_token: Some(SecretString::from(sandbox::BOT_TOKEN)),
                api_base: None,
                authorize_url: None,
            },
            Mode::Production => DiscordConfig {
                client_id: client_id.unwrap_or_default(),
                client_secret: SecretString::from(client_secret.unwrap_or_default()),
                guild_id: guild_id.unwrap_or_default(),
                guild_name: get("DISCORD_GUILD_NAME")
                    .unwrap_or_else(|| "this Discord server".into()),
                admin_role_ids: admin_roles.as_deref().map(id_list).unwrap_or_default(),
                poster_role_ids: poster_roles.as_deref().map(id_list).unwrap_or_default(),
                mention_roles,
                bot_token: get("DISCORD_BOT_TOKEN").map(SecretString::from),
                api_base: Some(api_base.unwrap_or_else(default_api_base)),
                authorize_url: Some(authorize_url.unwrap_or_else(default_authorize_url)),
            },
        };
        let lookup = match mode {
            Mode::Sandbox => {
                // Which fake sources the sandbox configures, to see Liner without keys.
                let list = get("LINER_SANDBOX_SOURCES")
                    .unwrap_or_else(|| "spotify,lastfm,musicbrainz,songlink".into());
                let on = |name: &str| list.split(',').any(|s| s.trim() == name);
                LookupConfig {
                    spotify: on("spotify").then(|| {
                        (
                            crate::fakes::music::SPOTIFY_CLIENT_ID.into(),
                            SecretString::from(crate::fakes::music::SPOTIFY_CLIENT_SECRET),
                        )
                    }),
                    lastfm_key: on("lastfm")
                        .then(|| SecretString::from(crate::fakes::music::LASTFM_API_KEY)),
                    musicbrainz: on("musicbrainz"),
                    songlink: on("songlink"),
                    songlink_key: None,
                    bases: None,
                }
            }
            Mode::Production => LookupConfig {
                spotify,
                lastfm_key: get("LASTFM_API_KEY").map(SecretString::from),
                musicbrainz,
                songlink,
                songlink_key: get("SONGLINK_API_KEY").map(SecretString::from),
                bases: lookup_bases,
            },
        };
        Ok(Config {
            mode,
            addr,
            database_path,
            public_url,
            secret_key,
            discord,
            sandbox_record,
            late_grace,
            lookup,
            service_worker,
        })
    }
}

fn default_api_base() -> Url {
    Url::parse("https://discord.com/api/v10").unwrap_or_else(|_| unreachable!("valid literal"))
}

fn default_authorize_url() -> Url {
    Url::parse("https://discord.com/oauth2/authorize")
        .unwrap_or_else(|_| unreachable!("valid literal"))
}

/// Reads `id=Name,id=Name`.
fn parse_roles(text: &str) -> Result<Vec<liner::post::RoleRef>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((id, name)) if is_snowflake(id.trim()) && !name.trim().is_empty() => {
                Ok(liner::post::RoleRef {
                    id: id.trim().into(),
                    name: name.trim().into(),
                })
            }
            _ => Err(format!(
                "has {pair:?}; write role id=Name pairs separated by commas"
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
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
        assert_eq!(c.database_path, PathBuf::from("data/liner.db"));
        assert_eq!(c.discord.guild_name, "Liner Sandbox");
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
        Ok(())
    }
}
