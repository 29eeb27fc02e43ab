//! `/auth/discord/login`, `/auth/discord/callback` and `/auth/logout`.

use super::keys;
use super::member_token;
use super::pending::Pending;
use super::SignIn;
use crate::db::audit::{self, Actor, Subject};
use crate::db::users::{self, SignedInMember};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use liner::audit::AuditKind;
use liner::Role;
use oauth2::{
    AuthorizationCode, CsrfToken, PkceCodeChallenge, PkceCodeVerifier, Scope, TokenResponse,
};
use secrecy::SecretString;
use serde::Deserialize;
use std::sync::Arc;
use tower_sessions::Session;

fn refused(reason: &str) -> Response {
    Redirect::to(&format!("/signin?error={reason}")).into_response()
}

pub async fn login(State(state): State<Arc<SignIn>>) -> Response {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf) = state
        .oauth
        .authorize_url(CsrfToken::new_random)
        .add_scope(Scope::new("identify".into()))
        .add_scope(Scope::new("guilds.members.read".into()))
        .set_pkce_challenge(challenge)
        .url();
    let now = chrono::Utc::now().timestamp();
    let pending = Pending::new(csrf.secret().clone(), verifier.secret().clone(), now);
    let Some(cookie) = pending.set_cookie(&state.key, state.https) else {
        tracing::error!("could not seal the sign-in state");
        return refused("failed");
    };
    (
        AppendHeaders([(header::SET_COOKIE, cookie)]),
        Redirect::to(url.as_str()),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

pub async fn callback(
    State(state): State<Arc<SignIn>>,
    session: Session,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Response {
    // The sign-in is good for one callback only: whatever happens, its cookie goes.
    let clear = AppendHeaders([(header::SET_COOKIE, Pending::clear_cookie(state.https))]);
    (clear, finish(&state, session, &headers, q).await).into_response()
}

async fn finish(
    state: &SignIn,
    session: Session,
    headers: &HeaderMap,
    q: CallbackQuery,
) -> Response {
    let now = chrono::Utc::now().timestamp();
    let pending = Pending::from_request(headers, &state.key, state.https, now);
    let (
        Some(Pending {
            state: expected,
            verifier,
            ..
        }),
        Some(got),
    ) = (pending, q.state)
    else {
        tracing::info!("sign-in callback without a pending sign-in");
        return refused("expired");
    };
    if expected != got {
        tracing::warn!("sign-in callback with a state that does not match");
        return refused("expired");
    }
    if q.error.is_some() {
        return refused("denied");
    }
    let Some(code) = q.code else {
        return refused("failed");
    };
    if state.discord_shared.refusals.pause_sign_ins() {
        tracing::warn!(
            refusals = state.discord_shared.refusals.recent(),
            "sign-ins paused: Discord refused many requests in the last ten minutes"
        );
        return refused("paused");
    }
    let (http, shared) = (state.http.clone(), state.discord_shared.clone());
    let send = move |request| {
        let (http, shared) = (http.clone(), shared.clone());
        async move { crate::discord::http::token_request(&shared, &http, request).await }
    };
    let answer = match state
        .oauth
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(&send)
        .await
    {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(error = %e, "Discord refused the sign-in code");
            return refused("expired");
        }
    };
    let token = SecretString::from(answer.access_token().secret().to_string());
    // Kept (sealed) to ask Discord about the membership later, when there is no bot to ask.
    let sealed = if state.keep_authorizations {
        match member_token::seal(&state.key, &answer, crate::db::now_ms()) {
            Ok(sealed) => Some(sealed),
            Err(e) => {
                tracing::error!(error = %e, "could not seal the member's authorization");
                return refused("failed");
            }
        }
    } else {
        None
    };
    let user = match state.discord.current_user(&token).await {
        Ok(u) => u,
        Err(e) => {
            tracing::warn!(error = %e, "could not read the Discord user");
            return refused("failed");
        }
    };
    let member = match state
        .discord
        .guild_member(&token, &state.guild.guild_id)
        .await
    {
        Ok(Some(m)) => m,
        Ok(None) => {
            tracing::info!(discord.user = %user.id, "sign-in refused: not a member");
            return refused("not_member");
        }
        Err(e) => {
            tracing::warn!(error = %e, "could not read the guild membership");
            return refused("failed");
        }
    };
    let Some(role) = Role::from_member_roles(
        &member.roles,
        &state.guild.admin_role_ids,
        &state.guild.poster_role_ids,
    ) else {
        tracing::info!(discord.user = %user.id, "sign-in refused: no poster or admin role");
        return refused("no_role");
    };
    let name = member
        .nick
        .clone()
        .unwrap_or_else(|| user.display_name().to_string());
    let avatar = user.avatar_url();
    let discord_id = user.id.clone();
    let now = crate::db::now_ms();
    let saved = state
        .db
        .run(move |c| {
            let m = SignedInMember {
                discord_id: &discord_id,
                name: &name,
                avatar_url: avatar.as_deref(),
                role,
            };
            c.immediate_transaction(|c| {
                let user = users::upsert(c, &m, now)?;
                member_token::store(c, user.id, sealed.as_ref())?;
                let (by, kind) = (Actor::Member(user.id), AuditKind::MemberSignedIn);
                let role = format!("as {}", user.role);
                audit::record(c, by, kind, Subject::Nothing, Some(&role), now)?;
                Ok(user)
            })
        })
        .await;
    let user_row = match saved {
        Ok(u) => u,
        Err(e) => {
            tracing::error!(error = %e, "could not store the user");
            return refused("failed");
        }
    };
    let started = async {
        // A new session id at sign-in, so a planted id is worth nothing.
        session.cycle_id().await?;
        let now = chrono::Utc::now().timestamp();
        session.insert(keys::USER_ID, user_row.id).await?;
        session.insert(keys::SEEN_AT, now).await?;
        session.insert(keys::CREATED_AT, now).await
    }
    .await;
    if let Err(e) = started {
        tracing::error!(error = %e, "could not start the session");
        return refused("failed");
    }
    tracing::info!(user.id = user_row.id, role = role.as_str(), "signed in");
    Redirect::to("/").into_response()
}

pub async fn logout(session: Session) -> Response {
    if let Err(e) = session.flush().await {
        tracing::error!(error = %e, "could not end the session");
    }
    Redirect::to("/").into_response()
}
