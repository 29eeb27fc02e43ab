//! The Discord application and guild Liner signs members into.

use super::{sandbox, Mode, Reader};
use secrecy::SecretString;
use url::Url;

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

impl DiscordConfig {
    /// The production variables, checked in every mode; the sandbox's own guild in sandbox mode.
    pub(super) fn read(r: &mut Reader<'_>, mode: Option<Mode>) -> DiscordConfig {
        let client_id = r.required("DISCORD_CLIENT_ID");
        let client_secret = r.required("DISCORD_CLIENT_SECRET");
        let guild_id = r.required("DISCORD_GUILD_ID");
        let admin_roles = r.required("ADMIN_ROLE_IDS");
        let poster_roles = r.get("POSTER_ROLE_IDS");
        let mention_roles = match r.get("MENTION_ROLES").as_deref().map(parse_roles) {
            Some(Ok(list)) => list,
            Some(Err(why)) => {
                r.problem(format!("MENTION_ROLES {why}"));
                Vec::new()
            }
            None => Vec::new(),
        };
        let api_base = r.url("DISCORD_API_BASE");
        let authorize_url = r.url("DISCORD_AUTHORIZE_URL");
        if let Some(bad) = guild_id.as_ref().filter(|g| !super::is_snowflake(g)) {
            r.problem(format!(
                "DISCORD_GUILD_ID contains {bad:?}; Discord ids are numbers"
            ));
        }
        let admin_role_ids = r.ids("ADMIN_ROLE_IDS", admin_roles.as_deref());
        let poster_role_ids = r.ids("POSTER_ROLE_IDS", poster_roles.as_deref());
        if mode == Some(Mode::Sandbox) {
            let mut sandbox = sandbox::discord();
            // To see Liner as a community without a bot runs it.
            if !r.switch("LINER_SANDBOX_BOT", true) {
                sandbox.bot_token = None;
            }
            return sandbox;
        }
        DiscordConfig {
            client_id: client_id.unwrap_or_default(),
            client_secret: SecretString::from(client_secret.unwrap_or_default()),
            guild_id: guild_id.unwrap_or_default(),
            guild_name: r
                .get("DISCORD_GUILD_NAME")
                .unwrap_or_else(|| "this Discord server".into()),
            admin_role_ids,
            poster_role_ids,
            mention_roles,
            bot_token: r.get("DISCORD_BOT_TOKEN").map(SecretString::from),
            api_base: Some(api_base.unwrap_or_else(default_api_base)),
            authorize_url: Some(authorize_url.unwrap_or_else(default_authorize_url)),
        }
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
            Some((id, name)) if super::is_snowflake(id.trim()) && !name.trim().is_empty() => {
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

/// Who may sign in and post, and as what.
#[derive(Debug, Clone)]
pub struct GuildRules {
    pub guild_id: String,
    pub guild_name: String,
    pub admin_role_ids: Vec<String>,
    pub poster_role_ids: Vec<String>,
}

impl DiscordConfig {
    pub fn rules(&self) -> GuildRules {
        GuildRules {
            guild_id: self.guild_id.clone(),
            guild_name: self.guild_name.clone(),
            admin_role_ids: self.admin_role_ids.clone(),
            poster_role_ids: self.poster_role_ids.clone(),
        }
    }
}
