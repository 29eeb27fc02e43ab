//! Last.fm (`album.search`, `album.getinfo`), with its quirks: errors arrive with HTTP 200 and an
//! `error` code, a list of one is an object rather than an array, an empty one an empty string,
//! and durations are seconds that may be missing.

use super::client::SourceClient;
use super::{Loaded, ReleaseSource, SourceError, RESULTS_PER_SOURCE};
use async_trait::async_trait;
use liner::lookup::link::{LinkTarget, ParsedLink};
use liner::lookup::{ReleaseHit, Source, SourceRef};
use liner::release::{format_duration, Release, ReleaseIds, ReleaseKind, Track};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use url::Url;

pub struct LastFm {
    client: SourceClient,
    /// `…/2.0/`.
    api: Url,
    api_key: SecretString,
}

/// One item, a list of them, or nothing (`""`), as Last.fm sends lists.
#[derive(Debug)]
struct List<T>(Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for List<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        match value {
            serde_json::Value::Array(items) => Ok(List(
                items
                    .into_iter()
                    .filter_map(|i| serde_json::from_value(i).ok())
                    .collect(),
            )),
            serde_json::Value::Object(_) => Ok(List(
                serde_json::from_value(value).ok().into_iter().collect(),
            )),
            _ => Ok(List(Vec::new())),
        }
    }
}

#[derive(Deserialize)]
struct Image {
    #[serde(rename = "#text", default)]
    url: String,
    #[serde(default)]
    size: String,
}

#[derive(Deserialize)]
struct Error {
    error: u32,
    #[serde(default)]
    message: String,
}

#[derive(Deserialize)]
struct SearchAnswer {
    results: SearchResults,
}

#[derive(Deserialize)]
struct SearchResults {
    albummatches: Matches,
}

#[derive(Deserialize)]
struct Matches {
    #[serde(default)]
    album: List<Match>,
}

#[derive(Deserialize)]
struct Match {
    name: String,
    artist: String,
    #[serde(default)]
    image: Vec<Image>,
}

#[derive(Deserialize)]
struct InfoAnswer {
    album: Album,
}

#[derive(Deserialize)]
struct Album {
    name: String,
    artist: String,
    #[serde(default)]
    mbid: Option<String>,
    #[serde(default)]
    image: Vec<Image>,
    #[serde(default, deserialize_with = "lenient")]
    tracks: Option<Tracks>,
    #[serde(default, deserialize_with = "lenient")]
    tags: Option<Tags>,
}

/// A field Last.fm sometimes sends as `""`: whatever does not read as `T` is none.
fn lenient<'de, D: serde::Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(value).ok())
}

#[derive(Deserialize)]
struct Tracks {
    #[serde(default)]
    track: List<TrackItem>,
}

