//! The installable, offline-capable app: the service worker at `/sw.js` (generated at start
//! from this build's hashed assets), the offline page it falls back to, and the mark on every
//! HTML answer naming the member it was rendered for, so the worker keeps each member's pages
//! apart.
//!
//! The worker's behaviour lives in `worker.js`; this module only fills in the build's name and
//! precache list, which Rust can check (`assets.rs`).

pub mod assets;
mod offline_page;

use assets::{AssetsError, BuildAssets};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;
use liner::views::Viewer;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Where the worker lives (its scope is the whole site).
pub const WORKER_PATH: &str = "/sw.js";
/// The page shown for routes that need the server when there is no connection.
pub const OFFLINE_PATH: &str = "/offline";
/// Sandbox only: "deploys" a new build of the worker, to try the update banner.
pub const SANDBOX_DEPLOY_PATH: &str = "/sandbox/pwa/deploy";
/// Names the member an HTML answer was rendered for (empty: no one signed in).
pub const VIEWER_HEADER: &str = "x-liner-viewer";

const WORKER_TEMPLATE: &str = include_str!("worker.js");
const KILL_SWITCH: &str = include_str!("kill.js");

/// What `/sw.js` and `/offline` serve.
pub struct Pwa {
    /// `None`: the kill switch is served instead of the worker.
    assets: Option<BuildAssets>,
    offline_page: String,
    /// Sandbox "deploys" since start.
    deploys: AtomicU64,
}

impl Pwa {
    /// The worker for the running build. With `enabled` false, or with unhashed assets (a
    /// development build, where a cached bundle would go stale), the kill switch is served:
    /// it removes any worker a browser still has.
    pub fn new(options: &LeptosOptions, enabled: bool) -> Result<Pwa, AssetsError> {
        let assets = if enabled && options.hash_files {
            let hash_file = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|p| p.join(options.hash_file.as_ref())))
                .unwrap_or_else(|| Path::new(options.hash_file.as_ref()).to_path_buf());
            Some(BuildAssets::read(
                &hash_file,
                Path::new(options.site_root.as_ref()),
                &options.site_pkg_dir,
                &options.output_name,
            )?)
        } else {
            if enabled {
                tracing::warn!("assets are not hashed (LEPTOS_HASH_FILES): no offline app");
            }
            None
        };
        let stylesheet = assets.as_ref().map_or_else(
            || format!("/{}/{}.css", options.site_pkg_dir, options.output_name),
            |a| a.stylesheet().to_string(),
        );
        Ok(Pwa {
            offline_page: offline_page::html(&stylesheet),
            assets,
            deploys: AtomicU64::new(0),
        })
    }

    /// The worker's source.
    pub fn worker_script(&self) -> String {
        let Some(assets) = &self.assets else {
            return KILL_SWITCH.to_string();
        };
        let deploys = self.deploys.load(Ordering::Relaxed);
        let build = if deploys == 0 {
            assets.id.clone()
        } else {
            format!("{}-{deploys}", assets.id)
        };
        let precache = serde_json::to_string(&assets.precache()).unwrap_or_else(|_| "[]".into());
        WORKER_TEMPLATE
            .replace("__LINER_BUILD__", &build)
            .replace("__LINER_PRECACHE__", &precache)
            .replace("__LINER_OFFLINE_PATH__", OFFLINE_PATH)
    }
}

/// `GET /sw.js`: never taken from the HTTP cache, so a deploy reaches browsers at once.
pub async fn worker(State(pwa): State<Arc<Pwa>>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        pwa.worker_script(),
    )
        .into_response()
}

/// `GET /offline`.
pub async fn offline(State(pwa): State<Arc<Pwa>>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        pwa.offline_page.clone(),
    )
        .into_response()
}

/// `POST /sandbox/pwa/deploy`: the next `/sw.js` is a new build's (same files, new name).
pub async fn sandbox_deploy(State(pwa): State<Arc<Pwa>>) -> StatusCode {
    pwa.deploys.fetch_add(1, Ordering::Relaxed);
    StatusCode::NO_CONTENT
}

/// Marks HTML answers with the member they were rendered for. Runs inside the viewer layer.
pub async fn mark_viewer(req: Request, next: Next) -> Response {
    let viewer = req
        .extensions()
        .get::<Viewer>()
        .map(|v| v.id.to_string())
        .unwrap_or_default();
    let mut response = next.run(req).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        if let Ok(value) = HeaderValue::from_str(&viewer) {
            response.headers_mut().insert(VIEWER_HEADER, value);
        }
    }
    response
}

/// Hashed bundle files never change: browsers may keep them for a year.
pub async fn immutable_assets(req: Request, next: Next) -> Response {
    let hashed = req
        .uri()
        .path()
        .rsplit('/')
        .next()
        .is_some_and(|name| name.matches('.').count() >= 2);
    let mut response = next.run(req).await;
    if hashed && response.status().is_success() {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_hashed_assets_the_kill_switch_is_served() {
        let options = LeptosOptions::builder().output_name("liner").build();
        let pwa = Pwa::new(&options, true).unwrap_or_else(|e| panic!("{e}"));
        assert!(pwa.worker_script().contains("unregister()"));
        let off = Pwa::new(&options, false).unwrap_or_else(|e| panic!("{e}"));
        assert!(off.worker_script().contains("unregister()"));
    }

    #[test]
    fn the_worker_names_its_build_and_precache() {
        let pwa = Pwa {
            assets: Some(BuildAssets {
                id: "abc".into(),
                bundle: [
                    "/pkg/l.1.js".into(),
                    "/pkg/l.2.wasm".into(),
                    "/pkg/l.3.css".into(),
                ],
            }),
            offline_page: String::new(),
            deploys: AtomicU64::new(0),
        };
        let script = pwa.worker_script();
        assert!(script.contains(r#"const BUILD = "abc";"#));
        assert!(script.contains(r#""/pkg/l.2.wasm""#));
        assert!(script.contains(r#"const OFFLINE_PATH = "/offline";"#));
        assert!(!script.contains("__LINER_"), "every placeholder is filled");
        pwa.deploys.fetch_add(1, Ordering::Relaxed);
        assert!(pwa.worker_script().contains(r#"const BUILD = "abc-1";"#));
    }
}
