//! Fixed development values of the sandbox. Not secrets: the sandbox talks only to its fakes,
//! which check these same values.

use super::{DiscordConfig, LookupConfig};
use secrecy::SecretString;

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
/// The fake music services' credentials.
pub const SPOTIFY_CLIENT_ID: &str = "sandbox-spotify-client";
pub const SPOTIFY_CLIENT_SECRET: &str = "sandbox-spotify-secret";
pub const LASTFM_API_KEY: &str = "sandbox-lastfm-key";

/// The sandbox guild, as the fake Discord serves it.
pub(super) fn discord() -> DiscordConfig {
    DiscordConfig {
        client_id: CLIENT_ID.into(),
        client_secret: SecretString::from(CLIENT_SECRET),
        guild_id: GUILD_ID.into(),
        guild_name: GUILD_NAME.into(),
        admin_role_ids: vec![ADMIN_ROLE_ID.into()],
        poster_role_ids: vec![POSTER_ROLE_ID.into()],
        mention_roles: MENTION_ROLES
            .iter()
            .map(|(id, name)| liner::post::RoleRef {
                id: (*id).into(),
                name: (*name).into(),
            })
            .collect(),
        bot_token: Some(SecretString::from(BOT_TOKEN)),
        api_base: None,
        authorize_url: None,
    }
}

/// The fake sources named in `list` (`LINER_SANDBOX_SOURCES`), to see Liner without one.
pub(super) fn lookup(list: &str) -> LookupConfig {
    let on = |name: &str| list.split(',').any(|s| s.trim() == name);
    LookupConfig {
        spotify: on("spotify").then(|| {
            (
                SPOTIFY_CLIENT_ID.into(),
                SecretString::from(SPOTIFY_CLIENT_SECRET),
            )
        }),
        lastfm_key: on("lastfm").then(|| SecretString::from(LASTFM_API_KEY)),
        musicbrainz: on("musicbrainz"),
        songlink: on("songlink"),
        songlink_key: None,
        bases: None,
    }
}