#[derive(Deserialize)]
struct TrackItem {
    name: String,
    #[serde(default)]
    duration: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Tags {
    #[serde(default)]
    tag: List<Tag>,
}

#[derive(Deserialize)]
struct Tag {
    name: String,
}

/// The image of this size, else the largest there is.
fn image(images: &[Image], size: &str) -> Option<String> {
    images
        .iter()
        .find(|i| i.size == size && !i.url.is_empty())
        .or_else(|| images.iter().rev().find(|i| !i.url.is_empty()))
        .map(|i| i.url.clone())
}

/// Seconds, as a number or a string; `None` when missing or zero.
fn seconds(v: &Option<serde_json::Value>) -> Option<u32> {
    let n = match v.as_ref()? {
        serde_json::Value::Number(n) => n.as_u64()?,
        serde_json::Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (n > 0).then_some(n.min(u64::from(u32::MAX)) as u32)
}

impl LastFm {
    pub fn new(client: SourceClient, api: Url, api_key: SecretString) -> LastFm {
        LastFm {
            client,
            api,
            api_key,
        }
    }

    /// Calls a method; Last.fm's own errors (sent with HTTP 200) become [`SourceError`]s.
    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        params: &[(&str, &str)],
    ) -> Result<T, SourceError> {
        let mut url = self.api.clone();
        url.query_pairs_mut()
            .extend_pairs(params)
            .append_pair("api_key", self.api_key.expose_secret())
            .append_pair("format", "json");
        // Last.fm's errors come with 200, 400 or 404 alike: the body says what happened.
        let resp = self
            .client
            .send(|| self.client.http().get(url.clone()))
            .await?;
        let value: serde_json::Value = resp.json().await.map_err(|e| {
            SourceError::Unavailable(format!("unreadable answer: {}", e.without_url()))
        })?;
        if let Ok(e) = serde_json::from_value::<Error>(value.clone()) {
            return Err(match e.error {
                6 => SourceError::NotFound,
                // Rate limit exceeded, service offline, temporary error.
                29 | 11 | 16 => SourceError::Unavailable(e.message),
                _ => SourceError::Refused(format!("error {}: {}", e.error, e.message)),
            });
        }
        serde_json::from_value(value)
            .map_err(|e| SourceError::Unavailable(format!("unreadable answer: {e}")))
    }

    async fn search_albums(&self, query: &str) -> Result<Vec<ReleaseHit>, SourceError> {
        let limit = RESULTS_PER_SOURCE.to_string();
        let answer: SearchAnswer = self
            .call(&[
                ("method", "album.search"),
                ("album", query),
                ("limit", &limit),
            ])
            .await?;
        Ok(answer
            .results
            .albummatches
            .album
            .0
            .into_iter()
            .map(|m| ReleaseHit {
                from: SourceRef::last_fm(&m.artist, &m.name),
                also: Vec::new(),
                thumbnail: image(&m.image, "medium"),
                title: m.name,
                artists: m.artist,
                kind: None,
                year: None,
                upc: None,
            })
            .collect())
    }

    async fn album(&self, artist: &str, album: &str) -> Result<Loaded, SourceError> {
        let answer: InfoAnswer = self
            .call(&[
                ("method", "album.getinfo"),
                ("artist", artist),
                ("album", album),
                ("autocorrect", "1"),
            ])
            .await?;
        let a = answer.album;
        let tracks: Vec<Track> = a
            .tracks
            .map(|t| t.track.0)
            .unwrap_or_default()
            .into_iter()
            .map(|t| Track {
                duration: seconds(&t.duration)
                    .map(format_duration)
                    .unwrap_or_default(),
                title: t.name,
            })
            .collect();
        let tags: Vec<String> = a
            .tags
            .map(|t| t.tag.0)
            .unwrap_or_default()
            .into_iter()
            .take(5)
            .map(|t| t.name)
            .collect();
        // Last.fm does not say what kind a release is; one track is a single at least.
        let kind = if tracks.len() == 1 {
            ReleaseKind::Single
        } else {
            ReleaseKind::Album
        };
        Ok(Loaded {
            release: Release {
                title: a.name,
                artists: a.artist,
                kind,
                cover_url: image(&a.image, "extralarge").unwrap_or_default(),
                tracks,
                tags: tags.join(", "),
                ids: ReleaseIds {
                    musicbrainz: a.mbid.clone().filter(|m| !m.is_empty()),
                    ..ReleaseIds::default()
                },
                ..Release::default()
            },
            mbid: a.mbid.filter(|m| !m.is_empty()),
            own_link: None,
            upc: None,
        })
    }
}

#[async_trait]
impl ReleaseSource for LastFm {
    fn circuit_open(&self) -> bool {
        self.client.circuit_open()
    }

    fn source(&self) -> Source {
        Source::LastFm
    }

    async fn search(&self, query: &str) -> Result<Vec<ReleaseHit>, SourceError> {
        self.search_albums(query).await
    }

    /// By artist and album, as [`SourceRef::last_fm`] joins them.
    async fn release(&self, id: &str) -> Result<Loaded, SourceError> {
        let (artist, album) = id.split_once('\n').ok_or(SourceError::NotFound)?;
        self.album(artist, album).await
    }

    async fn resolve(&self, link: &ParsedLink) -> Result<Option<SourceRef>, SourceError> {
        Ok(match &link.target {
            LinkTarget::LastFmAlbum { artist, album } => Some(SourceRef::last_fm(artist, album)),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_one_is_an_object_and_an_empty_one_a_string() -> Result<(), serde_json::Error> {
        let one: Tracks =
            serde_json::from_str(r#"{"track": {"name": "Malamente", "duration": 150}}"#)?;
        assert_eq!(one.track.0.len(), 1);
        let many: Tracks =
            serde_json::from_str(r#"{"track": [{"name": "a"}, {"name": "b", "duration": "61"}]}"#)?;
        assert_eq!(many.track.0.len(), 2);
        assert_eq!(seconds(&many.track.0[1].duration), Some(61));
        assert_eq!(seconds(&many.track.0[0].duration), None);
        let none: Album = serde_json::from_str(r#"{"name": "x", "artist": "y", "tags": ""}"#)?;
        assert!(none.tags.is_none());
        Ok(())
    }
}
