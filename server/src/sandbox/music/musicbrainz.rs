//! The fake MusicBrainz web service (`/ws/2`, JSON) and Cover Art Archive. Like the real one it
//! wants a User-Agent that says who is calling, and counts a client calling more than once a
//! second (it would answer 503).

use super::catalogue::{self, Entry};
use super::{json, FakeMusic, Service};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({"error": "Not Found", "help": "For usage, please see: https://musicbrainz.org/development/mmd"})),
    )
        .into_response()
}

fn bad_request(why: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({"error": why, "help": "For usage, please see: https://musicbrainz.org/development/mmd"})),
    )
        .into_response()
}

/// Counts the request and checks what MusicBrainz insists on.
async fn admit(
    fake: &FakeMusic,
    headers: &HeaderMap,
    q: &HashMap<String, String>,
) -> Option<Response> {
    if let Some(failed) = fake.admit(Service::MusicBrainz).await {
        return Some(failed);
    }
    let agent = headers
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if agent.trim().is_empty() {
        return Some((StatusCode::FORBIDDEN, "Provide a meaningful User-Agent").into_response());
    }
    if q.get("fmt").map(String::as_str) != Some("json") {
        return Some(bad_request("Only fmt=json is served here"));
    }
    None
}

/// An artist credit: each credited artist and the phrase joining it to the next.
fn artist_credit(e: &Entry) -> Value {
    let names: Vec<&str> = e.artist.split(" & ").collect();
    Value::Array(
        names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                json!({
                    "name": name,
                    "joinphrase": if i + 1 < names.len() { " & " } else { "" },
                    "artist": {"id": format!("{:08x}-0000-4000-8000-000000000000", i), "name": name, "sort-name": name},
                })
            })
            .collect(),
    )
}

/// MusicBrainz' primary type, and "Compilation" as a secondary one.
fn types(e: &Entry) -> (&'static str, Vec<&'static str>) {
    match e.kind.as_str() {
        "single" => ("Single", vec![]),
        "ep" => ("EP", vec![]),
        "compilation" => ("Album", vec!["Compilation"]),
        _ => ("Album", vec![]),
    }
}

fn group(e: &Entry) -> Value {
    let (primary, secondary) = types(e);
    json!({
        "id": e.mbid_group,
        "title": e.title,
        "primary-type": primary,
        "secondary-types": secondary,
        "first-release-date": e.date,
        "disambiguation": "",
    })
}

fn release_json(e: &Entry, inc: &str) -> Value {
    let mut r = json!({
        "id": e.mbid_release,
        "title": e.title,
        "status": "Official",
        "date": e.date,
        "country": "XW",
        "barcode": e.upc,
        "disambiguation": "",
        "quality": "normal",
        // Releases without art exist; the catalogue's all have a front cover but one.
        "cover-art-archive": {"artwork": e.key != "waterloo-sunset", "front": e.key != "waterloo-sunset", "back": false, "count": 1},
    });
    if inc.contains("artist-credits") {
        r["artist-credit"] = artist_credit(e);
    }
    if inc.contains("labels") {
        r["label-info"] = json!([{"catalog-number": "CAT 1", "label": {"id": "11111111-2222-4333-8444-555555555555", "name": e.label}}]);
    }
    if inc.contains("release-groups") {
        r["release-group"] = group(e);
    }
    if inc.contains("recordings") {
        let tracks: Vec<Value> = e
            .tracks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                json!({
                    "id": format!("{:08x}-1111-4111-8111-{:012x}", i, i),
                    "number": (i + 1).to_string(),
                    "position": i + 1,
                    "title": t.title,
                    "length": t.ms,
                    "recording": {"id": format!("{:08x}-2222-4222-8222-{:012x}", i, i), "title": t.title, "length": t.ms, "isrcs": [t.isrc]},
                })
            })
            .collect();
        r["media"] = json!([{"position": 1, "format": "Digital Media", "track-count": e.tracks.len(), "tracks": tracks}]);
    }
    if inc.contains("url-rels") {
        let mut relations: Vec<Value> = e
            .links
            .values()
            .map(|url| {
                let kind = if url.contains("bandcamp") { "purchase for download" } else { "streaming" };
                let resource = liner::lookup::link::parse_link(url)
                    .map(|p| p.canonical)
                    .unwrap_or_else(|_| url.clone());
                json!({"type": kind, "target-type": "url", "direction": "forward", "url": {"id": "33333333-4444-4555-8666-777777777777", "resource": resource}})
            })
            .collect();
        // Kid A's Spotify link is missing, as links often are: found by its barcode instead.
        if let Some(id) = e.spotify_id.as_ref().filter(|_| e.key != "kid-a") {
            relations.push(json!({"type": "free streaming", "target-type": "url", "direction": "forward", "url": {"id": "33333333-4444-4555-8666-777777777778", "resource": format!("https://open.spotify.com/album/{id}")}}));
        }
        r["relations"] = Value::Array(relations);
    }
    if inc.contains("genres") {
        // As on MusicBrainz, genres are voted on release groups: a release's own list is
        // nearly always empty, and its group's comes along when both are asked for.
        r["genres"] = json!([]);
        if inc.contains("release-groups") {
            r["release-group"]["genres"] = Value::Array(
                e.genres
                    .iter()
                    .map(|g| json!({"id": "44444444-5555-4666-8777-888888888888", "name": g, "count": 3, "disambiguation": ""}))
                    .collect(),
            );
        }
    }
    r
}

