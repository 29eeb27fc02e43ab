//! Release lookup: searching Spotify, Last.fm and MusicBrainz at once, loading a chosen
//! release, and resolving a pasted link. Sources that are not configured, fail or are slow are
//! named in notices while the others answer. Answers are cached in SQLite; each person's
//! lookups are rate limited.

pub mod cache;
pub mod client;
pub mod fair_share;
pub mod lastfm;
pub mod musicbrainz;
pub mod songlink;
pub mod spotify;

mod resolve;
mod search;

use crate::db::Db;
use async_trait::async_trait;
use cache::LookupCache;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use liner::lookup::fill::add_links;
use liner::lookup::link::{parse_link, LinkTarget, ParsedLink};
use liner::lookup::{FoundRelease, ReleaseHit, Source, SourceRef};
use liner::release::{Release, ReleaseLink};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// Why a source did not answer as hoped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error("not found")]
    NotFound,
    /// Down, slow, failing or rate limiting: worth trying again later.
    #[error("did not answer ({0})")]
    Unavailable(String),
    /// Refused the request for good (a bad key, say).
    #[error("refused the request ({0})")]
    Refused(String),
}

/// Why a lookup failed, for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("{0}")]
    Invalid(String),
    #[error("You are looking up releases very fast; wait a moment and try again.")]
    TooMany,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Unavailable(String),
}

/// How long loading a release (or a link's) may take, MusicBrainz' pace included.
const LOAD_DEADLINE: Duration = Duration::from_secs(12);

fn too_slow(source: Source) -> LookupError {
    LookupError::Unavailable(format!(
        "{} is slow to answer right now; try again in a moment.",
        source.name()
    ))
}

/// How long a search per source may take before the others answer without it.
const SEARCH_DEADLINE: Duration = Duration::from_secs(5);
/// Results per source.
pub const RESULTS_PER_SOURCE: usize = 10;
/// How long answers are kept.
const SEARCH_TTL: Duration = Duration::from_secs(60 * 60);
const RELEASE_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// A service releases are looked up on.
#[async_trait]
pub trait ReleaseSource: Send + Sync {
    fn source(&self) -> Source;
    /// Releases matching the words, best first (at most [`RESULTS_PER_SOURCE`]).
    async fn search(&self, query: &str) -> Result<Vec<ReleaseHit>, SourceError>;
    /// A release by this source's id (see [`SourceRef`]).
    async fn release(&self, id: &str) -> Result<Loaded, SourceError>;
    /// The release a pasted link names, as far as this source can tell: `Ok(None)` when it
    /// cannot.
    async fn resolve(&self, link: &ParsedLink) -> Result<Option<SourceRef>, SourceError>;
    /// Whether the source is not asked for a while, having failed too often in a row.
    fn circuit_open(&self) -> bool;
    /// The release with this barcode, for services that can search by one.
    async fn find_by_barcode(&self, _upc: &str) -> Result<Option<SourceRef>, SourceError> {
        Ok(None)
    }
}

/// The configured sources and what they share.
pub struct Lookup {
    sources: Vec<Arc<dyn ReleaseSource>>,
    /// Also completes releases from the other sources (links, genres, dates, labels).
    musicbrainz: Option<Arc<dyn ReleaseSource>>,
    /// Completes links, and points links of other platforms at Spotify (when enabled).
    songlink: Option<songlink::SongLink>,
    cache: LookupCache,
    per_user: DefaultKeyedRateLimiter<i64>,
    /// Members take turns at MusicBrainz' one request a second.
    musicbrainz_turns: fair_share::FairShare,
}

impl Lookup {
    /// Each release source's state and its cache's hits since start, for Admin → System.
    pub fn source_states(&self) -> Vec<liner::system::SourceStatus> {
        use liner::system::{SourceState, SourceStatus};
        Source::ALL
            .into_iter()
            .map(|source| {
                let state = match self.source(source) {
                    None => SourceState::NotConfigured,
                    Some(s) if s.circuit_open() => SourceState::CircuitOpen,
                    Some(_) => SourceState::Working,
                };
                let (cache_hits, cache_misses) = self.cache.counts(source.token());
                SourceStatus {
                    name: source.name().to_string(),
                    state,
                    cache_hits,
                    cache_misses,
                }
            })
            .collect()
    }
}

fn notice(source: Source, e: &SourceError) -> String {
    match e {
        SourceError::Unavailable(_) | SourceError::NotFound => {
            format!("{} did not answer.", source.name())
        }
        SourceError::Refused(_) => format!("{} refused Liner's request.", source.name()),
    }
}

fn not_configured(source: Source) -> String {
    format!("{} is not configured.", source.name())
}

