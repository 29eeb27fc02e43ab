//! The fake Last.fm API (`/2.0/?method=…&format=json`), with its quirks: errors come with HTTP
//! 200 and an `error` code, and a list of one (a one-track album, a single tag) is an object, not
//! an array.

use super::catalogue::{self, Entry};
use super::{json, FakeMusic, Service, LASTFM_API_KEY};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

fn error(code: u32, message: &str) -> Response {
    json(json!({"error": code, "message": message, "links": []}))
}

/// A name as Last.fm puts it in a URL.
fn url_name(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn page(e: &Entry) -> String {
    format!(
        "https://www.last.fm/music/{}/{}",
        url_name(&e.artist),
        url_name(&e.title)
    )
}

fn images(fake: &FakeMusic, e: &Entry) -> Value {
    Value::Array(
        [
            ("small", 34),
            ("medium", 64),
            ("large", 174),
            ("extralarge", 300),
        ]
        .iter()
        .map(|(size, px)| json!({"#text": fake.cover(&e.key, *px), "size": size}))
        .collect(),
    )
}

/// Last.fm's "one is an object, more are an array".
fn list_or_one(mut items: Vec<Value>) -> Value {
    if items.len() == 1 {
        items.remove(0)
    } else {
        Value::Array(items)
    }
}

pub async fn api(
    State(fake): State<Arc<FakeMusic>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(failed) = fake.admit(Service::LastFm).await {
        return failed;
    }
    if q.get("api_key").map(String::as_str) != Some(LASTFM_API_KEY) {
        return error(
            10,
            "Invalid API key - You must be granted a valid key by last.fm",
        );
    }
    let on_lastfm = || catalogue::all().iter().filter(|e| e.on_lastfm);
    match q.get("method").map(String::as_str) {
        Some("album.search") => {
            let Some(album) = q.get("album").filter(|a| !a.trim().is_empty()) else {
                return error(6, "Album is required");
            };
            let limit = q
                .get("limit")
                .and_then(|l| l.parse::<usize>().ok())
                .unwrap_or(30);
            let found = catalogue::search(album, on_lastfm());
            let matches: Vec<Value> = found
                .iter()
                .take(limit)
                .map(|e| {
                    json!({
                        "name": e.title,
                        "artist": e.artist,
                        "url": page(e),
                        "image": images(&fake, e),
                        "streamable": "0",
                        "mbid": e.mbid_release,
                    })
                })
                .collect();
            json(json!({"results": {
                "opensearch:Query": {"#text": "", "role": "request", "searchTerms": album, "startPage": "1"},
                "opensearch:totalResults": found.len().to_string(),
                "opensearch:startIndex": "0",
                "opensearch:itemsPerPage": limit.to_string(),
                "albummatches": {"album": matches},
                "@attr": {"for": album},
            }}))
        }
        Some("album.getinfo") => {
            let found = match (q.get("artist"), q.get("album"), q.get("mbid")) {
                (_, _, Some(mbid)) => catalogue::by_mbid(mbid).filter(|e| e.on_lastfm),
                (Some(artist), Some(album), None) => catalogue::by_name(artist, album),
                _ => return error(6, "Album not found"),
            };
            let Some(e) = found else {
                // Sometimes with 404, sometimes 200: clients must read the body either way.
                return (
                    axum::http::StatusCode::NOT_FOUND,
                    error(6, "Album not found"),
                )
                    .into_response();
            };
            let tracks: Vec<Value> = e
                .tracks
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    json!({
                        "streamable": {"fulltrack": "0", "#text": "0"},
                        // Seconds, and sometimes missing altogether.
                        "duration": if i == 0 && e.tracks.len() > 3 { Value::Null } else { json!(t.ms / 1000) },
                        "url": format!("{}/_/{}", page(e), url_name(&t.title)),
                        "name": t.title,
                        "@attr": {"rank": i + 1},
                        "artist": {"url": format!("https://www.last.fm/music/{}", url_name(&e.artist)), "name": e.artist, "mbid": ""},
                    })
                })
                .collect();
            let tags: Vec<Value> = e
                .genres
                .iter()
                .map(|g| json!({"url": format!("https://www.last.fm/tag/{}", url_name(g)), "name": g}))
                .collect();
            json(json!({"album": {
                "artist": e.artist,
                "mbid": e.mbid_release,
                "tags": {"tag": list_or_one(tags)},
                "name": e.title,
                "image": images(&fake, e),
                "tracks": {"track": list_or_one(tracks)},
                "listeners": "123456",
                "playcount": "7890123",
                "url": page(e),
            }}))
        }
        Some(_) => error(
            3,
            "Invalid Method - No method with that name in this package",
        ),
        None => error(
            6,
            "Invalid parameters - Your request is missing a required parameter",
        ),
    }
}
