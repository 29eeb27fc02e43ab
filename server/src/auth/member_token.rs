//! The member's own Discord authorization, kept so Liner can ask Discord whether they still
//! hold their role when no bot token is configured (`GET /users/@me/guilds/{guild}/member`
//! answers to the member's token, with the `guilds.members.read` scope sign-in asks for).
//!
//! Kept only by a Liner without a bot token (one with a bot asks the bot), sealed like webhook
//! URLs (`users.discord_token_*`), never sent to the browser or logged. The access token lives a week; once it is past its time, or Discord refuses it, the
//! refresh token gets a new pair (Discord replaces the refresh token each time, so refreshes
//! take turns: a second refresh with the old one would be refused).

use super::OAuthClient;
use crate::crypto::{CryptoError, SecretKey};
use crate::db::schema::users;
use crate::db::{now_ms, Db, DbError};
use crate::discord::http::Shared;
use diesel::prelude::*;
use oauth2::basic::{BasicErrorResponseType, BasicTokenResponse};
use oauth2::{RefreshToken, RequestTokenError, TokenResponse};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Taken off the access token's life, so it is not used in its last seconds.
const MARGIN_MS: i64 = 60_000;
/// When Discord names no lifetime (it always does): a week, Discord's usual.
const DEFAULT_LIFE_MS: i64 = 7 * 24 * 3600 * 1000;

/// What is sealed: both tokens and when the access token ends.
#[derive(Serialize, Deserialize)]
struct Stored {
    access: String,
    refresh: Option<String>,
    /// Unix milliseconds.
    expires_at: i64,
}

impl Stored {
    fn from_response(token: &BasicTokenResponse, now: i64) -> Stored {
        let life = token
            .expires_in()
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(DEFAULT_LIFE_MS))
            .unwrap_or(DEFAULT_LIFE_MS);
        Stored {
            access: token.access_token().secret().clone(),
            refresh: token.refresh_token().map(|r| r.secret().clone()),
            expires_at: now + life - MARGIN_MS,
        }
    }
}

/// A sealed authorization, ready for the member's row.
pub struct Sealed {
    pub ciphertext: Vec<u8>,
    pub key_id: String,
}

/// Seals what Discord's token endpoint answered, to store at sign-in.
pub fn seal(key: &SecretKey, token: &BasicTokenResponse, now: i64) -> Result<Sealed, CryptoError> {
    let json = serde_json::to_string(&Stored::from_response(token, now))
        .map_err(|_| CryptoError::Encrypt)?;
    Ok(Sealed {
        ciphertext: key.seal(&json)?,
        key_id: key.id().to_string(),
    })
}