/// `GET /ws/2/release-group?query=&limit=&fmt=json`: a Lucene search; here, words of the title
/// and artist.
pub async fn search_groups(
    State(fake): State<Arc<FakeMusic>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = admit(&fake, &headers, &q).await {
        return refused;
    }
    let Some(query) = q.get("query").filter(|s| !s.trim().is_empty()) else {
        return bad_request("Missing query");
    };
    // Field names ("releasegroup:", "artist:") and quotes are syntax, not words to match.
    let plain: String = query
        .replace("releasegroup:", " ")
        .replace("artist:", " ")
        .replace("AND", " ")
        .chars()
        .map(|c| {
            if c == '"' || c == '(' || c == ')' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(25)
        .min(100);
    let found = catalogue::search(&plain, catalogue::all().iter());
    let groups: Vec<Value> = found
        .iter()
        .take(limit)
        .enumerate()
        .map(|(i, e)| {
            let mut g = group(e);
            g["score"] = json!(100usize.saturating_sub(i * 5));
            g["artist-credit"] = artist_credit(e);
            g["releases"] = json!([{"id": e.mbid_release, "title": e.title, "status": "Official"}]);
            g
        })
        .collect();
    json(json!({
        "created": "2026-11-30T00:00:00.000Z",
        "count": found.len(),
        "offset": 0,
        "release-groups": groups,
    }))
}

/// `GET /ws/2/release/{mbid}?inc=…&fmt=json`
pub async fn release(
    State(fake): State<Arc<FakeMusic>>,
    headers: HeaderMap,
    Path(mbid): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = admit(&fake, &headers, &q).await {
        return refused;
    }
    match catalogue::by_mbid(&mbid) {
        Some(e) => json(release_json(e, q.get("inc").map_or("", String::as_str))),
        None => not_found(),
    }
}

/// `GET /ws/2/release?release-group={mbid}&fmt=json`: browsing a group's releases.
pub async fn browse_releases(
    State(fake): State<Arc<FakeMusic>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = admit(&fake, &headers, &q).await {
        return refused;
    }
    if let Some(barcode) = q.get("query").and_then(|v| v.strip_prefix("barcode:")) {
        let digits = barcode.trim().trim_start_matches('0');
        let releases: Vec<Value> = catalogue::all()
            .iter()
            .filter(|e| !digits.is_empty() && e.upc.trim_start_matches('0') == digits)
            .map(|e| release_json(e, ""))
            .collect();
        return json(
            json!({"created": "2026-11-30T00:00:00.000Z", "count": releases.len(), "offset": 0, "releases": releases}),
        );
    }
    let Some(group_id) = q.get("release-group") else {
        return bad_request("Browse by release-group, or search by barcode");
    };
    let releases: Vec<Value> = catalogue::by_group(group_id)
        .map(|e| release_json(e, ""))
        .into_iter()
        .collect();
    json(json!({"release-count": releases.len(), "release-offset": 0, "releases": releases}))
}

/// `GET /ws/2/url?resource={url}&inc=release-rels&fmt=json`: which releases link to a URL.
pub async fn url_lookup(
    State(fake): State<Arc<FakeMusic>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = admit(&fake, &headers, &q).await {
        return refused;
    }
    let Some(resource) = q.get("resource") else {
        return bad_request("Missing resource");
    };
    let Some(e) = catalogue::by_link(resource)
        .filter(|e| !(e.key == "kid-a" && resource.contains("open.spotify.com")))
    else {
        return not_found();
    };
    let mut answer = json!({"id": "44444444-5555-4666-8777-888888888888", "resource": resource});
    if q.get("inc").is_some_and(|i| i.contains("release-rels")) {
        answer["relations"] = json!([{
            "type": "streaming",
            "target-type": "release",
            "direction": "backward",
            "release": {"id": e.mbid_release, "title": e.title, "status": "Official", "date": e.date},
        }]);
    }
    json(answer)
}

/// `GET /release/{mbid}/front-250` (Cover Art Archive): a redirect to the image.
pub async fn cover_art(
    State(fake): State<Arc<FakeMusic>>,
    Path((mbid, size)): Path<(String, String)>,
) -> Response {
    let Some(e) = catalogue::by_mbid(&mbid) else {
        return not_found();
    };
    let px = match size.as_str() {
        "front-250" => 250,
        "front-500" => 500,
        "front" | "front-1200" => 1200,
        _ => return not_found(),
    };
    Redirect::temporary(&fake.cover(&e.key, px)).into_response()
}
