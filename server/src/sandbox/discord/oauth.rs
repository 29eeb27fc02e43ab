//! The fake Discord's OAuth2: an authorize page with one button per sandbox member, the token
//! endpoint (with PKCE), `/users/@me` and the guild member endpoint.

use super::{discord_error, FakeDiscord, FakeUser, PendingCode, USERS};
use crate::config::sandbox;
use crate::sandbox::identity::BOT_USER_ID;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use base64::Engine;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;

#[derive(Deserialize)]
pub struct AuthorizeQuery {
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    code_challenge: Option<String>,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub async fn authorize_page(Query(q): Query<AuthorizeQuery>) -> Response {
    if q.client_id != sandbox::CLIENT_ID || q.redirect_uri.is_empty() {
        return (
            axum::http::StatusCode::BAD_REQUEST,
            "Invalid OAuth2 request",
        )
            .into_response();
    }
    let hidden = format!(
        r#"<input type="hidden" name="redirect_uri" value="{}"><input type="hidden" name="state" value="{}"><input type="hidden" name="code_challenge" value="{}">"#,
        escape(&q.redirect_uri),
        escape(&q.state),
        escape(q.code_challenge.as_deref().unwrap_or_default()),
    );
    let buttons: String = USERS
        .iter()
        .map(|u| {
            format!(
                r#"<form method="post">{hidden}<input type="hidden" name="user" value="{}"><button type="submit">{}</button></form>"#,
                u.key, u.button
            )
        })
        .collect();
    Html(format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sandbox Discord — authorize</title>
<style>body{{font-family:sans-serif;background:#313338;color:#dbdee1;max-width:28rem;margin:3rem auto}}
button{{display:block;width:100%;margin:.5rem 0;padding:.75rem;background:#5865f2;color:#fff;border:0;border-radius:4px;font-size:1rem;cursor:pointer}}
form.cancel button{{background:#4e5058}}</style></head>
<body><h1>Sandbox Discord</h1><p>Liner wants to know who you are and whether you are a member of {guild}. Sign in as:</p>
{buttons}<form method="post" class="cancel">{hidden}<input type="hidden" name="user" value=""><button type="submit">Cancel</button></form></body></html>"#,
        guild = sandbox::GUILD_NAME,
    ))
    .into_response()
}

#[derive(Deserialize)]
pub struct ApproveForm {
    user: String,
    redirect_uri: String,
    state: String,
    #[serde(default)]
    code_challenge: String,
}

pub async fn approve(State(fake): State<Arc<FakeDiscord>>, Form(f): Form<ApproveForm>) -> Response {
    let Ok(mut target) = url::Url::parse(&f.redirect_uri) else {
        return (axum::http::StatusCode::BAD_REQUEST, "Invalid redirect_uri").into_response();
    };
    match USERS.iter().find(|u| u.key == f.user) {
        None => {
            target
                .query_pairs_mut()
                .append_pair("error", "access_denied")
                .append_pair("state", &f.state);
        }
        Some(user) => {
            let code = uuid::Uuid::new_v4().simple().to_string();
            fake.lock().codes.insert(
                code.clone(),
                PendingCode {
                    user,
                    redirect_uri: f.redirect_uri.clone(),
                    code_challenge: Some(f.code_challenge).filter(|c| !c.is_empty()),
                },
            );
            target
                .query_pairs_mut()
                .append_pair("code", &code)
                .append_pair("state", &f.state);
        }
    }
    Redirect::to(target.as_str()).into_response()
}

#[derive(Deserialize)]
pub struct TokenForm {
    grant_type: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    code_verifier: Option<String>,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    client_secret: Option<String>,
}

fn oauth_error(error: &str) -> Response {
    (
        axum::http::StatusCode::BAD_REQUEST,
        Json(serde_json::json!({"error": error})),
    )
        .into_response()
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

pub async fn token(
    State(fake): State<Arc<FakeDiscord>>,
    headers: HeaderMap,
    Form(f): Form<TokenForm>,
) -> Response {
    let (id, secret) = basic_credentials(&headers).unwrap_or((
        f.client_id.clone().unwrap_or_default(),
        f.client_secret.clone().unwrap_or_default(),
    ));
    if id != sandbox::CLIENT_ID || secret != sandbox::CLIENT_SECRET {
        return (
            axum::http::StatusCode::UNAUTHORIZED,
            Json(serde_json::json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    let mut st = fake.lock();
    let user = match f.grant_type.as_str() {
        "authorization_code" => {
            // A code is good for one exchange, as on Discord.
            let Some(pending) = st.codes.remove(&f.code) else {
                return oauth_error("invalid_grant");
            };
            if pending.redirect_uri != f.redirect_uri {
                return oauth_error("invalid_grant");
            }
            if let Some(challenge) = &pending.code_challenge {
                let verifier = f.code_verifier.unwrap_or_default();
                let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .encode(Sha256::digest(verifier.as_bytes()));
                if &computed != challenge {
                    return oauth_error("invalid_grant");
                }
            }
            pending.user
        }
        "refresh_token" => {
            // The old refresh token is spent; the answer carries its successor.
            let old = f.refresh_token.unwrap_or_default();
            let Some(user) = st.refresh_tokens.remove(&old) else {
                return oauth_error("invalid_grant");
            };
            st.refreshes += 1;
            user
        }
        _ => return oauth_error("unsupported_grant_type"),
    };
    let access = format!("sandbox-access-{}", uuid::Uuid::new_v4().simple());
    let refresh = format!("sandbox-refresh-{}", uuid::Uuid::new_v4().simple());
    st.tokens.insert(access.clone(), user);
    st.refresh_tokens.insert(refresh.clone(), user);
    Json(serde_json::json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": 604800,
        "refresh_token": refresh,
        "scope": "identify guilds.members.read",
    }))
    .into_response()
}

fn bearer_user(fake: &FakeDiscord, headers: &HeaderMap) -> Option<&'static super::FakeUser> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?;
    fake.lock().tokens.get(token).copied()
}

pub async fn current_user(State(fake): State<Arc<FakeDiscord>>, headers: HeaderMap) -> Response {
    if super::routes::bot_authorized(&headers) {
        return Json(serde_json::json!({
            "id": BOT_USER_ID, "username": "Liner", "global_name": null, "avatar": null,
            "discriminator": "0", "bot": true,
        }))
        .into_response();
    }
    match bearer_user(&fake, &headers) {
        None => discord_error(401, 0, "401: Unauthorized"),
        Some(u) => Json(serde_json::json!({
            "id": u.id,
            "username": u.username,
            "global_name": u.global_name,
            "avatar": null,
            "discriminator": "0",
        }))
        .into_response(),
    }
}

pub async fn guild_member(
    State(fake): State<Arc<FakeDiscord>>,
    Path(guild_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(u) = bearer_user(&fake, &headers) else {
        return discord_error(401, 0, "401: Unauthorized");
    };
    if fake.member_lookups_down() {
        return discord_error(503, 0, "503: Service Unavailable");
    }
    member_json(&fake, &guild_id, u)
}

/// `GET /guilds/{guild}/members/{user}` as the bot.
pub async fn member_by_id(
    State(fake): State<Arc<FakeDiscord>>,
    Path((guild_id, user_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !super::routes::bot_authorized(&headers) {
        return discord_error(401, 0, "401: Unauthorized");
    }
    if fake.member_lookups_down() {
        return discord_error(503, 0, "503: Service Unavailable");
    }
    if user_id == BOT_USER_ID && guild_id == sandbox::GUILD_ID {
        // The bot holds its integration role only.
        return Json(serde_json::json!({
            "user": {"id": BOT_USER_ID, "username": "Liner", "global_name": null, "avatar": null, "bot": true},
            "nick": null, "roles": ["200000000000000099"],
            "joined_at": "2024-01-01T00:00:00.000000+00:00", "pending": false, "deaf": false, "mute": false,
        }))
        .into_response();
    }
    match USERS.iter().find(|u| u.id == user_id) {
        Some(u) => member_json(&fake, &guild_id, u),
        None => discord_error(404, 10013, "Unknown User"),
    }
}

fn member_json(fake: &FakeDiscord, guild_id: &str, u: &FakeUser) -> Response {
    if guild_id != sandbox::GUILD_ID {
        return discord_error(404, 10004, "Unknown Guild");
    }
    match fake.roles_of(u) {
        None => discord_error(404, 10007, "Unknown Member"),
        Some(roles) => Json(serde_json::json!({
            "user": {"id": u.id, "username": u.username, "global_name": u.global_name, "avatar": null},
            "nick": null,
            "roles": roles,
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "pending": false,
            "deaf": false,
            "mute": false,
        }))
        .into_response(),
    }
}
