//! What the HTTP layer holds, built once at start by [`build`]: each part of the server gets
//! only what it needs (the post operations a [`Posts`], the worker a [`Publisher`], sign-in a
//! [`SignIn`]), and handlers extract just their part (`State<Arc<SignIn>>`, `State<Db>`, …).

use crate::admin::Admin;
use crate::auth::SignIn;
use crate::channels::Channels;
use crate::config::{Config, LookupBases, Mode};
use crate::db::Db;
use crate::discord::http::{http_client, HttpDiscord};
use crate::discord::DiscordApi;
use crate::events::PostEvents;
use crate::lookup::client::{http_client as source_http, SourceClient};
use crate::lookup::{self, Lookup, ReleaseSource};
use crate::posts::mentions::MentionRoles;
use crate::posts::Posts;
use crate::publishing::{Publisher, Queue};
use crate::pwa::Pwa;
use crate::sandbox::discord::FakeDiscord;
use crate::sandbox::music::FakeMusic;
use anyhow::Context;
use leptos::config::LeptosOptions;
use liner::lookup::Source;
use metrics_exporter_prometheus::PrometheusHandle;
use oauth2::basic::BasicClient;
use oauth2::{AuthType, AuthUrl, ClientId, ClientSecret, RedirectUrl, TokenUrl};
use secrecy::ExposeSecret;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;
use url::Url;

#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// The service worker and offline page of this build.
    pub pwa: Arc<Pwa>,
    pub sign_in: Arc<SignIn>,
    /// Members' roles re-checked against Discord.
    pub membership: Arc<crate::auth::membership::Membership>,
    pub posts: Arc<Posts>,
    pub admin: Arc<Admin>,
    pub channels: Channels,
    pub lookup: Arc<Lookup>,
    pub publisher: Arc<Publisher>,
    pub events: PostEvents,
    pub db: Db,
    pub queue: Queue,
    pub health: Health,
    pub site: Site,
    /// `/auth/*` requests per client address.
    pub sign_in_limit: Arc<crate::auth::sign_in_limit::SignInLimit>,
    /// Server function requests per member.
    pub member_limits: Arc<crate::member_limits::MemberLimits>,
    pub fake: Option<Arc<FakeDiscord>>,
    /// The sandbox's fake music services.
    pub fake_music: Option<Arc<FakeMusic>>,
    pub shutdown: CancellationToken,
}

/// What `/readyz` and `/metrics` report on.
#[derive(Clone)]
pub struct Health {
    pub worker_running: Arc<AtomicBool>,
    pub metrics: Option<PrometheusHandle>,
    pub metrics_access: crate::config::MetricsAccess,
}

/// How this Liner runs, as pages and cookies need to know.
#[derive(Clone)]
pub struct Site {
    pub mode: Mode,
    /// Which hosts a post's image and link URLs may name.
    pub hosts: liner::Hosts,
    pub guild_name: String,
    /// Whether the session cookie is sent only over https.
    pub secure_cookies: bool,
    /// The origin a state-changing request must come from (production's public URL); `None`
    /// in the sandbox, where it is the one the request names in `Host`.
    pub fixed_origin: Option<String>,
}

/// Joins `path` to `base`, which may or may not end in a slash.
pub fn join(base: &Url, path: &str) -> anyhow::Result<Url> {
    Url::parse(&format!("{}{path}", base.as_str().trim_end_matches('/')))
        .with_context(|| format!("bad URL for {path}"))
}

/// The parts of a start that come before the state: what was opened and bound.
pub struct Opened {
    pub db: Db,
    pub queue: Queue,
    /// The URL members reach this Liner at.
    pub base: Url,
    pub leptos_options: LeptosOptions,
    pub metrics: Option<PrometheusHandle>,
}

