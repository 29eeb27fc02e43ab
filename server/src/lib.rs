//! Liner's server: SSR and server functions (Leptos on axum), Discord sign-in, the SQLite database,
//! the durable publish queue, and the sandbox's built-in fakes.

// Leptos view types of the composer nest deeply; rendering them needs a higher limit.
#![recursion_limit = "512"]

pub mod auth;
pub mod backend;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod db;
pub mod discord;
pub mod events;
pub mod fakes;
pub mod http;
pub mod jobs;
pub mod lookup;
pub mod mention_roles;
pub mod published;
pub mod pwa;
pub mod recovery;
pub mod retry;
pub mod sandbox;
pub mod schedule;
pub mod state;

use crate::config::{Config, Mode};
use crate::db::Db;
use crate::discord::http::{http_client, HttpDiscord};
use crate::events::PostEvents;
use crate::fakes::FakeDiscord;
use crate::jobs::Queue;
use crate::mention_roles::MentionRoles;
use crate::state::{AppState, GuildRules, Shared};
use anyhow::Context;
use apalis::prelude::*;
use leptos::config::LeptosOptions;
use metrics_exporter_prometheus::PrometheusHandle;
use oauth2::basic::BasicClient;
use oauth2::{AuthType, AuthUrl, ClientId, ClientSecret, RedirectUrl, TokenUrl};
use secrecy::ExposeSecret;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
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

fn join(base: &Url, path: &str) -> anyhow::Result<Url> {
    Url::parse(&format!("{}{path}", base.as_str().trim_end_matches('/')))
        .with_context(|| format!("bad URL for {path}"))
}

/// Opens the database and the queue, binds the address, starts the worker and serves.
pub async fn start(
    config: Config,
    leptos_options: LeptosOptions,
    metrics: Option<PrometheusHandle>,
) -> anyhow::Result<Running> {
    let path = config.database_path.clone();
    let db = tokio::task::spawn_blocking(move || Db::open(&path))
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

    let (fake, api_base, authorize_url) = match config.mode {
        Mode::Sandbox => {
            tracing::warn!(%addr, "SANDBOX MODE: Discord is faked; nothing leaves this machine");
            let fake_base = join(&base, fakes::MOUNT)?;
            (
                Some(FakeDiscord::new(Some(config.sandbox_record.clone()))),
                join(&fake_base, "/api/v10")?,
                join(&fake_base, "/oauth2/authorize")?,
            )
        }
        Mode::Production => (
            None,
            config
                .discord
                .api_base
                .clone()
                .context("DISCORD_API_BASE")?,
            config
                .discord
                .authorize_url
                .clone()
                .context("DISCORD_AUTHORIZE_URL")?,
        ),
    };
    let http = http_client()?;
    let (fake_music, lookup) = lookup_sources(&config, &base, &db)?;
    let oauth = BasicClient::new(ClientId::new(config.discord.client_id.clone()))
        .set_client_secret(ClientSecret::new(
            config.discord.client_secret.expose_secret().to_string(),
        ))
        .set_auth_uri(AuthUrl::from_url(authorize_url))
        .set_token_uri(TokenUrl::from_url(join(&api_base, "/oauth2/token")?))
        .set_redirect_uri(RedirectUrl::from_url(join(
            &base,
            "/auth/discord/callback",
        )?))
        .set_auth_type(AuthType::RequestBody);

    if config.mode == Mode::Sandbox {
        sandbox::seed_channels(&db, &config.secret_key, &api_base)
            .await
            .context("seeding the sandbox channels")?;
    }

    let shutdown = CancellationToken::new();
    let shared = Arc::new(Shared {
        mode: config.mode,
        db,
        discord: Arc::new(HttpDiscord::new(http.clone(), api_base)),
        oauth,
        http,
        guild: GuildRules {
            guild_id: config.discord.guild_id.clone(),
            guild_name: config.discord.guild_name.clone(),
            admin_role_ids: config.discord.admin_role_ids.clone(),
            poster_role_ids: config.discord.poster_role_ids.clone(),
        },
        late_grace: config.late_grace,
        bot_token: config.discord.bot_token.clone(),
        sender_checks: Default::default(),
        mention_roles: MentionRoles::new(
            config.discord.guild_id.clone(),
            config.discord.bot_token.clone(),
            config.discord.mention_roles.clone(),
        ),
        secret_key: config.secret_key,
        events: PostEvents::default(),
        queue,
        fake,
        metrics,
        worker_running: Arc::new(AtomicBool::new(false)),
        secure_cookies: base.scheme() == "https",
        shutdown: shutdown.clone(),
        message_changes: Default::default(),
        lookup,
        fake_music,
    });
    let pwa = Arc::new(
        pwa::Pwa::new(&leptos_options, config.service_worker)
            .context("naming this build's assets for the service worker")?,
    );
    let state = AppState {
        pwa,
        leptos_options,
        inner: shared.clone(),
    };

    recovery::recover(&shared)
        .await
        .context("recovering posts")?;
    let worker = start_worker(shared.clone());
    start_housekeeping(shared.clone());

    let router = http::router(state.clone());
    let serve_shutdown = shutdown.clone();
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(serve_shutdown.cancelled_owned())
            .await
            .context("serving")?;
        worker.await.context("worker task panicked")??;
        tracing::info!("stopped");
        Ok(())
    });
    tracing::info!(%addr, "Liner is listening");
    Ok(Running { addr, state, task })
}

