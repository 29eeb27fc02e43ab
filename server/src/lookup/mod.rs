//! Release lookup: searching Spotify, Last.fm and MusicBrainz at once, loading a chosen
//! release, and resolving a pasted link. Sources that are not configured, fail or are slow are
//! named in notices while the others answer. Answers are cached in SQLite; each person's
//! lookups are rate limited.

pub mod cache;
pub mod client;
pub mod lastfm;
pub mod musicbrainz;
pub mod spotify;

use crate::db::Db;
use cache::LookupCache;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use liner::lookup::fill::add_links;
use liner::lookup::link::{parse_link, LinkError, LinkTarget};
use liner::lookup::merge::merge_hits;
use liner::lookup::{
    FoundRelease, ReleaseHit, Resolved, SearchResults, Source, SourceRef, QUERY_MAX,
};
use liner::release::{Release, ReleaseLink};
use std::num::NonZeroU32;
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

/// How long a search per source may take before the others answer without it.
const SEARCH_DEADLINE: Duration = Duration::from_secs(5);
/// Results per source.
pub const RESULTS_PER_SOURCE: usize = 10;
/// How long answers are kept.
const SEARCH_TTL: Duration = Duration::from_secs(60 * 60);
const RELEASE_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// The configured sources and what they share.
pub struct Lookup {
    pub spotify: Option<spotify::Spotify>,
    pub lastfm: Option<lastfm::LastFm>,
    pub musicbrainz: Option<musicbrainz::MusicBrainz>,
    cache: LookupCache,
    per_user: DefaultKeyedRateLimiter<i64>,
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

impl Lookup {
    pub fn new(
        db: Db,
        spotify: Option<spotify::Spotify>,
        lastfm: Option<lastfm::LastFm>,
        musicbrainz: Option<musicbrainz::MusicBrainz>,
    ) -> Lookup {
        // Typing is debounced to one search per 300 ms; this leaves room for that and a few
        // loads, not for scripts.
        let quota = Quota::per_second(NonZeroU32::MIN.saturating_add(4))
            .allow_burst(NonZeroU32::MIN.saturating_add(14));
        Lookup {
            spotify,
            lastfm,
            musicbrainz,
            cache: LookupCache::new(db),
            per_user: RateLimiter::keyed(quota),
        }
    }

    fn admit(&self, user: i64) -> Result<(), LookupError> {
        self.per_user
            .check_key(&user)
            .map_err(|_| LookupError::TooMany)
    }

    /// Every configured source at once; each answers within its deadline or is named in a
    /// notice.
    pub async fn search(&self, user: i64, query: &str) -> Result<SearchResults, LookupError> {
        let query = query.trim();
        if query.chars().count() > QUERY_MAX {
            return Err(LookupError::Invalid(format!(
                "Search for at most {QUERY_MAX} characters."
            )));
        }
        if query.is_empty() {
            return Ok(SearchResults::default());
        }
        self.admit(user)?;
        let key = liner::lookup::merge::normalize(query);
        let spotify = self.cached_search(Source::Spotify, &key, async {
            match &self.spotify {
                Some(s) => s.search(query).await.map(Some),
                None => Ok(None),
            }
        });
        let lastfm = self.cached_search(Source::LastFm, &key, async {
            match &self.lastfm {
                Some(s) => s.search(query).await.map(Some),
                None => Ok(None),
            }
        });
        let musicbrainz = self.cached_search(Source::MusicBrainz, &key, async {
            match &self.musicbrainz {
                Some(s) => s.search(query).await.map(Some),
                None => Ok(None),
            }
        });
        let (a, b, c) = tokio::join!(spotify, lastfm, musicbrainz);
        let mut lists = Vec::new();
        let mut notices = Vec::new();
        for (source, answer) in [
            (Source::Spotify, a),
            (Source::LastFm, b),
            (Source::MusicBrainz, c),
        ] {
            match answer {
                Ok(Some(hits)) => lists.push(hits),
                Ok(None) => notices.push(not_configured(source)),
                Err(e) => {
                    tracing::info!(source = source.name(), error = %e, "release search failed");
                    notices.push(notice(source, &e));
                }
            }
        }
        Ok(SearchResults {
            hits: merge_hits(lists),
            notices,
        })
    }