/// Stores (or replaces) the member's authorization; `None` forgets it (a Liner with a bot
/// keeps no member's tokens).
pub fn store(
    conn: &mut SqliteConnection,
    user_id: i64,
    sealed: Option<&Sealed>,
) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((
            users::discord_token_ciphertext.eq(sealed.map(|s| &s.ciphertext)),
            users::discord_token_key_id.eq(sealed.map(|s| &s.key_id)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Why no usable token could be had.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The member withdrew Liner's access in Discord (or it ran out): Liner can no longer ask.
    #[error("Discord no longer accepts the member's authorization")]
    Revoked,
    #[error("Discord's token endpoint could not be asked: {0}")]
    Unreachable(String),
    #[error("the stored authorization cannot be read: {0}")]
    Unreadable(#[from] CryptoError),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Reads, and refreshes when needed, members' stored authorizations.
pub struct MemberTokens {
    db: Db,
    key: Arc<SecretKey>,
    oauth: OAuthClient,
    http: reqwest::Client,
    shared: Shared,
    /// One refresh at a time (they are rare: once a week per member).
    refreshing: tokio::sync::Mutex<()>,
}

impl MemberTokens {
    pub fn new(
        db: Db,
        key: Arc<SecretKey>,
        oauth: OAuthClient,
        http: reqwest::Client,
        shared: Shared,
    ) -> MemberTokens {
        MemberTokens {
            db,
            key,
            oauth,
            http,
            shared,
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    async fn load(&self, user_id: i64) -> Result<Option<Stored>, TokenError> {
        let row = self
            .db
            .run(move |c| {
                Ok(users::table
                    .find(user_id)
                    .select((users::discord_token_ciphertext, users::discord_token_key_id))
                    .first::<(Option<Vec<u8>>, Option<String>)>(c)
                    .optional()?)
            })
            .await?;
        let Some((Some(blob), Some(key_id))) = row else {
            return Ok(None);
        };
        let json = self.key.open(&blob, &key_id)?;
        let stored =
            serde_json::from_str(json.expose_secret()).map_err(|_| CryptoError::Damaged)?;
        Ok(Some(stored))
    }

    /// The member's access token, refreshed first when it is past its time; `None` when Liner
    /// keeps no authorization of theirs (they signed in before Liner kept them).
    pub async fn access(&self, user_id: i64) -> Result<Option<SecretString>, TokenError> {
        let Some(stored) = self.load(user_id).await? else {
            return Ok(None);
        };
        if stored.expires_at > now_ms() {
            return Ok(Some(SecretString::from(stored.access)));
        }
        self.refresh(user_id, &stored.access).await.map(Some)
    }

    /// A new access token in place of `refused` (one Discord refused or that ran out).
    pub async fn refresh(&self, user_id: i64, refused: &str) -> Result<SecretString, TokenError> {
        let _turn = self.refreshing.lock().await;
        let stored = self.load(user_id).await?.ok_or(TokenError::Revoked)?;
        if stored.access != refused && stored.expires_at > now_ms() {
            // Refreshed meanwhile by another request.
            return Ok(SecretString::from(stored.access));
        }
        let refresh = stored.refresh.ok_or(TokenError::Revoked)?;
        let (http, shared) = (self.http.clone(), self.shared.clone());
        let send = move |request| {
            let (http, shared) = (http.clone(), shared.clone());
            async move { crate::discord::http::token_request(&shared, &http, request).await }
        };
        let answer = self
            .oauth
            .exchange_refresh_token(&RefreshToken::new(refresh))
            .request_async(&send)
            .await;
        let token = match answer {
            Ok(token) => token,
            Err(RequestTokenError::ServerResponse(r))
                if *r.error() == BasicErrorResponseType::InvalidGrant =>
            {
                return Err(TokenError::Revoked)
            }
            Err(e) => return Err(TokenError::Unreachable(e.to_string())),
        };
        let sealed = seal(&self.key, &token, now_ms())?;
        self.db
            .run(move |c| Ok(store(c, user_id, Some(&sealed))?))
            .await?;
        Ok(SecretString::from(token.access_token().secret().clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oauth2::basic::BasicTokenType;
    use oauth2::{AccessToken, EmptyExtraTokenFields};
    use std::time::Duration;

    fn response(expires_in: Option<u64>) -> BasicTokenResponse {
        let mut t = BasicTokenResponse::new(
            AccessToken::new("access-1".into()),
            BasicTokenType::Bearer,
            EmptyExtraTokenFields {},
        );
        t.set_refresh_token(Some(RefreshToken::new("refresh-1".into())));
        t.set_expires_in(expires_in.map(Duration::from_secs).as_ref());
        t
    }

    #[test]
    fn a_sealed_authorization_keeps_both_tokens_and_ends_a_minute_early() -> Result<(), CryptoError>
    {
        let key = SecretKey::new([3; 32]);
        let sealed = seal(&key, &response(Some(604_800)), 1_000_000)?;
        let text = String::from_utf8_lossy(&sealed.ciphertext).to_string();
        assert!(!text.contains("access-1") && !text.contains("refresh-1"));
        let json = key.open(&sealed.ciphertext, &sealed.key_id)?;
        let stored: Stored =
            serde_json::from_str(json.expose_secret()).map_err(|_| CryptoError::Damaged)?;
        assert_eq!(stored.access, "access-1");
        assert_eq!(stored.refresh.as_deref(), Some("refresh-1"));
        assert_eq!(stored.expires_at, 1_000_000 + 604_800_000 - MARGIN_MS);
        Ok(())
    }

    #[test]
    fn without_a_lifetime_a_token_is_taken_to_last_a_week() {
        let stored = Stored::from_response(&response(None), 0);
        assert_eq!(stored.expires_at, DEFAULT_LIFE_MS - MARGIN_MS);
    }
}
