//! The fake Discord's routes in the real API's paths, the sandbox guild's role list, and the
//! test controls (`/_faults`, `/_conditions`).

use super::{bot, discord_error, oauth, webhooks, FakeDiscord, Fault, FaultRates};
use crate::config::sandbox;
use crate::sandbox::identity::BOT_CHANNELS;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use std::sync::Arc;

/// The fake Discord's routes, relative to [`MOUNT`].
pub fn router<S: Clone + Send + Sync + 'static>(fake: Arc<FakeDiscord>) -> Router<S> {
    Router::new()
        .route(
            "/oauth2/authorize",
            get(oauth::authorize_page).post(oauth::approve),
        )
        .route("/api/oauth2/token", post(oauth::token))
        .route("/api/v10/oauth2/token", post(oauth::token))
        .route("/api/v10/users/@me", get(oauth::current_user))
        .route(
            "/api/v10/users/@me/guilds/{guild_id}/member",
            get(oauth::guild_member),
        )
        .route(
            "/api/v10/webhooks/{id}/{token}",
            get(webhooks::get_webhook).post(webhooks::execute),
        )
        .route(
            "/api/v10/webhooks/{id}/{token}/messages/{message_id}",
            delete(webhooks::delete_message).patch(webhooks::edit_message),
        )
        .route(
            "/api/v10/channels/{id}/messages",
            get(bot::channel_messages).post(bot::create_message),
        )
        .route(
            "/api/v10/channels/{id}/messages/{message_id}",
            delete(bot::bot_delete_message).patch(bot::bot_edit_message),
        )
        .route("/api/v10/guilds/{guild_id}/roles", get(guild_roles))
        .route("/api/v10/guilds/{guild_id}/channels", get(guild_channels))
        .route(
            "/api/v10/guilds/{guild_id}/members/{user_id}",
            get(oauth::member_by_id),
        )
        .route("/_faults", post(inject_faults))
        .route("/_conditions", post(set_conditions))
        .layer(axum::middleware::from_fn_with_state(
            fake.clone(),
            note_user_agent,
        ))
        .with_state(fake)
}

/// Remembers how each caller of the API named itself (Discord asks for `DiscordBot (url,
/// version)`), so tests can check every request Liner sends does.
async fn note_user_agent(
    State(fake): State<Arc<FakeDiscord>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if req.uri().path().starts_with("/api/") {
        let agent = req
            .headers()
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        fake.note_user_agent(agent);
    }
    next.run(req).await
}

/// Whether a request carries the sandbox bot's token.
pub(super) fn bot_authorized(headers: &HeaderMap) -> bool {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bot "))
        .is_some_and(|token| token == sandbox::BOT_TOKEN)
}

/// Discord's answer to a guild call without the bot token, or about another guild.
fn refuse_bot_call(headers: &HeaderMap, guild_id: &str) -> Option<Response> {
    if !bot_authorized(headers) {
        return Some(discord_error(401, 0, "401: Unauthorized"));
    }
    (guild_id != sandbox::GUILD_ID).then(|| discord_error(404, 10004, "Unknown Guild"))
}

/// The sandbox guild's roles: `@everyone` (its id is the guild's), the sign-in roles, the roles
/// a post can mention, and the bot's own integration role.
async fn guild_roles(
    axum::extract::Path(guild_id): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = refuse_bot_call(&headers, &guild_id) {
        return refused;
    }
    let role = |id: &str, name: &str, position: usize, managed: bool| {
        serde_json::json!({
            "id": id, "name": name, "color": 0, "hoist": false, "icon": null,
            "unicode_emoji": null, "position": position,
            "permissions": if id == sandbox::GUILD_ID { EVERYONE_PERMISSIONS } else { "0" },
            "managed": managed, "mentionable": !managed, "flags": 0,
        })
    };
    let mut roles = vec![
        role(sandbox::GUILD_ID, "@everyone", 0, false),
        role(sandbox::ADMIN_ROLE_ID, "Admins", 5, false),
        role(sandbox::POSTER_ROLE_ID, "Posters", 4, false),
        role("200000000000000099", "Liner", 6, true),
    ];
    for (i, (id, name)) in sandbox::MENTION_ROLES.iter().enumerate() {
        roles.push(role(id, name, sandbox::MENTION_ROLES.len() - i, false));
    }
    axum::Json(roles).into_response()
}

/// What `@everyone` may do in the sandbox guild: view channels, send messages, read history.
const EVERYONE_PERMISSIONS: &str = "68608";

/// A sandbox channel the bot cannot post in (`@everyone` may not send there).
pub const READ_ONLY_CHANNEL_ID: &str = "400000000000000007";

/// The sandbox guild's channels: the webhook and bot channels (the forum as a forum), one where
/// nobody but moderators may post, and a voice channel.
async fn guild_channels(
    axum::extract::Path(guild_id): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = refuse_bot_call(&headers, &guild_id) {
        return refused;
    }
    let channel =
        |id: &str, name: &str, kind: u8, position: usize, overwrites: serde_json::Value| {
            serde_json::json!({
                "id": id, "type": kind, "guild_id": guild_id, "name": name, "position": position,
                "parent_id": null, "nsfw": false, "permission_overwrites": overwrites,
            })
        };
    let mut list: Vec<serde_json::Value> = crate::sandbox::identity::webhook_channels()
        .map(|c| (c.channel_id, c.name, if c.forum { 15 } else { 0 }))
        .chain(BOT_CHANNELS.iter().map(|c| (c.channel_id, c.name, 0)))
        .enumerate()
        .map(|(i, (id, name, kind))| channel(id, name, kind, i, serde_json::json!([])))
        .collect();
    let deny_send =
        serde_json::json!([{"id": sandbox::GUILD_ID, "type": 0, "allow": "0", "deny": "2048"}]);
    list.push(channel(
        READ_ONLY_CHANNEL_ID,
        "rules",
        0,
        list.len(),
        deny_send,
    ));
    list.push(channel(
        "400000000000000008",
        "Listening party",
        2,
        list.len(),
        serde_json::json!([]),
    ));
    axum::Json(list).into_response()
}

/// `POST /_faults`: queue faults for the next webhook executions.
async fn inject_faults(
    axum::extract::State(fake): axum::extract::State<Arc<FakeDiscord>>,
    axum::Json(faults): axum::Json<Vec<Fault>>,
) -> axum::http::StatusCode {
    fake.inject(faults);
    axum::http::StatusCode::NO_CONTENT
}

/// `POST /_conditions`: random faults and latency on every send from now on.
async fn set_conditions(
    axum::extract::State(fake): axum::extract::State<Arc<FakeDiscord>>,
    axum::Json(rates): axum::Json<FaultRates>,
) -> axum::http::StatusCode {
    fake.set_fault_rates(rates);
    axum::http::StatusCode::NO_CONTENT
}