    /// One source's search, from the cache when it has it, within the deadline.
    async fn cached_search(
        &self,
        source: Source,
        key: &str,
        ask: impl std::future::Future<Output = Result<Option<Vec<ReleaseHit>>, SourceError>>,
    ) -> Result<Option<Vec<ReleaseHit>>, SourceError> {
        let key = format!("{}:search:{key}", source.token());
        if let Some(hits) = self.cache.get::<Vec<ReleaseHit>>(source, &key).await {
            return Ok(Some(hits));
        }
        let answer = tokio::time::timeout(SEARCH_DEADLINE, ask)
            .await
            .map_err(|_| SourceError::Unavailable("too slow".into()))??;
        if let Some(hits) = &answer {
            self.cache.put(&key, hits, SEARCH_TTL).await;
        }
        Ok(answer)
    }

    /// A release a search found.
    pub async fn load(&self, user: i64, from: &SourceRef) -> Result<FoundRelease, LookupError> {
        if from.id.is_empty() || from.id.len() > 400 {
            return Err(LookupError::Invalid(
                "That release reference is not valid.".into(),
            ));
        }
        self.admit(user)?;
        self.load_from(from).await
    }

    async fn load_from(&self, from: &SourceRef) -> Result<FoundRelease, LookupError> {
        let key = format!("{}:release:{}", from.source.token(), from.id);
        let cached = self.cache.get::<Loaded>(from.source, &key).await;
        let loaded = match cached {
            Some(l) => l,
            None => {
                let loaded = self.ask_release(from).await.map_err(|e| match e {
                    SourceError::NotFound => LookupError::NotFound(format!(
                        "{} no longer has that release.",
                        from.source.name()
                    )),
                    other => LookupError::Unavailable(notice(from.source, &other)),
                })?;
                self.cache.put(&key, &loaded, RELEASE_TTL).await;
                loaded
            }
        };
        let mut found = FoundRelease {
            release: loaded.release,
            notices: Vec::new(),
        };
        self.complete(
            &mut found,
            loaded.mbid.as_deref(),
            loaded.own_link.as_deref(),
        )
        .await;
        Ok(found)
    }

    async fn ask_release(&self, from: &SourceRef) -> Result<Loaded, SourceError> {
        let missing = || SourceError::Refused(not_configured(from.source));
        match from.source {
            Source::Spotify => {
                self.spotify
                    .as_ref()
                    .ok_or_else(missing)?
                    .album(&from.id)
                    .await
            }
            Source::LastFm => {
                let (artist, album) = from.last_fm_parts().ok_or(SourceError::NotFound)?;
                self.lastfm
                    .as_ref()
                    .ok_or_else(missing)?
                    .album(artist, album)
                    .await
            }
            Source::MusicBrainz => {
                self.musicbrainz
                    .as_ref()
                    .ok_or_else(missing)?
                    .release(&from.id)
                    .await
            }
        }
    }

    /// Completes a release from MusicBrainz (found by its MBID, or else by its link on the
    /// source it came from): links to it on other platforms from MusicBrainz' URL relations, and
    /// what the source left empty (Spotify has no genres, Last.fm no date or label).
    async fn complete(&self, found: &mut FoundRelease, mbid: Option<&str>, own: Option<&str>) {
        let Some(mb) = &self.musicbrainz else {
            return;
        };
        let mbid = match (mbid, own) {
            (Some(id), _) => Some(id.to_string()),
            (None, Some(url)) => match self.cached_url(mb, url).await {
                Ok(id) => id,
                Err(e) => {
                    found.notices.push(format!(
                        "{} Links to other platforms were not added.",
                        notice(Source::MusicBrainz, &e)
                    ));
                    return;
                }
            },
            (None, None) => None,
        };
        let Some(mbid) = mbid else {
            return;
        };
        let key = format!("musicbrainz:release:{mbid}");
        let known = match self.cache.get::<Loaded>(Source::MusicBrainz, &key).await {
            Some(l) => Ok(l),
            None => match mb.release(&mbid).await {
                Ok(l) => {
                    self.cache.put(&key, &l, RELEASE_TTL).await;
                    Ok(l)
                }
                Err(e) => Err(e),
            },
        };
        match known {
            Ok(known) => liner::lookup::fill::fill(&mut found.release, &known.release, false),
            Err(SourceError::NotFound) => {}
            Err(e) => found.notices.push(format!(
                "{} Links to other platforms were not added.",
                notice(Source::MusicBrainz, &e)
            )),
        }
    }

