//! The fixture catalogue the music fakes answer from: real releases' facts, made-up ids.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub key: String,
    pub title: String,
    pub artist: String,
    /// album, ep, single or compilation.
    pub kind: String,
    /// YYYY, YYYY-MM or YYYY-MM-DD.
    pub date: String,
    pub label: String,
    pub upc: String,
    pub genres: Vec<String>,
    pub tracks: Vec<Track>,
    pub mbid_release: String,
    pub mbid_group: String,
    pub spotify_id: Option<String>,
    pub spotify_track_ids: Option<Vec<String>>,
    pub on_lastfm: bool,
    /// apple_music, bandcamp, youtube_music, tidal, deezer → URL.
    pub links: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Track {
    pub title: String,
    pub ms: u64,
    pub isrc: String,
}

static CATALOGUE: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("catalogue.json")).unwrap_or_else(|e| {
        // Built in at compile time and covered by a test: a parse failure is a build defect.
        tracing::error!(error = %e, "the music fakes' catalogue does not parse");
        Vec::new()
    })
});

pub fn all() -> &'static [Entry] {
    &CATALOGUE
}

/// Lowercase words, for matching queries the way a search engine roughly would.
fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Entries whose title and artist hold every word of `query`, best first (title matches
/// outrank artist ones).
pub fn search<'a>(query: &str, within: impl Iterator<Item = &'a Entry>) -> Vec<&'a Entry> {
    let wanted = words(query);
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(usize, &Entry)> = within
        .filter_map(|e| {
            let title = words(&e.title);
            let artist = words(&e.artist);
            let all = wanted.iter().all(|w| {
                title
                    .iter()
                    .chain(&artist)
                    .any(|t| t.starts_with(w.as_str()))
            });
            all.then(|| {
                let in_title = wanted.iter().filter(|w| title.contains(w)).count();
                (usize::MAX - in_title, e)
            })
        })
        .collect();
    found.sort_by_key(|(rank, e)| (*rank, e.key.clone()));
    found.into_iter().map(|(_, e)| e).collect()
}

pub fn by_spotify_id(id: &str) -> Option<&'static Entry> {
    all().iter().find(|e| e.spotify_id.as_deref() == Some(id))
}

/// The entry holding the Spotify track, and the track's position.
pub fn by_spotify_track(id: &str) -> Option<(&'static Entry, usize)> {
    all().iter().find_map(|e| {
        let ids = e.spotify_track_ids.as_ref()?;
        ids.iter().position(|t| t == id).map(|i| (e, i))
    })
}

pub fn by_mbid(id: &str) -> Option<&'static Entry> {
    all().iter().find(|e| e.mbid_release == id)
}

pub fn by_group(id: &str) -> Option<&'static Entry> {
    all().iter().find(|e| e.mbid_group == id)
}

/// The entry a Last.fm page names, compared as Last.fm does: case-insensitively.
pub fn by_name(artist: &str, album: &str) -> Option<&'static Entry> {
    all().iter().find(|e| {
        e.on_lastfm
            && e.artist.to_lowercase() == artist.trim().to_lowercase()
            && e.title.to_lowercase() == album.trim().to_lowercase()
    })
}

/// The entry one of whose links is `url` (its Spotify album link included).
pub fn by_link(url: &str) -> Option<&'static Entry> {
    // As MusicBrainz and song.link do, compare links in their plain form (no slugs, no
    // tracking parameters).
    let plain = |u: &str| {
        liner::lookup::link::parse_link(u)
            .map(|p| p.canonical)
            .unwrap_or_else(|_| u.to_string())
    };
    let url = plain(url);
    all().iter().find(|e| {
        e.links.values().any(|l| plain(l) == url)
            || e.spotify_id
                .as_ref()
                .is_some_and(|id| url == format!("https://open.spotify.com/album/{id}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_parses_and_has_what_the_tests_need() {
        let all = all();
        assert!(all.len() >= 25, "{} releases", all.len());
        assert!(all.iter().any(|e| e.title == "Blue Lines"));
        assert!(all.iter().any(|e| e.spotify_id.is_none()));
        assert!(all.iter().any(|e| e.tracks.len() == 1));
        assert!(all.iter().any(|e| e.date.len() == 4));
    }

    #[test]
    fn search_matches_words_of_title_and_artist() {
        let hits = search("massive blue", all().iter());
        assert_eq!(hits.first().map(|e| e.title.as_str()), Some("Blue Lines"));
        assert!(search("zzzz", all().iter()).is_empty());
        assert_eq!(search("let it be", all().iter()).len(), 2);
    }
}
