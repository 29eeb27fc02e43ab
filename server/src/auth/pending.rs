//! A sign-in in progress: the OAuth state and the PKCE verifier, carried by a cookie sealed with
//! Liner's key for ten minutes instead of a session row. Starting a sign-in then writes nothing
//! to the database, so a flood of `/auth/discord/login` costs no rows; the session row is made
//! only when the member comes back from Discord with a state that matches.

use crate::crypto::SecretKey;
use axum::http::HeaderMap;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::{Cookie, SameSite};

/// How long a member has to finish signing in at Discord.
pub const LIFETIME_SECS: i64 = 600;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub state: String,
    pub verifier: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// Over https the cookie is `__Host-` prefixed, like the session's.
fn name(https: bool) -> &'static str {
    if https {
        "__Host-liner_signin"
    } else {
        "liner_signin"
    }
}

fn cookie(https: bool, value: String, max_age_secs: i64) -> String {
    Cookie::build((name(https), value))
        .path("/")
        .http_only(true)
        .secure(https)
        // Lax: the callback is a top-level navigation back from discord.com.
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(max_age_secs))
        .build()
        .to_string()
}

impl Pending {
    pub fn new(state: String, verifier: String, now: i64) -> Pending {
        Pending {
            state,
            verifier,
            expires_at: now + LIFETIME_SECS,
        }
    }

    /// The `Set-Cookie` value that carries this sign-in, sealed (so it can be neither read
    /// nor forged without the key).
    pub fn set_cookie(&self, key: &SecretKey, https: bool) -> Option<String> {
        let plain = serde_json::to_string(self).ok()?;
        let sealed = key.seal(&plain).ok()?;
        Some(cookie(https, URL_SAFE_NO_PAD.encode(sealed), LIFETIME_SECS))
    }

    /// The sign-in the request's cookie carries, if it opens with `key` and has not expired.
    pub fn from_request(
        headers: &HeaderMap,
        key: &SecretKey,
        https: bool,
        now: i64,
    ) -> Option<Pending> {
        let wanted = name(https);
        let value = headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|h| h.to_str().ok())
            .flat_map(Cookie::split_parse)
            .filter_map(Result::ok)
            .find(|c| c.name() == wanted)?
            .value()
            .to_string();
        let blob = URL_SAFE_NO_PAD.decode(value).ok()?;
        let plain = key.open(&blob, key.id()).ok()?;
        let pending: Pending = serde_json::from_str(plain.expose_secret()).ok()?;
        (pending.expires_at > now).then_some(pending)
    }

    /// The `Set-Cookie` value that removes the cookie: a sign-in is good for one callback.
    pub fn clear_cookie(https: bool) -> String {
        cookie(https, String::new(), 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_with(set_cookie: &str) -> HeaderMap {
        let pair = set_cookie.split(';').next().unwrap_or_default().to_string();
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::COOKIE,
            format!("other=1; {pair}")
                .parse()
                .unwrap_or_else(|_| unreachable!()),
        );
        h
    }

    #[test]
    fn a_sealed_sign_in_opens_once_with_its_key_until_it_expires() {
        let key = SecretKey::new([3; 32]);
        let pending = Pending::new("state".into(), "verifier".into(), 1_000);
        let set = pending.set_cookie(&key, true).unwrap_or_default();
        assert!(set.starts_with("__Host-liner_signin="), "{set}");
        assert!(set.contains("HttpOnly") && set.contains("Secure") && set.contains("Path=/"));
        assert!(
            !set.contains("verifier") && !set.contains("state"),
            "sealed: {set}"
        );
        let headers = request_with(&set);
        assert_eq!(
            Pending::from_request(&headers, &key, true, 1_001),
            Some(pending)
        );
        assert_eq!(
            Pending::from_request(&headers, &key, true, 1_000 + LIFETIME_SECS),
            None
        );
        assert_eq!(
            Pending::from_request(&headers, &SecretKey::new([4; 32]), true, 1_001),
            None
        );
        assert_eq!(
            Pending::from_request(&headers, &key, false, 1_001),
            None,
            "the http name"
        );
    }

    #[test]
    fn a_tampered_cookie_is_no_sign_in() {
        let key = SecretKey::new([3; 32]);
        let set = Pending::new("s".into(), "v".into(), 0)
            .set_cookie(&key, false)
            .unwrap_or_default();
        let tampered = set.replacen("liner_signin=", "liner_signin=AA", 1);
        assert_eq!(
            Pending::from_request(&request_with(&tampered), &key, false, 1),
            None
        );
        assert!(Pending::clear_cookie(false).contains("Max-Age=0"));
    }
}
