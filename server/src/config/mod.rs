//! Configuration, read once from the environment at start into a typed [`Config`]. Every bad or
//! missing variable is reported at once, by name, in one message.
//!
//! [`Config::from_lookup`] reads the variables every mode has; [`discord`] and [`lookup`] read
//! their own; [`sandbox`] holds the sandbox's fixed values, which its fakes check too.

mod discord;
mod lookup;
pub mod sandbox;

pub use discord::{DiscordConfig, GuildRules};
pub use lookup::{LookupBases, LookupConfig};

use crate::crypto::SecretKey;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use url::Url;

/// How Liner runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Built-in fakes of every outside service, loopback only.
    Sandbox,
    /// The real Discord.
    Production,
}

impl Mode {
    /// How the database records the mode it was created in.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Sandbox => "sandbox",
            Mode::Production => "production",
        }
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
    pub late_grace: Duration,
    pub lookup: LookupConfig,
    /// `LINER_SERVICE_WORKER` (default on): off serves the worker's kill switch, which removes
    /// the offline app from every browser that has it.
    pub service_worker: bool,
    /// Who may read `/metrics`.
    pub metrics: MetricsAccess,
    /// `LINER_SIGN_IN_PER_MINUTE`: sign-in requests one address may make a minute (default 30).
    pub sign_in_per_minute: std::num::NonZeroU32,
    /// `LINER_TRUSTED_PROXIES`: the reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `LINER_MEMBER_RATE_SCALE`: multiplies every member's allowance of saves, publishes and
    /// the rest (default 1).
    pub member_rate_scale: std::num::NonZeroU32,
}

/// Who may read `/metrics`: each scrape counts the queue in the database, and the figures say
/// how busy the community is, so production serves them only to a scraper with the token.
#[derive(Debug, Clone)]
pub enum MetricsAccess {
    /// Anyone who reaches the server (the sandbox, loopback only, without a token).
    Open,
    /// `Authorization: Bearer <LINER_METRICS_TOKEN>`.
    Token(secrecy::SecretString),
    /// Production without a token: `/metrics` answers 404.
    Off,
}

/// The shortest metrics token taken: guessing must not be practical.
const METRICS_TOKEN_MIN: usize = 24;

/// Every problem found, one line each.
#[derive(Debug, thiserror::Error)]
#[error("Liner cannot start; fix these environment variables (see .env.example):\n{}", .0.iter().map(|l| format!("  - {l}")).collect::<Vec<_>>().join("\n"))]
pub struct ConfigError(pub Vec<String>);

/// Reads variables and collects every problem instead of stopping at the first.
pub(crate) struct Reader<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    /// Whether variables production needs are missing when unset.
    production: bool,
    bad: Vec<String>,
}

impl Reader<'_> {
    /// The variable's value, trimmed; `None` when unset or blank.
    fn get(&self, key: &str) -> Option<String> {
        (self.lookup)(key)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    fn problem(&mut self, line: String) {
        self.bad.push(line);
    }

    /// A variable production cannot do without.
    fn required(&mut self, key: &str) -> Option<String> {
        let v = self.get(key);
        if v.is_none() && self.production {
            self.problem(format!("{key} is required in production mode"));
        }
        v
    }

    /// An http(s) URL, if set.
    fn url(&mut self, key: &str) -> Option<Url> {
        let text = self.get(key);
        self.url_from(key, text)
    }

    fn url_from(&mut self, key: &str, text: Option<String>) -> Option<Url> {
        let text = text?;
        match Url::parse(&text) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => Some(u),
            _ => {
                self.problem(format!("{key} is {text:?}; it must be an http(s) URL"));
                None
            }
        }
    }

    /// A true/false switch.
    fn switch(&mut self, key: &str, default: bool) -> bool {
        match self.get(key).as_deref() {
            None => default,
            Some("true" | "1" | "on") => true,
            Some("false" | "0" | "off") => false,
            Some(other) => {
                self.problem(format!("{key} is {other:?}; it must be true or false"));
                default
            }
        }
    }

    /// A comma-separated list of Discord ids.
    fn ids(&mut self, key: &str, text: Option<&str>) -> Vec<String> {
        let list: Vec<String> = text
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if let Some(bad) = list.iter().find(|v| !is_snowflake(v)) {
            self.problem(format!("{key} contains {bad:?}; Discord ids are numbers"));
        }
        list
    }

    fn mode(&mut self) -> Option<Mode> {
        match self.get("LINER_MODE").as_deref() {
            Some("sandbox") => Some(Mode::Sandbox),
            Some("production") => Some(Mode::Production),
            Some(other) => {
                self.problem(format!(
                    "LINER_MODE is {other:?}; it must be \"sandbox\" or \"production\""
                ));
                None
            }
            None => {
                self.problem(
                    "LINER_MODE is not set; it must be \"sandbox\" or \"production\"".into(),
                );
                None
            }
        }
    }

    fn addr(&mut self, mode: Option<Mode>) -> Option<SocketAddr> {
        let text = self
            .get("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let Ok(addr) = text.parse::<SocketAddr>() else {
            self.problem(format!(
                "LEPTOS_SITE_ADDR is {text:?}; it must be an address with a port, like 127.0.0.1:3000"
            ));
            return None;
        };
        if mode == Some(Mode::Sandbox) && !addr.ip().is_loopback() {
            self.problem(format!(
                "LEPTOS_SITE_ADDR is {addr}; sandbox mode listens only on a loopback address (127.0.0.1 or [::1])"
            ));
        }
        Some(addr)
    }

    fn late_grace(&mut self) -> Duration {
        let Some(text) = self.get("LINER_LATE_GRACE_HOURS") else {
            return Duration::from_secs(24 * 3600);
        };
        match text.parse::<u64>() {
            Ok(h) if (1..=24 * 365).contains(&h) => Duration::from_secs(h * 3600),
            _ => {
                self.problem(format!(
                    "LINER_LATE_GRACE_HOURS is {text:?}; it must be a whole number of hours from 1 to 8760"
                ));
                Duration::ZERO
            }
        }
    }

    fn secret_key(&mut self, mode: Option<Mode>) -> Option<SecretKey> {
        let text = self.required("LINER_SECRET_KEY");
        match (mode, text) {
            (Some(Mode::Production), Some(text)) => match SecretKey::from_base64(&text) {
                Ok(k) => Some(k),
                Err(why) => {
                    self.problem(format!(
                        "LINER_SECRET_KEY {why}; generate one with `openssl rand -base64 32`"
                    ));
                    None
                }
            },
            (Some(Mode::Sandbox), _) => Some(SecretKey::new(sandbox::SECRET_KEY)),
            _ => None,
        }
    }
}

