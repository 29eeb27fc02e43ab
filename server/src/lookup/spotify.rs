//! Spotify: a client-credentials token (kept until it expires, fetched again once on a 401),
//! album search, albums, and the album a track is on.

use super::client::SourceClient;
use super::{Loaded, ReleaseSource, SourceError, RESULTS_PER_SOURCE};
use async_trait::async_trait;
use liner::lookup::link::{LinkTarget, ParsedLink};
use liner::lookup::{ReleaseHit, Source, SourceRef};
use liner::release::{
    format_duration, Platform, Release, ReleaseIds, ReleaseKind, ReleaseLink, Track,
};
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::time::{Duration, Instant};
use url::Url;

pub struct Spotify {
    client: SourceClient,
    /// `…/v1`.
    api: Url,
    token_url: Url,
    client_id: String,
    client_secret: SecretString,
    token: tokio::sync::Mutex<Option<(SecretString, Instant)>>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    token_type: String,
    expires_in: u64,
}

#[derive(Deserialize)]
struct Image {
    url: String,
    #[serde(default)]
    width: Option<u32>,
}

#[derive(Deserialize)]
struct Artist {
    name: String,
}

#[derive(Deserialize)]
struct SimplifiedAlbum {
    id: String,
    name: String,
    album_type: String,
    #[serde(default)]
    total_tracks: u32,
    #[serde(default)]
    release_date: String,
    #[serde(default)]
    images: Vec<Image>,
    #[serde(default)]
    artists: Vec<Artist>,
}

#[derive(Deserialize)]
struct SearchAnswer {
    albums: Page<SimplifiedAlbum>,
}

#[derive(Deserialize)]
struct Page<T> {
    items: Vec<T>,
}

#[derive(Deserialize)]
struct FullAlbum {
    #[serde(flatten)]
    album: SimplifiedAlbum,
    tracks: Page<TrackItem>,
    #[serde(default)]
    label: String,
    #[serde(default)]
    genres: Vec<String>,
    #[serde(default)]
    external_ids: ExternalIds,
}

#[derive(Deserialize, Default)]
struct ExternalIds {
    #[serde(default)]
    upc: Option<String>,
}

#[derive(Deserialize)]
struct TrackItem {
    name: String,
    #[serde(default)]
    duration_ms: u64,
}

#[derive(Deserialize)]
struct TrackAnswer {
    album: SimplifiedAlbum,
}

/// Spotify calls EPs singles: one of four tracks or more is an EP.
fn kind(album: &SimplifiedAlbum) -> ReleaseKind {
    match album.album_type.to_ascii_lowercase().as_str() {
        "compilation" => ReleaseKind::Compilation,
        "single" if album.total_tracks >= 4 => ReleaseKind::Ep,
        "single" => ReleaseKind::Single,
        _ => ReleaseKind::Album,
    }
}

