//! Built-in fakes of the music services a release is looked up on — Spotify (client-credentials
//! token, search, albums, tracks), Last.fm (`album.search`, `album.getinfo`), MusicBrainz
//! (release-group search, releases, URL lookups) and the Cover Art Archive — in the real
//! services' response shapes, over one fixture catalogue, with per-service fault injection.
//! Mounted under `/sandbox/music`.

pub mod catalogue;
mod lastfm;
mod musicbrainz;
mod songlink;
mod spotify;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::config::sandbox::{LASTFM_API_KEY, SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET};

/// Where the music fakes are mounted in Liner's own router.
pub const MOUNT: &str = "/sandbox/music";

/// One of the faked services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Spotify,
    LastFm,
    MusicBrainz,
    SongLink,
}

impl Service {
    fn parse(s: &str) -> Option<Service> {
        match s {
            "spotify" => Some(Service::Spotify),
            "lastfm" => Some(Service::LastFm),
            "musicbrainz" => Some(Service::MusicBrainz),
            "songlink" => Some(Service::SongLink),
            _ => None,
        }
    }
}

/// What the next request to a service suffers (for tests); `POST /sandbox/music/{service}/_faults`
/// takes a list of them, e.g. `[{"status": 500}, {"rate_limited": 2}, {"delay_ms": 3000}]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MusicFault {
    /// Answer with this status; nothing else happens.
    Status(u16),
    /// Answer 429 with `Retry-After` of this many seconds.
    RateLimited(u64),
    /// Wait this long before answering normally.
    DelayMs(u64),
    /// Spotify: every token issued so far stops working (as when they expire).
    ExpireTokens,
}

#[derive(Default)]
struct ServiceState {
    faults: VecDeque<MusicFault>,
    /// Every request fails with 503 until brought back.
    down: bool,
    calls: u64,
}

#[derive(Default)]
struct FakeState {
    services: HashMap<Service, ServiceState>,
    spotify_tokens: HashSet<String>,
    tokens_issued: u64,
    /// MusicBrainz allows one request a second per client.
    musicbrainz_last: Option<Instant>,
    musicbrainz_violations: u64,
}

/// The music fakes' state, shared by their handlers.
pub struct FakeMusic {
    state: Mutex<FakeState>,
    /// This mount's absolute URL, for image links in answers.
    base: String,
}