impl Reader<'_> {
    fn sign_in_per_minute(&mut self) -> std::num::NonZeroU32 {
        const DEFAULT: std::num::NonZeroU32 = std::num::NonZeroU32::new(30).unwrap();
        let Some(text) = self.get("LINER_SIGN_IN_PER_MINUTE") else {
            return DEFAULT;
        };
        match text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=10_000).contains(n))
        {
            Some(n) => std::num::NonZeroU32::new(n).unwrap_or(DEFAULT),
            None => {
                self.problem(format!(
                    "LINER_SIGN_IN_PER_MINUTE is {text:?}; it must be a whole number from 1 to 10000"
                ));
                DEFAULT
            }
        }
    }

    fn member_rate_scale(&mut self) -> std::num::NonZeroU32 {
        let Some(text) = self.get("LINER_MEMBER_RATE_SCALE") else {
            return std::num::NonZeroU32::MIN;
        };
        match text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .and_then(std::num::NonZeroU32::new)
        {
            Some(n) => n,
            None => {
                self.problem(format!(
                    "LINER_MEMBER_RATE_SCALE is {text:?}; it must be a whole number from 1 to 1000"
                ));
                std::num::NonZeroU32::MIN
            }
        }
    }

    fn trusted_proxies(&mut self) -> Vec<std::net::IpAddr> {
        let text = self.get("LINER_TRUSTED_PROXIES").unwrap_or_default();
        let mut list = Vec::new();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match item.parse() {
                Ok(ip) => list.push(ip),
                Err(_) => self.problem(format!(
                    "LINER_TRUSTED_PROXIES contains {item:?}; list the proxies' IP addresses, like 127.0.0.1,::1"
                )),
            }
        }
        list
    }

    fn metrics_access(&mut self) -> MetricsAccess {
        match self.get("LINER_METRICS_TOKEN") {
            Some(token) if token.chars().count() < METRICS_TOKEN_MIN => {
                self.problem(format!(
                    "LINER_METRICS_TOKEN is too short (at least {METRICS_TOKEN_MIN} characters); generate one with `openssl rand -hex 16`"
                ));
                MetricsAccess::Off
            }
            Some(token) => MetricsAccess::Token(token.into()),
            None if self.production => MetricsAccess::Off,
            None => MetricsAccess::Open,
        }
    }
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
        let mut r = Reader {
            lookup: &get,
            production: false,
            bad: Vec::new(),
        };
        let mode = r.mode();
        r.production = mode == Some(Mode::Production);
        let addr = r.addr(mode);
        let database_path = PathBuf::from(
            r.get("DATABASE_URL")
                .map(|u| u.trim_start_matches("sqlite://").to_string())
                .unwrap_or_else(|| match mode {
                    // Apart by default: the sandbox's seed must never land in a community's file.
                    Some(Mode::Sandbox) => "data/sandbox.db".into(),
                    _ => "data/liner.db".into(),
                }),
        );
        let sandbox_record = PathBuf::from(
            r.get("LINER_SANDBOX_RECORD")
                .unwrap_or_else(|| "data/sandbox-discord.jsonl".into()),
        );
        let late_grace = r.late_grace();
        let discord = DiscordConfig::read(&mut r, mode);
        let public_url = {
            let text = r.required("LINER_PUBLIC_URL");
            r.url_from("LINER_PUBLIC_URL", text)
        };
        let secret_key = r.secret_key(mode);
        let lookup = LookupConfig::read(&mut r, mode);
        let service_worker = r.switch("LINER_SERVICE_WORKER", true);
        let metrics = r.metrics_access();
        let sign_in_per_minute = r.sign_in_per_minute();
        let trusted_proxies = r.trusted_proxies();
        let member_rate_scale = r.member_rate_scale();
        if !r.bad.is_empty() {
            return Err(ConfigError(r.bad));
        }
        let (Some(mode), Some(addr), Some(secret_key)) = (mode, addr, secret_key) else {
            return Err(ConfigError(vec!["configuration is incomplete".into()]));
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
            metrics,
            sign_in_per_minute,
            trusted_proxies,
            member_rate_scale,
        })
    }
}

#[cfg(test)]
mod tests;