/// Wires every part from the configuration: the sandbox's fakes or the real services' URLs,
/// the Discord client, sign-in, the post operations and the worker's dependencies.
pub async fn build(config: Config, opened: Opened) -> anyhow::Result<AppState> {
    let Opened {
        db,
        queue,
        base,
        leptos_options,
        metrics,
    } = opened;
    // Which hosts a post's URLs may name: in the sandbox, also its own loopback port (the
    // fakes' covers); never another address inside the network.
    let hosts = liner::Hosts::of(
        (config.mode == Mode::Sandbox)
            .then(|| base.port_or_known_default())
            .flatten(),
    );
    let (fake, api_base, authorize_url) = match config.mode {
        Mode::Sandbox => {
            tracing::warn!(%base, "SANDBOX MODE: Discord is faked; nothing leaves this machine");
            let fake_base = join(&base, crate::sandbox::discord::MOUNT)?;
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
    let http = http_client(base.as_str())?;
    let (fake_music, lookup) = lookup_sources(&config, &base, &db)?;
    let lookup = Arc::new(lookup);
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
    let key = Arc::new(config.secret_key);
    if config.mode == Mode::Sandbox {
        crate::sandbox::seed::seed_channels(&db, &key, &api_base)
            .await
            .context("seeding the sandbox channels")?;
    }
    let discord_shared = crate::discord::http::Shared::default();
    let discord: Arc<dyn DiscordApi> = Arc::new(HttpDiscord::sharing(
        http.clone(),
        api_base,
        discord_shared.clone(),
    ));
    let channels = Channels::new(db.clone(), key.clone());
    let events = PostEvents::default();
    let guild = config.discord.rules();
    let bot_token = config.discord.bot_token.clone();
    let posts = Posts {
        db: db.clone(),
        channels: channels.clone(),
        events: events.clone(),
        queue: queue.clone(),
        discord: discord.clone(),
        bot_token: bot_token.clone(),
        mention_roles: MentionRoles::new(
            guild.guild_id.clone(),
            bot_token.clone(),
            config.discord.mention_roles.clone(),
        ),
        changes: Default::default(),
    };
    let admin = Admin {
        db: db.clone(),
        key: key.clone(),
        discord: discord.clone(),
        guild_id: guild.guild_id.clone(),
        admin_role_ids: guild.admin_role_ids.clone(),
        poster_role_ids: guild.poster_role_ids.clone(),
        bot_token: config.discord.bot_token.clone(),
        queue: queue.clone(),
        events: events.clone(),
        lookup: lookup.clone(),
        started: std::time::Instant::now(),
        hosts,
    };
    let tokens = crate::auth::member_token::MemberTokens::new(
        db.clone(),
        key.clone(),
        oauth.clone(),
        http.clone(),
        discord_shared.clone(),
    );
    let membership = Arc::new(crate::auth::membership::Membership::new(
        db.clone(),
        discord.clone(),
        config.discord.bot_token.clone(),
        guild.clone(),
        events.clone(),
        tokens,
    ));
    let publisher = Publisher {
        db: db.clone(),
        channels: channels.clone(),
        discord: discord.clone(),
        events: events.clone(),
        queue: queue.clone(),
        bot_token,
        guild: guild.clone(),
        membership: membership.clone(),
        sender_checks: Default::default(),
        late_grace: config.late_grace,
    };
    let sign_in = SignIn {
        db: db.clone(),
        oauth,
        http,
        discord_shared,
        discord,
        guild: guild.clone(),
        key,
        https: base.scheme() == "https",
        keep_authorizations: config.discord.bot_token.is_none(),
    };
    let pwa = Pwa::new(&leptos_options, config.service_worker)
        .context("naming this build's assets for the service worker")?;
    Ok(AppState {
        leptos_options,
        pwa: Arc::new(pwa),
        sign_in: Arc::new(sign_in),
        membership,
        posts: Arc::new(posts),
        admin: Arc::new(admin),
        channels,
        lookup,
        publisher: Arc::new(publisher),
        events,
        db,
        queue,
        health: Health {
            worker_running: Arc::new(AtomicBool::new(false)),
            metrics,
            metrics_access: config.metrics.clone(),
        },
        site: Site {
            mode: config.mode,
            hosts,
            guild_name: guild.guild_name,
            secure_cookies: base.scheme() == "https",
            fixed_origin: (config.mode == Mode::Production)
                .then(|| base.origin().ascii_serialization()),
        },
        sign_in_limit: crate::auth::sign_in_limit::SignInLimit::new(
            config.sign_in_per_minute,
            config.trusted_proxies.clone(),
        ),
        member_limits: crate::member_limits::MemberLimits::new(config.member_rate_scale),
        fake,
        fake_music,
        shutdown: CancellationToken::new(),
    })
}

/// The release sources: the sandbox's fakes, or the configured services.
fn lookup_sources(
    config: &Config,
    base: &Url,
    db: &Db,
) -> anyhow::Result<(Option<Arc<FakeMusic>>, Lookup)> {
    let (fake, bases) = match (&config.lookup.bases, config.mode) {
        (Some(bases), Mode::Production) => (None, bases.clone()),
        _ => {
            let mount = join(base, crate::sandbox::music::MOUNT)?;
            let at = |path: &str| join(&mount, path);
            let bases = LookupBases {
                spotify_api: at("/spotify/api/v1")?,
                spotify_token: at("/spotify/accounts/api/token")?,
                lastfm_api: at("/lastfm/2.0/")?,
                musicbrainz_api: at("/musicbrainz/ws/2")?,
                cover_art: at("/coverart")?,
                songlink_api: at("/songlink/v1-alpha.1")?,
            };
            (Some(FakeMusic::new(mount.as_str())), bases)
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
    let sources: Vec<Arc<dyn ReleaseSource>> = [
        spotify.map(|s| Arc::new(s) as Arc<dyn ReleaseSource>),
        lastfm.map(|s| Arc::new(s) as Arc<dyn ReleaseSource>),
        musicbrainz.map(|s| Arc::new(s) as Arc<dyn ReleaseSource>),
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
    Ok((fake, Lookup::new(db.clone(), sources, songlink)))
}
