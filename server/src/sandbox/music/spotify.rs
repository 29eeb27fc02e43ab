//! The fake Spotify Web API: a client-credentials token endpoint, album search (at most 10
//! results, as apps created since 2026 get), albums and tracks.

use super::catalogue::{self, Entry};
use super::{json, FakeMusic, Service, SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

const API: &str = "https://api.spotify.com/v1";

fn error(status: StatusCode, message: &str) -> Response {
    (
        status,
        axum::Json(json!({"error": {"status": status.as_u16(), "message": message}})),
    )
        .into_response()
}

/// `POST /api/token` with HTTP Basic client authentication.
pub async fn token(
    State(fake): State<Arc<FakeMusic>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    if let Some(failed) = fake.admit(Service::Spotify).await {
        return failed;
    }
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD
            .encode(format!("{SPOTIFY_CLIENT_ID}:{SPOTIFY_CLIENT_SECRET}"))
    );
    let authorized = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == expected);
    if !authorized {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": "invalid_client", "error_description": "Invalid client"})),
        )
            .into_response();
    }
    if !body
        .split('&')
        .any(|p| p == "grant_type=client_credentials")
    {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": "unsupported_grant_type"})),
        )
            .into_response();
    }
    json(json!({
        "access_token": fake.issue_token(),
        // Spotify's own answers say "Bearer"; the docs say "bearer". Clients must take either.
        "token_type": "bearer",
        "expires_in": 3600,
    }))
}

/// What an API call (not the token endpoint) may be answered instead: an injected fault or
/// a missing or expired token.
async fn gate(fake: &FakeMusic, headers: &HeaderMap) -> Option<Response> {
    match fake.admit(Service::Spotify).await {
        Some(failed) => Some(failed),
        None => unauthorized(fake, headers),
    }
}

/// The refusal, unless the request's bearer token is one the fake issued and has not expired.
fn unauthorized(fake: &FakeMusic, headers: &HeaderMap) -> Option<Response> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match token {
        None => Some(error(StatusCode::UNAUTHORIZED, "No token provided")),
        Some(t) if fake.token_valid(t) => None,
        Some(_) => Some(error(StatusCode::UNAUTHORIZED, "The access token expired")),
    }
}

fn artists(e: &Entry) -> Value {
    Value::Array(
        e.artist
            .split(" & ")
            .map(|name| {
                let id: String = name
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .chain(std::iter::repeat('x'))
                    .take(22)
                    .collect();
                json!({
                    "external_urls": {"spotify": format!("https://open.spotify.com/artist/{id}")},
                    "href": format!("{API}/artists/{id}"),
                    "id": id,
                    "name": name,
                    "type": "artist",
                    "uri": format!("spotify:artist:{id}"),
                })
            })
            .collect(),
    )
}

/// Spotify has no "EP" type: EPs are singles.
fn album_type(e: &Entry) -> &'static str {
    match e.kind.as_str() {
        "album" => "album",
        "compilation" => "compilation",
        _ => "single",
    }
}

fn precision(date: &str) -> &'static str {
    match date.len() {
        4 => "year",
        7 => "month",
        _ => "day",
    }
}

/// A simplified album object, as search results and tracks carry it.
fn simplified(fake: &FakeMusic, e: &Entry, id: &str) -> Value {
    let images: Vec<Value> = [640, 300, 64]
        .iter()
        .map(|size| json!({"url": fake.cover(&e.key, *size), "height": size, "width": size}))
        .collect();
    json!({
        "album_type": album_type(e),
        "total_tracks": e.tracks.len(),
        "external_urls": {"spotify": format!("https://open.spotify.com/album/{id}")},
        "href": format!("{API}/albums/{id}"),
        "id": id,
        "images": images,
        "name": e.title,
        "release_date": e.date,
        "release_date_precision": precision(&e.date),
        "type": "album",
        "uri": format!("spotify:album:{id}"),
        "artists": artists(e),
    })
}

