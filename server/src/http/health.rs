//! `/healthz` (the process answers), `/readyz` (database migrated and reachable, worker running)
//! and `/metrics` (Prometheus text).

use crate::app_state::AppState;
use crate::config::MetricsAccess;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use diesel::RunQueryDsl;
use secrecy::ExposeSecret;
use std::sync::atomic::Ordering;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    let db_ok = state
        .db
        .run(|c| {
            diesel::sql_query("SELECT 1").execute(c)?;
            Ok(())
        })
        .await
        .is_ok();
    let worker_ok = state.health.worker_running.load(Ordering::Relaxed);
    let body = format!(
        "database: {}\nworker: {}\n",
        if db_ok { "ok" } else { "unavailable" },
        if worker_ok { "running" } else { "stopped" }
    );
    let status = if db_ok && worker_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, body).into_response()
}

pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match &state.health.metrics_access {
        MetricsAccess::Open => {}
        MetricsAccess::Off => {
            return (
                StatusCode::NOT_FOUND,
                "metrics are off: set LINER_METRICS_TOKEN and scrape with it as a bearer token",
            )
                .into_response()
        }
        MetricsAccess::Token(token) => {
            let given = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            if !given.is_some_and(|g| same_secret(g, token.expose_secret())) {
                return (
                    StatusCode::UNAUTHORIZED,
                    [(header::WWW_AUTHENTICATE, "Bearer")],
                    "metrics need Authorization: Bearer <LINER_METRICS_TOKEN>",
                )
                    .into_response();
            }
        }
    }
    match &state.health.metrics {
        Some(handle) => {
            // A gauge read at scrape time: the posts table is the queue's truth.
            let now = crate::db::now_ms();
            match state
                .db
                .run(move |c| Ok(crate::db::posts::queue_depth(c, now)?))
                .await
            {
                Ok(depth) => metrics::gauge!("liner_queue_depth").set(depth as f64),
                Err(e) => tracing::warn!(error = %e, "could not count the queue for /metrics"),
            }
            (
                [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
                handle.render(),
            )
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, "metrics are not enabled").into_response(),
    }
}

/// Compares without an early exit, so the time taken says nothing about how much matched.
fn same_secret(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Counts requests by method and status class (paths would explode the label space).
pub async fn count_requests(req: Request, next: Next) -> Response {
    // The standard methods by name, anything else as one label, so no request can add series.
    let method = match req.method().as_str() {
        m @ ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS") => m.to_string(),
        _ => "other".to_string(),
    };
    let resp = next.run(req).await;
    let class = format!("{}xx", resp.status().as_u16() / 100);
    metrics::counter!("liner_http_requests_total", "method" => method, "status" => class)
        .increment(1);
    resp
}
