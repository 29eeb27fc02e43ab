//! Finding a release on the services posters already use: what a search returns, what a loaded
//! release carries, and how the same release found by two services is told apart from two
//! different ones. The services themselves are the server's business.

pub mod fill;
pub mod link;
pub mod merge;

use crate::release::{Release, ReleaseKind};
use serde::{Deserialize, Serialize};

/// The longest search Liner sends on.
pub const QUERY_MAX: usize = 200;

/// A service releases are looked up on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    // In order of preference when two agree: Spotify knows dates and covers best, MusicBrainz
    // labels and links, Last.fm tags.
    Spotify,
    MusicBrainz,
    LastFm,
}

impl Source {
    pub const ALL: [Source; 3] = [Source::Spotify, Source::MusicBrainz, Source::LastFm];

    pub fn name(self) -> &'static str {
        match self {
            Source::Spotify => "Spotify",
            Source::MusicBrainz => "MusicBrainz",
            Source::LastFm => "Last.fm",
        }
    }

    /// A stable token for metrics and cache keys.
    pub fn token(self) -> &'static str {
        match self {
            Source::Spotify => "spotify",
            Source::MusicBrainz => "musicbrainz",
            Source::LastFm => "lastfm",
        }
    }
}

/// A release on one service, by that service's own id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SourceRef {
    pub source: Source,
    /// Spotify: an album id. MusicBrainz: a release's MBID. Last.fm: the artist and the album,
    /// joined by a newline (Last.fm names albums, it has no ids of its own for all of them).
    pub id: String,
}

impl SourceRef {
    pub fn last_fm(artist: &str, album: &str) -> SourceRef {
        SourceRef {
            source: Source::LastFm,
            id: format!("{artist}\n{album}"),
        }
    }

    /// A Last.fm reference's artist and album.
    pub fn last_fm_parts(&self) -> Option<(&str, &str)> {
        (self.source == Source::LastFm)
            .then(|| self.id.split_once('\n'))
            .flatten()
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseHit {
    /// Where it loads from: the most trusted service that found it.
    pub from: SourceRef,
    /// The same release on other services: where to load it from when the first fails.
    #[serde(default)]
    pub also: Vec<SourceRef>,
    pub title: String,
    pub artists: String,
    #[serde(default)]
    pub kind: Option<ReleaseKind>,
    #[serde(default)]
    pub year: Option<i32>,
    /// A small cover image.
    #[serde(default)]
    pub thumbnail: Option<String>,
    /// The barcode, when the service knows it: the surest sign two services mean one release.
    #[serde(default)]
    pub upc: Option<String>,
}

/// What a search found, with a word on each service that could not answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub hits: Vec<ReleaseHit>,
    /// "Spotify is not configured", "Last.fm did not answer", …
    pub notices: Vec<String>,
}

/// A release loaded to fill the draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundRelease {
    pub release: Release,
    /// What the poster should know: a link that could not be resolved, a service that did not
    /// answer while links were gathered.
    #[serde(default)]
    pub notices: Vec<String>,
}

/// What a pasted link came to.
// One per lookup, sent straight to the browser: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolved {
    Found(FoundRelease),
    /// Understood, but not loaded: the link to keep (when a post can link to it) and why.
    Unresolved {
        link: Option<crate::release::ReleaseLink>,
        message: String,
    },
}