impl FakeMusic {
    pub fn new(base: &str) -> Arc<FakeMusic> {
        Arc::new(FakeMusic {
            state: Mutex::new(FakeState::default()),
            base: base.trim_end_matches('/').to_string(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, FakeState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues faults for a service's next requests.
    pub fn inject(&self, service: Service, faults: impl IntoIterator<Item = MusicFault>) {
        self.lock()
            .services
            .entry(service)
            .or_default()
            .faults
            .extend(faults);
    }

    /// Takes a service down (every request 503) or brings it back.
    pub fn set_down(&self, service: Service, down: bool) {
        self.lock().services.entry(service).or_default().down = down;
    }

    /// Requests a service received (the token endpoint included for Spotify).
    pub fn calls(&self, service: Service) -> u64 {
        self.lock().services.get(&service).map_or(0, |s| s.calls)
    }

    /// MusicBrainz requests that came less than a second after the one before.
    pub fn musicbrainz_violations(&self) -> u64 {
        self.lock().musicbrainz_violations
    }

    /// Tokens Spotify's token endpoint handed out.
    pub fn spotify_tokens_issued(&self) -> u64 {
        self.lock().tokens_issued
    }

    /// Counts a request and applies the service's next fault: the answer to give instead, if
    /// any.
    async fn admit(&self, service: Service) -> Option<Response> {
        let fault = {
            let mut st = self.lock();
            if service == Service::MusicBrainz {
                let now = Instant::now();
                if st
                    .musicbrainz_last
                    .is_some_and(|last| now.duration_since(last) < Duration::from_millis(950))
                {
                    st.musicbrainz_violations += 1;
                }
                st.musicbrainz_last = Some(now);
            }
            let s = st.services.entry(service).or_default();
            s.calls += 1;
            if s.down {
                return Some(plain(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "down for maintenance",
                ));
            }
            let fault = s.faults.pop_front();
            if matches!(fault, Some(MusicFault::ExpireTokens)) {
                st.spotify_tokens.clear();
                return None;
            }
            fault
        };
        match fault {
            None | Some(MusicFault::ExpireTokens) => None,
            Some(MusicFault::Status(code)) => Some(plain(
                StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                "injected failure",
            )),
            Some(MusicFault::RateLimited(secs)) => Some(
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    [("retry-after", secs.to_string())],
                    "slow down",
                )
                    .into_response(),
            ),
            Some(MusicFault::DelayMs(ms)) => {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                None
            }
        }
    }

    fn issue_token(&self) -> String {
        let mut st = self.lock();
        st.tokens_issued += 1;
        let token = format!("sandbox-spotify-token-{}", st.tokens_issued);
        st.spotify_tokens.insert(token.clone());
        token
    }

    fn token_valid(&self, token: &str) -> bool {
        self.lock().spotify_tokens.contains(token)
    }

    /// A cover image of `size` pixels for the entry.
    fn cover(&self, key: &str, size: u32) -> String {
        format!("{}/covers/{key}.svg?size={size}", self.base)
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, text).into_response()
}

/// `POST /{service}/_faults`: a list of faults, or `{"down": true|false}`.
async fn inject_faults(
    State(fake): State<Arc<FakeMusic>>,
    Path(service): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Down {
        down: bool,
    }
    let Some(service) = Service::parse(&service) else {
        return plain(StatusCode::NOT_FOUND, "no such service");
    };
    if let Ok(Down { down }) = serde_json::from_slice::<Down>(&body) {
        fake.set_down(service, down);
        return StatusCode::NO_CONTENT.into_response();
    }
    match serde_json::from_slice::<Vec<MusicFault>>(&body) {
        Ok(faults) => {
            fake.inject(service, faults);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

/// A generated cover: the release's initials on a colour of its own (no artwork is shipped).
async fn cover(Path(file): Path<String>) -> Response {
    let key = file.trim_end_matches(".svg");
    let Some(entry) = catalogue::all().iter().find(|e| e.key == key) else {
        return plain(StatusCode::NOT_FOUND, "no such cover");
    };
    let hue = entry
        .key
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % 360;
    let initials: String = entry
        .title
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(3)
        .collect();
    let initials = initials
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300"><rect width="300" height="300" fill="hsl({hue},55%,38%)"/><text x="150" y="175" font-family="sans-serif" font-size="84" fill="white" text-anchor="middle">{initials}</text></svg>"#
    );
    (
        [
            ("content-type", "image/svg+xml"),
            ("cache-control", "public, max-age=86400"),
        ],
        svg,
    )
        .into_response()
}

/// The music fakes' routes, relative to [`MOUNT`].
pub fn router<S: Clone + Send + Sync + 'static>(fake: Arc<FakeMusic>) -> Router<S> {
    Router::new()
        .route("/spotify/accounts/api/token", post(spotify::token))
        .route("/spotify/api/v1/search", get(spotify::search))
        .route("/spotify/api/v1/albums/{id}", get(spotify::album))
        .route("/spotify/api/v1/tracks/{id}", get(spotify::track))
        .route("/lastfm/2.0/", get(lastfm::api))
        .route(
            "/musicbrainz/ws/2/release-group",
            get(musicbrainz::search_groups),
        )
        .route(
            "/musicbrainz/ws/2/release",
            get(musicbrainz::browse_releases),
        )
        .route(
            "/musicbrainz/ws/2/release/{mbid}",
            get(musicbrainz::release),
        )
        .route("/musicbrainz/ws/2/url", get(musicbrainz::url_lookup))
        .route(
            "/coverart/release/{mbid}/{size}",
            get(musicbrainz::cover_art),
        )
        .route("/songlink/v1-alpha.1/links", get(songlink::links))
        .route("/covers/{file}", get(cover))
        .route("/{service}/_faults", post(inject_faults))
        .with_state(fake)
}

/// A JSON answer.
fn json(value: serde_json::Value) -> Response {
    Json(value).into_response()
}
