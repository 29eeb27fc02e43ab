//! The fake song.link (Odesli) API: a release's links on every platform from one of them.

use super::catalogue;
use super::{json, FakeMusic, Service};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// song.link's name for each of the catalogue's link kinds.
const NAMES: [(&str, &str); 5] = [
    ("apple_music", "appleMusic"),
    ("bandcamp", "bandcamp"),
    ("youtube_music", "youtubeMusic"),
    ("tidal", "tidal"),
    ("deezer", "deezer"),
];

/// `GET /v1-alpha.1/links?url=&userCountry=`
pub async fn links(
    State(fake): State<Arc<FakeMusic>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(failed) = fake.admit(Service::SongLink).await {
        return failed;
    }
    let Some(url) = q.get("url") else {
        return (StatusCode::BAD_REQUEST, json_body(400, "url_required")).into_response();
    };
    let Some(e) = catalogue::by_link(url) else {
        return (
            StatusCode::NOT_FOUND,
            json_body(404, "could_not_resolve_entity"),
        )
            .into_response();
    };
    let mut by_platform = serde_json::Map::new();
    if let Some(id) = &e.spotify_id {
        by_platform.insert(
            "spotify".into(),
            json!({"url": format!("https://open.spotify.com/album/{id}"), "entityUniqueId": format!("SPOTIFY_ALBUM::{id}")}),
        );
    }
    for (ours, theirs) in NAMES {
        if let Some(link) = e.links.get(ours) {
            by_platform.insert(
                theirs.into(),
                json!({"url": link, "entityUniqueId": format!("{theirs}::{}", e.key)}),
            );
        }
    }
    let unique = format!("FAKE_ALBUM::{}", e.key);
    json(json!({
        "entityUniqueId": unique,
        "userCountry": q.get("userCountry").cloned().unwrap_or_else(|| "US".into()),
        "pageUrl": format!("https://album.link/{}", e.key),
        "entitiesByUniqueId": {unique.clone(): {
            "id": e.key, "type": "album", "title": e.title, "artistName": e.artist,
            "thumbnailUrl": fake.cover(&e.key, 300), "apiProvider": "fake", "platforms": []
        }},
        "linksByPlatform": Value::Object(by_platform),
    }))
}

fn json_body(status: u16, code: &str) -> axum::Json<Value> {
    axum::Json(json!({"statusCode": status, "code": code}))
}