/// The service a link belongs to, when Liner has an API for it.
fn owner(link: &ParsedLink) -> Option<Source> {
    match link.target {
        LinkTarget::SpotifyAlbum(_) | LinkTarget::SpotifyTrack(_) => Some(Source::Spotify),
        LinkTarget::LastFmAlbum { .. } => Some(Source::LastFm),
        LinkTarget::MusicBrainzRelease(_) | LinkTarget::MusicBrainzReleaseGroup(_) => {
            Some(Source::MusicBrainz)
        }
        LinkTarget::Elsewhere { .. } => None,
    }
}

impl Lookup {
    pub fn new(
        db: Db,
        sources: Vec<Arc<dyn ReleaseSource>>,
        songlink: Option<songlink::SongLink>,
    ) -> Lookup {
        // Typing is debounced to one search per 250 ms; this leaves room for that and a few
        // loads, not for scripts.
        let quota = Quota::per_second(NonZeroU32::MIN.saturating_add(4))
            .allow_burst(NonZeroU32::MIN.saturating_add(14));
        let musicbrainz = sources
            .iter()
            .find(|s| s.source() == Source::MusicBrainz)
            .cloned();
        Lookup {
            sources,
            musicbrainz,
            songlink,
            cache: LookupCache::new(db),
            per_user: RateLimiter::keyed(quota),
            musicbrainz_turns: fair_share::FairShare::default(),
        }
    }

    /// Drops expired answers and the limits of people who have not looked anything up lately.
    pub async fn housekeeping(&self) {
        let dropped = self.cache.purge().await;
        self.per_user.retain_recent();
        self.per_user.shrink_to_fit();
        self.musicbrainz_turns.forget_idle();
        tracing::debug!(dropped, "lookup housekeeping");
    }

    fn source(&self, source: Source) -> Option<&Arc<dyn ReleaseSource>> {
        self.sources.iter().find(|s| s.source() == source)
    }

    /// `who`'s turn at `source`, if the process shares that source's pace (MusicBrainz);
    /// other sources pace each key on their own side and need no turns.
    async fn turn(&self, who: i64, source: Source) -> Option<fair_share::Turn> {
        match source {
            Source::MusicBrainz => Some(self.musicbrainz_turns.turn(who).await),
            Source::Spotify | Source::LastFm => None,
        }
    }

    fn admit(&self, user: i64) -> Result<(), LookupError> {
        self.per_user
            .check_key(&user)
            .map_err(|_| LookupError::TooMany)
    }

    /// A release a search found.
    pub async fn load(&self, user: i64, from: &SourceRef) -> Result<FoundRelease, LookupError> {
        if from.id.is_empty() || from.id.len() > 400 {
            return Err(LookupError::Invalid(
                "That release reference is not valid.".into(),
            ));
        }
        if self.source(from.source).is_none() {
            return Err(LookupError::Invalid(not_configured(from.source)));
        }
        self.admit(user)?;
        tokio::time::timeout(LOAD_DEADLINE, self.load_from(user, from))
            .await
            .unwrap_or_else(|_| Err(too_slow(from.source)))
    }

    async fn load_from(&self, who: i64, from: &SourceRef) -> Result<FoundRelease, LookupError> {
        let loaded = self.cached_release(who, from).await.map_err(|e| match e {
            SourceError::NotFound => LookupError::NotFound(format!(
                "{} does not have that release.",
                from.source.name()
            )),
            other => LookupError::Unavailable(notice(from.source, &other)),
        })?;
        let mut found = FoundRelease {
            release: loaded.release,
            notices: Vec::new(),
        };
        if from.source != Source::MusicBrainz {
            self.complete(
                who,
                &mut found,
                loaded.mbid,
                loaded.own_link.as_deref(),
                loaded.upc.as_deref(),
            )
            .await;
        }
        Ok(found)
    }

    async fn cached_release(&self, who: i64, from: &SourceRef) -> Result<Loaded, SourceError> {
        let key = format!("{}:release:{}", from.source.token(), from.id);
        if let Some(loaded) = self.cache.get::<Loaded>(from.source, &key).await {
            return Ok(loaded);
        }
        let source = self
            .source(from.source)
            .ok_or_else(|| SourceError::Refused(not_configured(from.source)))?;
        let turn = self.turn(who, from.source).await;
        let loaded = source.release(&from.id).await?;
        drop(turn);
        self.cache.put(&key, &loaded, RELEASE_TTL).await;
        Ok(loaded)
    }

    /// The release `source` has with this barcode, through the cache.
    async fn cached_barcode(
        &self,
        who: i64,
        source: &dyn ReleaseSource,
        upc: &str,
    ) -> Result<Option<SourceRef>, SourceError> {
        let key = format!("{}:barcode:{upc}", source.source().token());
        if let Some(found) = self
            .cache
            .get::<Option<SourceRef>>(source.source(), &key)
            .await
        {
            return Ok(found);
        }
        let turn = self.turn(who, source.source()).await;
        let found = source.find_by_barcode(upc).await;
        drop(turn);
        let found = match found {
            Err(SourceError::NotFound) => None,
            other => other?,
        };
        self.cache.put(&key, &found, RELEASE_TTL).await;
        Ok(found)
    }

