//! Sign-in with Discord (OAuth2 authorization code + PKCE), sessions stored in SQLite, and the
//! middleware that turns a session into the request's [`liner::views::Viewer`].

pub mod routes;
pub mod session_store;
pub mod viewer;

/// Session keys.
pub(crate) mod keys {
    pub const USER_ID: &str = "user_id";
    pub const CREATED_AT: &str = "created_at";
    pub const SEEN_AT: &str = "seen_at";
    pub const OAUTH_STATE: &str = "oauth_state";
    pub const PKCE_VERIFIER: &str = "pkce_verifier";
}

/// A session lives 7 days after its last use, and never more than 30 days after sign-in.
pub const IDLE_DAYS: i64 = 7;
pub const ABSOLUTE_DAYS: i64 = 30;
/// A session is only saved when its data changes; touching it this often (seconds) keeps an
/// active session alive without a database write on every request.
pub const TOUCH_SECS: i64 = 3600;
