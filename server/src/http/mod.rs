//! The router: Leptos pages and server functions, sign-in, live events, health and metrics, and
//! (in sandbox mode) the fakes. [`errors`] is where every internal error becomes an answer.

mod audit_export;
pub mod backend;
pub mod csrf;
pub mod errors;
mod events;
mod health;
pub mod limits;

use crate::app_state::AppState;
use crate::config::Mode;
use crate::sandbox::{discord as fake_discord, music as fake_music};
use crate::{auth, pwa};
use app::backend::SharedBackend;
use app::components::sign_in_link::SIGN_IN_PATH;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub fn router(state: AppState) -> Router {
    let backend: SharedBackend = Arc::new(backend::ServerBackend(state.clone()));
    let context = move || provide_context(backend.clone());
    let routes = generate_route_list(app::App);
    let options = state.leptos_options.clone();

    let sessions =
        SessionManagerLayer::new(auth::session_store::DieselStore::new(state.db.clone()))
            .with_name(session_cookie_name(state.site.secure_cookies))
            .with_expiry(Expiry::OnInactivity(time::Duration::days(auth::IDLE_DAYS)))
            .with_secure(state.site.secure_cookies)
            .with_same_site(SameSite::Lax)
            .with_http_only(true)
            .with_path("/");

    let sign_in = Router::new()
        .route(SIGN_IN_PATH, get(auth::routes::login))
        .route("/auth/discord/callback", get(auth::routes::callback))
        .route("/auth/logout", post(auth::routes::logout))
        .route_layer(axum::middleware::from_fn_with_state(
            state.sign_in_limit.clone(),
            auth::sign_in_limit::guard,
        ));
    let mut router = Router::new()
        .merge(sign_in)
        .route("/admin/audit.csv", get(audit_export::csv))
        .route(
            app::components::live_posts::POST_EVENTS_PATH,
            get(events::stream),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        // Inside the viewer layer: each member's allowance is theirs.
        .layer(axum::middleware::from_fn_with_state(
            state.member_limits.clone(),
            crate::member_limits::guard,
        ))
        .layer(axum::middleware::from_fn(server_fn_status))
        // Inside the viewer layer: it names the member each HTML answer was rendered for.
        .layer(axum::middleware::from_fn(pwa::mark_viewer))
        .layer(axum::middleware::from_fn_with_state(
            state.membership.clone(),
            auth::viewer::load_viewer,
        ))
        .layer(sessions)
        // Outside the session: a forged request is refused before its cookie is even looked up.
        .layer(axum::middleware::from_fn_with_state(
            csrf::OwnOrigin::new(state.site.fixed_origin.clone()),
            csrf::guard,
        ))
        // Below the session layers: assets and probes cost no session or user lookup.
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            Router::new()
                .fallback_service(assets(&options))
                .layer(axum::middleware::from_fn(pwa::immutable_assets)),
        )
        .route(pwa::WORKER_PATH, get(pwa::worker))
        .route(pwa::OFFLINE_PATH, get(pwa::offline))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics));
    if state.site.mode == Mode::Sandbox {
        router = router.route(pwa::SANDBOX_DEPLOY_PATH, post(pwa::sandbox_deploy));
    }
    if let Some(fake) = &state.fake {
        router = router.nest(fake_discord::MOUNT, fake_discord::router(fake.clone()));
    }
    if let Some(fake) = &state.fake_music {
        router = router.nest(fake_music::MOUNT, fake_music::router(fake.clone()));
    }
    // Secure cookies are exactly when Liner is served over https.
    limits::apply(router, state.site.secure_cookies)
        // Pages and server functions' answers, compressed for the phones on slow links. Assets
        // come precompressed (left as they are) and the live event stream is never held back
        // in a compressor's buffer (tower-http's default predicate skips `text/event-stream`).
        // Brotli and gzip at level 4: most of the saving for a few per cent of a core.
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Precise(4)),
        )
        .layer(axum::middleware::from_fn(health::count_requests))
        .layer(
            // One line per request; the path only, since the OAuth code rides in the query.
            TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<_>| {
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .with_state(state)
}

/// Over https the cookie is `__Host-` prefixed: browsers then refuse it unless it is Secure,
/// host-only and for `/`, so a sibling subdomain cannot set or shadow it.
fn session_cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-liner_session"
    } else {
        "liner_session"
    }
}

/// The wasm, JS and CSS bundle, served with the brotli/gzip copies `--precompress` leaves.
fn assets(options: &LeptosOptions) -> ServeDir {
    ServeDir::new(format!("{}/{}", options.site_root, options.site_pkg_dir))
        .precompressed_br()
        .precompressed_gzip()
}

/// Gives every server function error the HTTP status its `AppError` carries (401, 403, 400, …).
/// server_fn answers 500 for every error; doing it here, on the encoded answer, also covers errors
/// raised before a function body runs (a malformed body, a missing argument), which
/// `ResponseOptions` set inside the body could not reach.
async fn server_fn_status(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let resp = next.run(req).await;
    if resp.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !resp.headers().contains_key("serverfnerror")
    {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    // The answer is our own encoding of an `AppError`, bounded by the request it answers.
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        tracing::error!("a server function's error answer could not be read");
        let internal = serde_json::to_vec(&app::AppError::Internal).unwrap_or_default();
        parts.headers.remove(axum::http::header::CONTENT_LENGTH);
        return Response::from_parts(parts, axum::body::Body::from(internal));
    };
    if let Ok(err) = serde_json::from_slice::<app::AppError>(&bytes) {
        parts.status = StatusCode::from_u16(err.status_code()).unwrap_or(parts.status);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}