    /// The MBID of the release MusicBrainz links to `url`, through the cache.
    async fn cached_url(
        &self,
        mb: &musicbrainz::MusicBrainz,
        url: &str,
    ) -> Result<Option<String>, SourceError> {
        let key = format!("musicbrainz:url:{url}");
        if let Some(found) = self
            .cache
            .get::<Option<String>>(Source::MusicBrainz, &key)
            .await
        {
            return Ok(found);
        }
        let found = match mb.release_for_url(url).await {
            Ok(id) => Some(id),
            Err(SourceError::NotFound) => None,
            Err(e) => return Err(e),
        };
        self.cache.put(&key, &found, RELEASE_TTL).await;
        Ok(found)
    }

    /// A pasted link: the release it names, loaded, or a word on why not. A link that is
    /// understood but cannot be loaded is kept as the post's link for its platform.
    pub async fn resolve(&self, user: i64, text: &str) -> Result<Resolved, LookupError> {
        let parsed =
            parse_link(text).map_err(|e: LinkError| LookupError::Invalid(e.to_string()))?;
        self.admit(user)?;
        let keep = parsed.platform.map(|platform| ReleaseLink {
            platform,
            url: parsed.canonical.clone(),
        });
        let unresolved = |why: String| Resolved::Unresolved {
            link: keep.clone(),
            message: why,
        };
        let from = match &parsed.target {
            LinkTarget::SpotifyAlbum(id) => SourceRef {
                source: Source::Spotify,
                id: id.clone(),
            },
            LinkTarget::SpotifyTrack(id) => {
                let Some(spotify) = &self.spotify else {
                    return Ok(unresolved(not_configured(Source::Spotify)));
                };
                match spotify.album_of_track(id).await {
                    Ok(album) => SourceRef {
                        source: Source::Spotify,
                        id: album,
                    },
                    Err(SourceError::NotFound) => {
                        return Ok(unresolved("Spotify does not know that track.".into()))
                    }
                    Err(e) => return Ok(unresolved(notice(Source::Spotify, &e))),
                }
            }
            LinkTarget::LastFmAlbum { artist, album } => SourceRef::last_fm(artist, album),
            LinkTarget::MusicBrainzRelease(id) => SourceRef {
                source: Source::MusicBrainz,
                id: id.clone(),
            },
            LinkTarget::MusicBrainzReleaseGroup(group) => {
                let Some(mb) = &self.musicbrainz else {
                    return Ok(unresolved(not_configured(Source::MusicBrainz)));
                };
                match mb.first_release_of(group).await {
                    Ok(id) => SourceRef {
                        source: Source::MusicBrainz,
                        id,
                    },
                    Err(SourceError::NotFound) => {
                        return Ok(unresolved("MusicBrainz does not know that release.".into()))
                    }
                    Err(e) => return Ok(unresolved(notice(Source::MusicBrainz, &e))),
                }
            }
            LinkTarget::Elsewhere { platform, .. } => {
                let Some(mb) = &self.musicbrainz else {
                    return Ok(unresolved(not_configured(Source::MusicBrainz)));
                };
                match self.cached_url(mb, &parsed.canonical).await {
                    Ok(Some(id)) => SourceRef {
                        source: Source::MusicBrainz,
                        id,
                    },
                    Ok(None) => {
                        return Ok(unresolved(format!(
                            "MusicBrainz does not know this {} link, so the release could not be loaded. The link is kept for the post.",
                            platform.name()
                        )))
                    }
                    Err(e) => return Ok(unresolved(notice(Source::MusicBrainz, &e))),
                }
            }
        };
        match self.load_from(&from).await {
            Ok(mut found) => {
                if let Some(link) = keep {
                    add_links(&mut found.release.links, &[link]);
                }
                Ok(Resolved::Found(found))
            }
            Err(LookupError::NotFound(why) | LookupError::Unavailable(why)) => Ok(unresolved(why)),
            Err(e) => Err(e),
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
}

/// The platform a link is on, when a post can show it.
pub fn link_to(url: &str) -> Option<ReleaseLink> {
    let parsed = parse_link(url).ok()?;
    Some(ReleaseLink {
        platform: parsed.platform?,
        url: parsed.canonical,
    })
}