fn full(fake: &FakeMusic, e: &Entry, id: &str) -> Value {
    let mut album = simplified(fake, e, id);
    let track_ids = e.spotify_track_ids.clone().unwrap_or_default();
    let items: Vec<Value> = e
        .tracks
        .iter()
        .zip(track_ids.iter())
        .enumerate()
        .map(|(i, (t, tid))| {
            json!({
                "artists": artists(e),
                "disc_number": 1,
                "duration_ms": t.ms,
                "explicit": false,
                "id": tid,
                "name": t.title,
                "track_number": i + 1,
                "type": "track",
                "uri": format!("spotify:track:{tid}"),
            })
        })
        .collect();
    album["tracks"] = json!({
        "href": format!("{API}/albums/{id}/tracks"),
        "items": items,
        "limit": 50,
        "next": null,
        "offset": 0,
        "previous": null,
        "total": e.tracks.len(),
    });
    album["copyrights"] = json!([{"text": format!("℗ {}", e.label), "type": "P"}]);
    album["external_ids"] = json!({"upc": e.upc});
    // Spotify's album genres are nearly always empty.
    album["genres"] = json!([]);
    album["label"] = json!(e.label);
    album["popularity"] = json!(50);
    album
}

/// `GET /v1/search?q=&type=album&limit=&offset=`
pub async fn search(
    State(fake): State<Arc<FakeMusic>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = gate(&fake, &headers).await {
        return refused;
    }
    let Some(query) = q.get("q").filter(|s| !s.trim().is_empty()) else {
        return error(StatusCode::BAD_REQUEST, "No search query");
    };
    if q.get("type").map(String::as_str) != Some("album") {
        return error(StatusCode::BAD_REQUEST, "Missing parameter type");
    }
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(10);
    if !(1..=10).contains(&limit) {
        return error(StatusCode::BAD_REQUEST, "Invalid limit");
    }
    let on_spotify = catalogue::all().iter().filter(|e| e.spotify_id.is_some());
    let found = catalogue::search(query, on_spotify);
    let items: Vec<Value> = found
        .iter()
        .take(limit)
        .filter_map(|e| Some(simplified(&fake, e, e.spotify_id.as_deref()?)))
        .collect();
    json(json!({"albums": {
        "href": format!("{API}/search?offset=0&limit={limit}&query={query}&type=album"),
        "items": items,
        "limit": limit,
        "next": null,
        "offset": 0,
        "previous": null,
        "total": found.len(),
    }}))
}

/// `GET /v1/albums/{id}`
pub async fn album(
    State(fake): State<Arc<FakeMusic>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = gate(&fake, &headers).await {
        return refused;
    }
    match catalogue::by_spotify_id(&id) {
        Some(e) => json(full(&fake, e, &id)),
        None if id.len() != 22 => error(StatusCode::BAD_REQUEST, "Invalid base62 id"),
        None => error(StatusCode::NOT_FOUND, "Resource not found"),
    }
}

/// `GET /v1/tracks/{id}`: a track with the album it is on.
pub async fn track(
    State(fake): State<Arc<FakeMusic>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = gate(&fake, &headers).await {
        return refused;
    }
    let Some((e, i)) = catalogue::by_spotify_track(&id) else {
        return error(StatusCode::NOT_FOUND, "Resource not found");
    };
    let Some(album_id) = e.spotify_id.as_deref() else {
        return error(StatusCode::NOT_FOUND, "Resource not found");
    };
    let Some(t) = e.tracks.get(i) else {
        return error(StatusCode::NOT_FOUND, "Resource not found");
    };
    json(json!({
        "album": simplified(&fake, e, album_id),
        "artists": artists(e),
        "disc_number": 1,
        "duration_ms": t.ms,
        "explicit": false,
        "external_ids": {"isrc": t.isrc},
        "id": id,
        "name": t.title,
        "track_number": i + 1,
        "type": "track",
        "uri": format!("spotify:track:{id}"),
    }))
}