fn artists(list: &[Artist]) -> String {
    list.iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The largest image, or the smallest one that is at least `min` wide.
fn image(images: &[Image], min: Option<u32>) -> Option<String> {
    let mut sorted: Vec<&Image> = images.iter().collect();
    sorted.sort_by_key(|i| i.width.unwrap_or(0));
    match min {
        Some(min) => sorted
            .iter()
            .find(|i| i.width.unwrap_or(0) >= min)
            .or(sorted.last())
            .map(|i| i.url.clone()),
        None => sorted.last().map(|i| i.url.clone()),
    }
}

fn valid_id(id: &str) -> bool {
    id.len() == 22 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

impl Spotify {
    pub fn new(
        client: SourceClient,
        api: Url,
        token_url: Url,
        client_id: String,
        client_secret: SecretString,
    ) -> Spotify {
        Spotify {
            client,
            api,
            token_url,
            client_id,
            client_secret,
            token: tokio::sync::Mutex::new(None),
        }
    }

    /// A token, fetched when there is none, it is about to expire, or it is `refused` (unless
    /// another request already replaced that one: concurrent 401s fetch one new token).
    async fn token(&self, refused: Option<&SecretString>) -> Result<SecretString, SourceError> {
        let mut held = self.token.lock().await;
        if let Some((token, until)) = held.as_ref() {
            let was_refused = refused.is_some_and(|r| r.expose_secret() == token.expose_secret());
            if !was_refused && Instant::now() < *until {
                return Ok(token.clone());
            }
        }
        let resp = self
            .client
            .send(|| {
                self.client
                    .http()
                    .post(self.token_url.clone())
                    .basic_auth(&self.client_id, Some(self.client_secret.expose_secret()))
                    .form(&[("grant_type", "client_credentials")])
            })
            .await?;
        if !resp.status().is_success() {
            return Err(SourceError::Refused(format!(
                "token endpoint answered HTTP {}",
                resp.status().as_u16()
            )));
        }
        let answer: TokenAnswer = resp.json().await.map_err(|e| {
            SourceError::Unavailable(format!("unreadable token: {}", e.without_url()))
        })?;
        if !answer.token_type.eq_ignore_ascii_case("bearer") {
            return Err(SourceError::Refused(format!(
                "unexpected token type {}",
                answer.token_type
            )));
        }
        let token = SecretString::from(answer.access_token);
        // A minute early, so a token never expires mid-request.
        let until = Instant::now() + Duration::from_secs(answer.expires_in.saturating_sub(60));
        *held = Some((token.clone(), until));
        Ok(token)
    }

    /// A GET with the token; a 401 fetches a new token and tries once more.
    async fn get<T: serde::de::DeserializeOwned>(&self, url: Url) -> Result<T, SourceError> {
        let mut refused: Option<SecretString> = None;
        for retry in [false, true] {
            let token = self.token(refused.as_ref()).await?;
            let resp = self
                .client
                .send(|| {
                    self.client
                        .http()
                        .get(url.clone())
                        .bearer_auth(token.expose_secret())
                })
                .await?;
            match resp.status() {
                StatusCode::UNAUTHORIZED if !retry => {
                    refused = Some(token);
                    continue;
                }
                StatusCode::NOT_FOUND | StatusCode::BAD_REQUEST => {
                    return Err(SourceError::NotFound)
                }
                s if !s.is_success() => {
                    return Err(SourceError::Refused(format!("HTTP {}", s.as_u16())))
                }
                _ => {
                    return resp.json::<T>().await.map_err(|e| {
                        SourceError::Unavailable(format!("unreadable answer: {}", e.without_url()))
                    })
                }
            }
        }
        Err(SourceError::Refused("the token was refused".into()))
    }

    fn url(&self, segments: &[&str]) -> Result<Url, SourceError> {
        let mut url = self.api.clone();
        url.path_segments_mut()
            .map_err(|()| SourceError::Refused("bad base URL".into()))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    async fn search_albums(&self, query: &str) -> Result<Vec<ReleaseHit>, SourceError> {
        let mut url = self.url(&["search"])?;
        url.query_pairs_mut()
            .append_pair("q", query)
            .append_pair("type", "album")
            .append_pair("limit", &RESULTS_PER_SOURCE.to_string());
        let answer: SearchAnswer = self.get(url).await?;
        Ok(answer
            .albums
            .items
            .into_iter()
            .map(|a| ReleaseHit {
                kind: Some(kind(&a)),
                year: a.release_date.get(..4).and_then(|y| y.parse().ok()),
                thumbnail: image(&a.images, Some(64)),
                title: a.name.clone(),
                artists: artists(&a.artists),
                from: SourceRef {
                    source: Source::Spotify,
                    id: a.id,
                },
                also: Vec::new(),
                upc: None,
            })
            .collect())
    }

    async fn album(&self, id: &str) -> Result<Loaded, SourceError> {
        if !valid_id(id) {
            return Err(SourceError::NotFound);
        }
        let full: FullAlbum = self.get(self.url(&["albums", id])?).await?;
        let link = format!("https://open.spotify.com/album/{}", full.album.id);
        let release = Release {
            title: full.album.name.clone(),
            artists: artists(&full.album.artists),
            kind: kind(&full.album),
            release_date: full.album.release_date.clone(),
            label: full.label,
            cover_url: image(&full.album.images, None).unwrap_or_default(),
            tracks: full
                .tracks
                .items
                .iter()
                .map(|t| Track {
                    title: t.name.clone(),
                    duration: format_duration((t.duration_ms / 1000) as u32),
                })
                .collect(),
            tags: full.genres.join(", "),
            links: vec![ReleaseLink {
                platform: Platform::Spotify,
                url: link.clone(),
            }],
            ids: ReleaseIds {
                spotify: Some(full.album.id.clone()),
                barcode: full.external_ids.upc.clone().filter(|u| !u.is_empty()),
                musicbrainz: None,
            },
        };
        Ok(Loaded {
            release,
            mbid: None,
            own_link: Some(link),
            upc: full.external_ids.upc,
        })
    }

    /// The id of the album a track is on.
    async fn album_of_track(&self, id: &str) -> Result<String, SourceError> {
        if !valid_id(id) {
            return Err(SourceError::NotFound);
        }
        let answer: TrackAnswer = self.get(self.url(&["tracks", id])?).await?;
        Ok(answer.album.id)
    }
}

#[async_trait]
impl ReleaseSource for Spotify {
    fn circuit_open(&self) -> bool {
        self.client.circuit_open()
    }

    fn source(&self) -> Source {
        Source::Spotify
    }

    async fn search(&self, query: &str) -> Result<Vec<ReleaseHit>, SourceError> {
        self.search_albums(query).await
    }

    async fn release(&self, id: &str) -> Result<Loaded, SourceError> {
        self.album(id).await
    }

    /// An album link names it; a track link, the album the track is on.
    async fn resolve(&self, link: &ParsedLink) -> Result<Option<SourceRef>, SourceError> {
        let id = match &link.target {
            LinkTarget::SpotifyAlbum(id) => id.clone(),
            LinkTarget::SpotifyTrack(id) => self.album_of_track(id).await?,
            _ => return Ok(None),
        };
        Ok(Some(SourceRef {
            source: Source::Spotify,
            id,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn album(kind: &str, tracks: u32) -> Result<SimplifiedAlbum, serde_json::Error> {
        serde_json::from_value(serde_json::json!({
            "id": "x", "name": "n", "album_type": kind, "total_tracks": tracks,
            "release_date": "2009", "release_date_precision": "year",
            "images": [{"url": "s", "width": 64}, {"url": "l", "width": 640}, {"url": "m", "width": 300}],
            "artists": [{"name": "Burial"}, {"name": "Four Tet"}]
        }))
    }

    #[test]
    fn spotify_albums_read_as_liner_releases() -> Result<(), serde_json::Error> {
        assert_eq!(kind(&album("single", 1)?), ReleaseKind::Single);
        assert_eq!(
            kind(&album("single", 4)?),
            ReleaseKind::Ep,
            "Spotify calls EPs singles"
        );
        assert_eq!(kind(&album("ALBUM", 9)?), ReleaseKind::Album);
        assert_eq!(kind(&album("compilation", 20)?), ReleaseKind::Compilation);
        let a = album("single", 2)?;
        assert_eq!(artists(&a.artists), "Burial, Four Tet");
        assert_eq!(
            image(&a.images, None).as_deref(),
            Some("l"),
            "the largest cover"
        );
        assert_eq!(
            image(&a.images, Some(64)).as_deref(),
            Some("s"),
            "a thumbnail"
        );
        Ok(())
    }
}