/// Runs the publish worker until shutdown: it then stops claiming jobs and lets sends in flight
/// finish (up to 30 s).
/// Publish jobs run at once. A job spends most of its time waiting for its channel's rate-limit
/// bucket; with room for several per channel, one busy channel does not hold up the others.
const PUBLISH_CONCURRENCY: usize = 16;

fn start_worker(shared: Arc<Shared>) -> JoinHandle<anyhow::Result<()>> {
    // Unique per boot: apalis refuses a name that a worker used in the last 30 s.
    let boot = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let boot_id = format!("{}-{boot}", std::process::id());
    let storage = shared.queue.storage();
    let data = shared.clone();
    let monitor = Monitor::new()
        .register(move |restarts| {
            WorkerBuilder::new(format!("publish-{boot_id}-{restarts}"))
                .backend(
                    storage
                        .clone()
                        .poll_with_strategy(jobs::ArmedInterval::new(Duration::from_millis(200))),
                )
                .data(data.clone())
                .concurrency(PUBLISH_CONCURRENCY)
                .build(jobs::publish_post::run)
        })
        .shutdown_timeout(Duration::from_secs(30));
    let running = shared.worker_running.clone();
    let token = shared.shutdown.clone();
    running.store(true, Ordering::Relaxed);
    tokio::spawn(async move {
        let result = monitor
            .run_with_signal(async move {
                token.cancelled().await;
                Ok(())
            })
            .await;
        running.store(false, Ordering::Relaxed);
        result.map_err(|e| anyhow::anyhow!("publish worker: {e}"))
    })
}

/// Hourly, until shutdown: drops expired lookup answers and forgets idle people's lookup
/// limits, so neither grows without bound.
fn start_housekeeping(shared: Arc<Shared>) {
    tokio::spawn(async move {
        // The first round an hour after start: start-up has nothing to clean yet.
        let hour = Duration::from_secs(60 * 60);
        let mut hourly = tokio::time::interval_at(tokio::time::Instant::now() + hour, hour);
        loop {
            tokio::select! {
                _ = shared.shutdown.cancelled() => break,
                _ = hourly.tick() => shared.lookup.housekeeping().await,
            }
        }
    });
}

/// The release sources: the sandbox's fakes, or the configured services.
fn lookup_sources(
    config: &Config,
    base: &Url,
    db: &db::Db,
) -> anyhow::Result<(Option<Arc<fakes::music::FakeMusic>>, lookup::Lookup)> {
    use config::LookupBases;
    use liner::lookup::Source;
    use lookup::client::{http_client as source_http, SourceClient};
    let (fake, bases) = match (&config.lookup.bases, config.mode) {
        (Some(bases), Mode::Production) => (None, bases.clone()),
        _ => {
            let mount = join(base, fakes::music::MOUNT)?;
            let at = |path: &str| join(&mount, path);
            let bases = LookupBases {
                spotify_api: at("/spotify/api/v1")?,
                spotify_token: at("/spotify/accounts/api/token")?,
                lastfm_api: at("/lastfm/2.0/")?,
                musicbrainz_api: at("/musicbrainz/ws/2")?,
                cover_art: at("/coverart")?,
                songlink_api: at("/songlink/v1-alpha.1")?,
            };
            (Some(fakes::music::FakeMusic::new(mount.as_str())), bases)
        }
    };
    // MusicBrainz asks every client to say who it is and how to reach its operator.
    let agent = format!(
        "Liner/{} ( self-hosted release poster; {} )",
        env!("CARGO_PKG_VERSION"),
        base
    );
    let http = source_http(&agent)?;
    let spotify = config.lookup.spotify.as_ref().map(|(id, secret)| {
        lookup::spotify::Spotify::new(
            SourceClient::new(Source::Spotify.token(), http.clone()),
            bases.spotify_api.clone(),
            bases.spotify_token.clone(),
            id.clone(),
            secret.clone(),
        )
    });
    let lastfm = config.lookup.lastfm_key.as_ref().map(|key| {
        lookup::lastfm::LastFm::new(
            SourceClient::new(Source::LastFm.token(), http.clone()),
            bases.lastfm_api.clone(),
            key.clone(),
        )
    });
    let musicbrainz = config.lookup.musicbrainz.then(|| {
        lookup::musicbrainz::MusicBrainz::new(
            SourceClient::new(Source::MusicBrainz.token(), http.clone())
                .paced(std::time::Duration::from_secs(1)),
            bases.musicbrainz_api.clone(),
            bases.cover_art.clone(),
        )
    });
    let sources: Vec<Arc<dyn lookup::ReleaseSource>> = [
        spotify.map(|s| Arc::new(s) as Arc<dyn lookup::ReleaseSource>),
        lastfm.map(|s| Arc::new(s) as Arc<dyn lookup::ReleaseSource>),
        musicbrainz.map(|s| Arc::new(s) as Arc<dyn lookup::ReleaseSource>),
    ]
    .into_iter()
    .flatten()
    .collect();
    let songlink = config.lookup.songlink.then(|| {
        lookup::songlink::SongLink::new(
            SourceClient::new("songlink", http.clone()),
            bases.songlink_api.clone(),
            config.lookup.songlink_key.clone(),
        )
    });
    Ok((fake, lookup::Lookup::new(db.clone(), sources, songlink)))
}
