//! Sign-in with Discord (OAuth2 authorization code + PKCE), sessions stored in SQLite, and the
//! middleware that turns a session into the request's [`liner::views::Viewer`].

pub mod member_token;
pub mod membership;
pub mod pending;
pub mod routes;
pub mod session_store;
pub mod sign_in_limit;
pub mod viewer;

use crate::config::GuildRules;
use crate::db::Db;
use crate::discord::DiscordApi;
use oauth2::basic::BasicClient;
use oauth2::{EndpointNotSet, EndpointSet};
use std::sync::Arc;

pub type OAuthClient =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// What signing in needs: the OAuth client, Discord to ask who the member is, and the guild's
/// rules for who gets in as what.
pub struct SignIn {
    pub db: Db,
    pub oauth: OAuthClient,
    /// For the OAuth token exchange.
    pub http: reqwest::Client,
    /// Discord's limits and refusal count, shared with every other request to Discord.
    pub discord_shared: crate::discord::http::Shared,
    pub discord: Arc<dyn DiscordApi>,
    pub guild: GuildRules,
    /// Seals the sign-in in progress into its cookie.
    pub key: Arc<crate::crypto::SecretKey>,
    /// Liner is served over https: the cookie is Secure and `__Host-` prefixed.
    pub https: bool,
    /// Keep each member's Discord authorization (sealed) to re-check their role: without a
    /// bot token it is the only way to ask.
    pub keep_authorizations: bool,
}

/// Session keys.
pub(crate) mod keys {
    pub const USER_ID: &str = "user_id";
    pub const CREATED_AT: &str = "created_at";
    pub const SEEN_AT: &str = "seen_at";
}

/// A session lives 7 days after its last use, and never more than 30 days after sign-in.
pub const IDLE_DAYS: i64 = 7;
pub const ABSOLUTE_DAYS: i64 = 30;
/// A session is only saved when its data changes; touching it this often (seconds) keeps an
/// active session alive without a database write on every request.
pub const TOUCH_SECS: i64 = 3600;