    /// What `source` makes of a link, through the cache.
    async fn cached_resolve(
        &self,
        who: i64,
        source: &dyn ReleaseSource,
        link: &ParsedLink,
    ) -> Result<Option<SourceRef>, SourceError> {
        let key = format!("{}:link:{}", source.source().token(), link.canonical);
        if let Some(found) = self
            .cache
            .get::<Option<SourceRef>>(source.source(), &key)
            .await
        {
            return Ok(found);
        }
        let turn = self.turn(who, source.source()).await;
        let found = source.resolve(link).await;
        drop(turn);
        let found = match found {
            Err(SourceError::NotFound) => None,
            other => other?,
        };
        self.cache.put(&key, &found, RELEASE_TTL).await;
        Ok(found)
    }

    /// Completes a release from MusicBrainz (found by its MBID, or else by its link on the
    /// source it came from): links to it on other platforms from MusicBrainz' URL relations, and
    /// what the source left empty (Spotify has no genres, Last.fm no date or label).
    async fn complete(
        &self,
        who: i64,
        found: &mut FoundRelease,
        mbid: Option<String>,
        own: Option<&str>,
        upc: Option<&str>,
    ) {
        self.complete_from_musicbrainz(who, found, mbid, own, upc)
            .await;
        self.complete_links(found).await;
    }

    /// Links on the platforms MusicBrainz did not name, from song.link.
    async fn complete_links(&self, found: &mut FoundRelease) {
        let Some(songlink) = &self.songlink else {
            return;
        };
        let Some(first) = found.release.links.first().map(|l| l.url.clone()) else {
            return;
        };
        match self.cached_links(songlink, &first).await {
            Ok(links) => add_links(&mut found.release.links, &links),
            Err(SourceError::NotFound) => {}
            Err(e) => {
                tracing::info!(error = %e, "song.link did not complete the links");
            }
        }
    }

    /// song.link's links for a URL, through the cache.
    async fn cached_links(
        &self,
        songlink: &songlink::SongLink,
        url: &str,
    ) -> Result<Vec<ReleaseLink>, SourceError> {
        let key = format!("songlink:links:{url}");
        if let Some(links) = self.cache.get::<Vec<ReleaseLink>>("songlink", &key).await {
            return Ok(links);
        }
        let links = songlink.links(url).await?;
        self.cache.put(&key, &links, RELEASE_TTL).await;
        Ok(links)
    }

    async fn complete_from_musicbrainz(
        &self,
        who: i64,
        found: &mut FoundRelease,
        mbid: Option<String>,
        own: Option<&str>,
        upc: Option<&str>,
    ) {
        let Some(mb) = &self.musicbrainz else {
            return;
        };
        let skipped = |e: &SourceError| {
            format!(
                "{} Links, genres or the label it knows may be missing.",
                notice(Source::MusicBrainz, e)
            )
        };
        let reference = match (mbid, own.and_then(|u| parse_link(u).ok())) {
            (Some(id), _) => Some(SourceRef {
                source: Source::MusicBrainz,
                id,
            }),
            (None, Some(link)) => match self.cached_resolve(who, mb.as_ref(), &link).await {
                Ok(found) => found,
                Err(e) => {
                    found.notices.push(skipped(&e));
                    return;
                }
            },
            (None, None) => None,
        };
        // No link to the source's page on MusicBrainz: the barcode names the same release.
        let reference = match (reference, upc) {
            (Some(r), _) => Some(r),
            (None, Some(upc)) => match self.cached_barcode(who, mb.as_ref(), upc).await {
                Ok(found) => found,
                Err(e) => {
                    found.notices.push(skipped(&e));
                    return;
                }
            },
            (None, None) => None,
        };
        let Some(reference) = reference else {
            return;
        };
        match self.cached_release(who, &reference).await {
            Ok(known) => liner::lookup::fill::fill(&mut found.release, &known.release, false),
            Err(SourceError::NotFound) => {}
            Err(e) => found.notices.push(skipped(&e)),
        }
    }
}

/// A release as a source gave it, with what leads to its links elsewhere.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Loaded {
    pub release: Release,
    /// Its MusicBrainz id, when the source knows it.
    pub mbid: Option<String>,
    /// Its page on the source, which MusicBrainz may link to.
    pub own_link: Option<String>,
    /// Its barcode, when the source knows it: how MusicBrainz finds it when it has no link to
    /// the source's page.
    #[serde(default)]
    pub upc: Option<String>,
}

/// The platform a link is on, when a post can show it.
pub fn link_to(url: &str) -> Option<ReleaseLink> {
    let parsed = parse_link(url).ok()?;
    Some(ReleaseLink {
        platform: parsed.platform?,
        url: parsed.canonical,
    })
}
