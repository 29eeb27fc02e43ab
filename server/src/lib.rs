//! Liner's server: SSR and server functions (Leptos on axum), Discord sign-in, the SQLite database,
//! the durable publish queue, and the sandbox's built-in fakes.
//!
//! Rooms, and which way they depend (no loops; `make test` checks it):
//! - `http` (router, server functions' backend, the one place errors become answers) and `auth`
//!   and `pwa` take requests;
//! - `posts` (what members do with posts), `channels` and `lookup` serve them;
//! - `publishing` sends what is due, and `events` tells open pages;
//! - `member_limits` keeps each member to their allowance of requests;
//! - `discord`, `db`, `crypto`, `retry` and `config` are the ground floor; `sandbox` fakes the
//!   outside world; `app_state` wires it all once at start.

// Leptos view types of the composer nest deeply; rendering them needs a higher limit.
#![recursion_limit = "512"]

pub mod admin;
pub mod app_state;
pub mod auth;
pub mod channels;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod db;
pub mod discord;
pub mod events;
pub mod http;
pub mod lookup;
pub mod member_limits;
pub mod posts;
pub mod publishing;
pub mod pwa;
pub mod retry;
pub mod sandbox;

use crate::app_state::{AppState, Opened};
use crate::config::{Config, Mode};
use crate::db::Db;
use crate::publishing::Queue;
use anyhow::Context;
use axum::serve::ListenerExt;
use leptos::config::LeptosOptions;
use metrics_exporter_prometheus::PrometheusHandle;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::task::JoinHandle;
use url::Url;

/// A started server.
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    task: JoinHandle<anyhow::Result<()>>,
}

impl Running {
    /// Stops taking requests and jobs, lets sends in flight finish, and waits for the end.
    pub async fn stop(self) -> anyhow::Result<()> {
        self.state.shutdown.cancel();
        self.wait().await
    }

    /// Waits until the server ends (after its shutdown token is cancelled).
    pub async fn wait(self) -> anyhow::Result<()> {
        self.task.await.context("server task panicked")?
    }
}

/// Opens the database and the queue, binds the address, starts the worker and serves.
pub async fn start(
    config: Config,
    leptos_options: LeptosOptions,
    metrics: Option<PrometheusHandle>,
) -> anyhow::Result<Running> {
    // Before anything touches the file: a second server (or a restore) on it must stop here.
    let lock_path = config.database_path.clone();
    let lock =
        tokio::task::spawn_blocking(move || db::backup::DbLock::acquire(&lock_path)).await??;
    let (path, mode) = (config.database_path.clone(), config.mode.as_str());
    let db = tokio::task::spawn_blocking(move || Db::open_in(&path, mode))
        .await?
        .with_context(|| format!("opening the database {}", config.database_path.display()))?;
    let queue = Queue::open(&config.database_path)
        .await
        .context("opening the job queue")?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("binding {}", config.addr))?;
    let addr = listener.local_addr()?;
    let base = match &config.public_url {
        Some(u) if config.mode == Mode::Production => u.clone(),
        _ => Url::parse(&format!("http://{addr}"))?,
    };
    let opened = Opened {
        db,
        queue,
        base,
        leptos_options,
        metrics,
    };
    let state = app_state::build(config, opened).await?;

    publishing::recovery::recover(&state.publisher)
        .await
        .context("recovering posts")?;
    let worker = publishing::worker::start(
        state.publisher.clone(),
        state.health.worker_running.clone(),
        state.shutdown.clone(),
    );
    start_housekeeping(&state);

    let router = http::router(state.clone());
    let shutdown = state.shutdown.clone();
    let task = tokio::spawn(async move {
        // Held until the server has stopped.
        let _lock = lock;
        // The peer's address, for the sign-in limit.
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        // Pages are streamed in chunks: with Nagle's algorithm a kept-alive connection waited
        // for the browser's delayed ACK (~40 ms) before each page's last chunk.
        let listener = listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!(error = %e, "could not set TCP_NODELAY");
            }
        });
        axum::serve(listener, service)
            .with_graceful_shutdown(shutdown.cancelled_owned())
            .await
            .context("serving")?;
        worker.await.context("worker task panicked")??;
        tracing::info!("stopped");
        Ok(())
    });
    tracing::info!(%addr, "Liner is listening");
    Ok(Running { addr, state, task })
}

/// Hourly, until shutdown: drops expired lookup answers, forgets idle people's lookup limits
/// and idle addresses' sign-in limits, and deletes expired sessions, so none of them grows
/// without bound.
fn start_housekeeping(state: &AppState) {
    let (lookup, db, shutdown, sign_in_limit, member_limits) = (
        state.lookup.clone(),
        state.db.clone(),
        state.shutdown.clone(),
        state.sign_in_limit.clone(),
        state.member_limits.clone(),
    );
    tokio::spawn(async move {
        // The first round an hour after start: start-up has nothing to clean yet.
        let hour = Duration::from_secs(60 * 60);
        let mut hourly = tokio::time::interval_at(tokio::time::Instant::now() + hour, hour);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = hourly.tick() => {
                    lookup.housekeeping().await;
                    purge_sessions(&db).await;
                    sign_in_limit.forget_idle();
                    member_limits.forget_idle();
                }
            }
        }
    });
}

/// Deletes the sessions past their expiry (a sign-in started and never finished leaves one).
pub async fn purge_sessions(db: &Db) -> usize {
    let now = chrono::Utc::now().timestamp();
    match db
        .run(move |c| Ok(db::sessions::delete_expired(c, now)?))
        .await
    {
        Ok(n) => {
            tracing::debug!(deleted = n, "expired sessions purged");
            n
        }
        Err(e) => {
            tracing::warn!(error = %e, "could not purge expired sessions");
            0
        }
    }
}
