//! Release lookup through Liner against the fake Spotify, Last.fm and MusicBrainz: search across
//! sources with merging, loading, pasted links, the cache, and what happens when a source is
//! missing, failing, slow or rate limiting.

use crate::common::{TestApp, TestResult};
use serde_json::{json, Value};
use server::sandbox::music::{catalogue, MusicFault, Service};
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error>;

async fn search(
    app: &TestApp,
    client: &reqwest::Client,
    query: &str,
) -> Result<(reqwest::StatusCode, Value), Error> {
    app.call(client, "/api/lookup/search", json!({"query": query}))
        .await
}

async fn resolve(
    app: &TestApp,
    client: &reqwest::Client,
    link: &str,
) -> Result<(reqwest::StatusCode, Value), Error> {
    app.call(client, "/api/lookup/link", json!({"link": link}))
        .await
}

fn titles(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|h| h["title"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn entry(key: &str) -> Result<&'static catalogue::Entry, Error> {
    catalogue::all()
        .iter()
        .find(|e| e.key == key)
        .ok_or_else(|| format!("no {key} in the catalogue").into())
}

#[tokio::test]
async fn a_search_asks_every_source_and_shows_each_release_once() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (status, found) = search(&app, &pat, "blue lines").await?;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["notices"], json!([]));
    let hits = found["hits"].as_array().ok_or("no hits")?;
    let blue: Vec<&Value> = hits.iter().filter(|h| h["title"] == "Blue Lines").collect();
    assert_eq!(blue.len(), 1, "merged: {found}");
    assert_eq!(blue[0]["from"]["source"], "spotify");
    let also: Vec<&str> = blue[0]["also"]
        .as_array()
        .map(|l| l.iter().filter_map(|s| s["source"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(also, ["music_brainz", "last_fm"]);
    assert_eq!(blue[0]["artists"], "Massive Attack");
    assert_eq!(blue[0]["year"], 1991);
    assert!(blue[0]["thumbnail"].is_string());

    // Two albums called "Let It Be" stay two.
    let (_, both) = search(&app, &pat, "let it be").await?;
    assert_eq!(
        titles(&both).iter().filter(|t| *t == "Let It Be").count(),
        2,
        "{both}"
    );
    assert_eq!(app.music().musicbrainz_violations(), 0);
    Ok(())
}

#[tokio::test]
async fn a_repeated_search_costs_no_calls() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    search(&app, &pat, "Mezzanine").await?;
    let calls = |app: &TestApp| {
        [Service::Spotify, Service::LastFm, Service::MusicBrainz].map(|s| app.music().calls(s))
    };
    let before = calls(&app);
    let (_, again) = search(&app, &pat, "  mezzanine ").await?;
    assert_eq!(
        titles(&again).first().map(String::as_str),
        Some("Mezzanine")
    );
    assert_eq!(calls(&app), before, "answered from the cache");
    Ok(())
}

#[tokio::test]
async fn a_chosen_release_fills_every_field_with_links_from_musicbrainz() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let blue = entry("blue-lines")?;
    let (status, found) = app
        .call(
            &pat,
            "/api/lookup/release",
            json!({"from": {"source": "spotify", "id": blue.spotify_id}}),
        )
        .await?;
    assert_eq!(status, 200, "{found}");
    let release = &found["release"];
    assert_eq!(release["title"], "Blue Lines");
    assert_eq!(release["artists"], "Massive Attack");
    assert_eq!(release["kind"], "album");
    assert_eq!(release["release_date"], "1991-04-08");
    assert_eq!(release["label"], "Wild Bunch / Circa");
    assert!(release["cover_url"]
        .as_str()
        .is_some_and(|u| u.contains("size=640")));
    assert_eq!(
        release["tracks"][0],
        json!({"title": "Safe from Harm", "duration": "5:18"})
    );
    assert_eq!(release["tracks"].as_array().map(Vec::len), Some(9));
    let platforms: Vec<&str> = release["links"]
        .as_array()
        .map(|l| l.iter().filter_map(|l| l["platform"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        platforms.starts_with(&["spotify", "apple_music"]),
        "{platforms:?}"
    );
    assert!(platforms.contains(&"tidal"), "{platforms:?}");
    assert_eq!(found["notices"], json!([]));

    // MusicBrainz has no link to Kid A's Spotify page: its barcode finds it all the same.
    let kid_a = entry("kid-a")?;
    let (_, found) = app
        .call(
            &pat,
            "/api/lookup/release",
            json!({"from": {"source": "spotify", "id": kid_a.spotify_id}}),
        )
        .await?;
    assert_eq!(
        found["release"]["tags"], "art rock, electronic, experimental",
        "{found}"
    );

    // From MusicBrainz: the same facts, its genres as tags.
    let (_, mb) = app
        .call(
            &pat,
            "/api/lookup/release",
            json!({"from": {"source": "music_brainz", "id": blue.mbid_release}}),
        )
        .await?;
    assert_eq!(mb["release"]["tags"], "trip hop, electronic");
    assert_eq!(mb["release"]["label"], "Wild Bunch / Circa");
    // From Last.fm: a one-track release is a single, its one track read from an object.
    let (_, lastfm) = app
        .call(
            &pat,
            "/api/lookup/release",
            json!({"from": {"source": "last_fm", "id": "The Weeknd\nBlinding Lights"}}),
        )
        .await?;
    assert_eq!(lastfm["release"]["kind"], "single", "{lastfm}");
    assert_eq!(
        lastfm["release"]["tracks"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(app.music().musicbrainz_violations(), 0);
    Ok(())
}

#[tokio::test]
async fn pasted_links_load_their_release_or_say_why_not() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    // A track link loads its album, a single.
    let lights = entry("blinding-lights")?;
    let track = lights
        .spotify_track_ids
        .as_ref()
        .and_then(|t| t.first())
        .ok_or("no track id")?;
    let (status, found) = resolve(
        &app,
        &pat,
        &format!("https://open.spotify.com/track/{track}?si=x"),
    )
    .await?;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["Found"]["release"]["title"], "Blinding Lights");
    assert_eq!(found["Found"]["release"]["kind"], "single");

    // A platform without an API of Liner's resolves through MusicBrainz.
    let dummy = entry("dummy")?;
    let apple = dummy.links.get("apple_music").ok_or("no apple link")?;
    let (_, found) = resolve(&app, &pat, apple).await?;
    assert_eq!(found["Found"]["release"]["title"], "Dummy", "{found}");

    // Last.fm's "not found" (sent with HTTP 404 or 200 alike) is said as such.
    let (_, found) = resolve(&app, &pat, "https://www.last.fm/music/Nobody/Nothing").await?;
    assert_eq!(
        found["Unresolved"]["message"], "Last.fm does not have that release.",
        "{found}"
    );

    // Last.fm and MusicBrainz links.
    let (_, found) = resolve(&app, &pat, "https://www.last.fm/music/Portishead/Dummy").await?;
    assert_eq!(
        found["Found"]["release"]["artists"], "Portishead",
        "{found}"
    );
    let (_, found) = resolve(
        &app,
        &pat,
        &format!("https://musicbrainz.org/release-group/{}", dummy.mbid_group),
    )
    .await?;
    assert_eq!(found["Found"]["release"]["title"], "Dummy", "{found}");

    // A link nobody knows is kept for the post, with the reason.
    let (status, found) = resolve(&app, &pat, "https://www.deezer.com/album/999999999").await?;
    assert_eq!(status, 200, "{found}");
    assert_eq!(
        found["Unresolved"]["link"],
        json!({"platform": "deezer", "url": "https://www.deezer.com/album/999999999"})
    );
    assert!(found["Unresolved"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("No service Liner asks knows this Deezer link")));

    // Hostile or foreign links are refused before anything is asked.
    let calls = app.music().calls(Service::MusicBrainz);
    for link in [
        "http://127.0.0.1:3000/admin",
        "file:///etc/passwd",
        "https://evil.example/album/1",
    ] {
        let (status, body) = resolve(&app, &pat, link).await?;
        assert_eq!(status, 400, "{link}: {body}");
    }
    assert_eq!(app.music().calls(Service::MusicBrainz), calls);
    Ok(())
}

#[tokio::test]
async fn a_source_down_or_slow_is_named_while_the_others_answer() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.music().set_down(Service::LastFm, true);
    let (status, found) = search(&app, &pat, "dummy").await?;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["notices"], json!(["Last.fm did not answer."]));
    assert_eq!(titles(&found).first().map(String::as_str), Some("Dummy"));

    // Too slow: the others do not wait for it.
    app.music().set_down(Service::LastFm, false);
    app.music()
        .inject(Service::Spotify, [MusicFault::DelayMs(8_000)]);
    let started = Instant::now();
    let (_, found) = search(&app, &pat, "homogenic").await?;
    assert!(started.elapsed() < Duration::from_millis(6_500));
    assert_eq!(found["notices"], json!(["Spotify did not answer."]));
    assert_eq!(
        titles(&found).first().map(String::as_str),
        Some("Homogenic")
    );
    Ok(())
}

#[tokio::test]
async fn failures_are_retried_rate_limits_obeyed_and_tokens_refreshed() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    // One 500 and one 429 (Retry-After 1 s) before Spotify answers.
    app.music().inject(
        Service::Spotify,
        [MusicFault::Status(500), MusicFault::RateLimited(1)],
    );
    let (_, found) = search(&app, &pat, "kid a").await?;
    assert_eq!(found["notices"], json!([]), "{found}");
    assert_eq!(found["hits"][0]["from"]["source"], "spotify");
    assert_eq!(app.music().spotify_tokens_issued(), 1, "the token is kept");

    // The token expires: a new one is fetched once, and the search goes on.
    app.music()
        .inject(Service::Spotify, [MusicFault::ExpireTokens]);
    let (_, found) = search(&app, &pat, "punisher").await?;
    assert_eq!(found["notices"], json!([]), "{found}");
    assert_eq!(app.music().spotify_tokens_issued(), 2);

    // A long Retry-After is not waited out.
    app.music()
        .inject(Service::Spotify, [MusicFault::RateLimited(60)]);
    let started = Instant::now();
    let (_, found) = search(&app, &pat, "dummy").await?;
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(found["notices"], json!(["Spotify did not answer."]));
    Ok(())
}

#[tokio::test]
async fn without_any_key_musicbrainz_alone_finds_and_fills_releases() -> TestResult {
    let app = TestApp::builder()
        .env("LINER_SANDBOX_SOURCES", "musicbrainz")
        .start()
        .await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (status, found) = search(&app, &pat, "unknown pleasures").await?;
    assert_eq!(status, 200, "{found}");
    assert_eq!(
        found["notices"],
        json!(["Spotify is not configured.", "Last.fm is not configured."])
    );
    let hit = &found["hits"][0];
    assert_eq!(hit["title"], "Unknown Pleasures");
    assert_eq!(hit["from"]["source"], "music_brainz");
    let (_, loaded) = app
        .call(&pat, "/api/lookup/release", json!({"from": hit["from"]}))
        .await?;
    let release = &loaded["release"];
    // Known to the month only: the precision is kept.
    assert_eq!(release["release_date"], "1979-06");
    assert_eq!(release["label"], "Factory");
    assert!(release["cover_url"]
        .as_str()
        .is_some_and(|u| u.ends_with("/front-500")));
    assert_eq!(release["tracks"].as_array().map(Vec::len), Some(10));
    // A release without a front cover in the archive gets none, not a broken image.
    let waterloo = entry("waterloo-sunset")?;
    let (_, loaded) = app
        .call(
            &pat,
            "/api/lookup/release",
            json!({"from": {"source": "music_brainz", "id": waterloo.mbid_release}}),
        )
        .await?;
    assert_eq!(loaded["release"]["cover_url"], "", "{loaded}");
    // A Spotify link without Spotify: MusicBrainz knows which release it is.
    let blue = entry("blue-lines")?;
    let spotify = format!(
        "https://open.spotify.com/album/{}",
        blue.spotify_id.as_deref().unwrap_or_default()
    );
    let (_, resolved) = resolve(&app, &pat, &spotify).await?;
    assert_eq!(
        resolved["Found"]["release"]["title"], "Blue Lines",
        "{resolved}"
    );
    assert_eq!(app.music().calls(Service::Spotify), 0);
    assert_eq!(app.music().calls(Service::LastFm), 0);
    Ok(())
}

#[tokio::test]
async fn song_link_completes_links_and_resolves_what_musicbrainz_cannot() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.music().set_down(Service::MusicBrainz, true);
    let dummy = entry("dummy")?;
    let (status, found) = app
        .call(
            &pat,
            "/api/lookup/release",
            json!({"from": {"source": "spotify", "id": dummy.spotify_id}}),
        )
        .await?;
    assert_eq!(status, 200, "{found}");
    let links: Vec<&str> = found["release"]["links"]
        .as_array()
        .map(|l| l.iter().filter_map(|l| l["url"].as_str()).collect())
        .unwrap_or_default();
    let apple = dummy.links.get("apple_music").ok_or("no apple link")?;
    let apple = liner::lookup::link::parse_link(apple)?.canonical;
    assert!(links.contains(&apple.as_str()), "{links:?}");
    assert_eq!(
        found["notices"],
        json!(["MusicBrainz did not answer. Links, genres or the label it knows may be missing."])
    );

    // An Apple Music link, MusicBrainz down: song.link points it at Spotify.
    let homogenic = entry("homogenic")?;
    let apple = homogenic.links.get("apple_music").ok_or("no apple link")?;
    let (_, resolved) = resolve(&app, &pat, apple).await?;
    assert_eq!(
        resolved["Found"]["release"]["title"], "Homogenic",
        "{resolved}"
    );
    Ok(())
}

#[tokio::test]
async fn a_dead_source_fails_fast_for_a_while() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.music().set_down(Service::Spotify, true);
    for query in ["one", "two", "three"] {
        search(&app, &pat, query).await?;
    }
    let calls = app.music().calls(Service::Spotify);
    let (_, found) = search(&app, &pat, "four").await?;
    assert_eq!(found["notices"], json!(["Spotify did not answer."]));
    assert_eq!(
        app.music().calls(Service::Spotify),
        calls,
        "not asked while the circuit is open"
    );
    Ok(())
}

#[tokio::test]
async fn lookups_need_a_session_valid_input_and_a_reasonable_pace() -> TestResult {
    let app = TestApp::start().await?;
    let anonymous = TestApp::client();
    let (status, _) = search(&app, &anonymous, "dummy").await?;
    assert_eq!(status, 401);

    let (pat, _) = app.sign_in("pat").await?;
    let (status, body) = search(&app, &pat, &"x".repeat(201)).await?;
    assert_eq!(status, 400, "{body}");
    let (status, body) = app
        .call(
            &pat,
            "/api/lookup/release",
            json!({"from": {"source": "music_brainz", "id": "../../admin"}}),
        )
        .await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["BadRequest"],
        "MusicBrainz does not have that release."
    );

    // Scripted searches hit the per-person limit; another person is not affected.
    let mut limited = 0;
    for _ in 0..40 {
        let (status, _) = search(&app, &pat, "zz").await?;
        if status == 429 {
            limited += 1;
        }
    }
    assert!(limited > 0, "no search was limited");
    let (sam, _) = app.sign_in("sam").await?;
    let (status, _) = search(&app, &sam, "zz").await?;
    assert_eq!(status, 200);
    Ok(())
}

#[tokio::test]
async fn members_take_turns_at_musicbrainz_so_one_cannot_starve_the_others() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (sam, _) = app.sign_in("sam").await?;
    // Pat searches five things at once: MusicBrainz answers one a second for all of Liner.
    let finished = std::sync::Mutex::new(Vec::new());
    let pats = futures_util::future::join_all(
        ["Dummy", "Mezzanine", "Homogenic", "Kid A", "Blue Lines"].map(|q| {
            let (app, pat, finished) = (&app, &pat, &finished);
            async move {
                let answer = search(app, pat, q).await;
                finished.lock().map(|mut f| f.push("pat")).ok();
                answer
            }
        }),
    );
    let sams = async {
        // Sam asks just after Pat's five are queued.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let answer = search(&app, &sam, "Protection").await;
        finished.lock().map(|mut f| f.push("sam")).ok();
        answer
    };
    let (pats, sams) = tokio::join!(pats, sams);
    let (status, body) = sams?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["notices"],
        json!([]),
        "MusicBrainz answered Sam in time"
    );
    for answer in pats {
        assert_eq!(answer?.0, 200);
    }
    // Sam's turn came after Pat's first, not after all five.
    let order = finished.lock().map(|f| f.clone()).unwrap_or_default();
    let before_sam = order.iter().take_while(|w| **w == "pat").count();
    assert!(before_sam <= 2, "Sam waited for Pat's searches: {order:?}");
    assert_eq!(app.music().musicbrainz_violations(), 0);
    Ok(())
}

/// `make bench`: search latency through Liner, cold (every source asked) and warm (all from the
/// cache), and the calls a repeated search makes.
#[tokio::test]
#[ignore = "a measurement; run by make bench"]
async fn search_latency_cold_and_warm() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let queries: Vec<String> = catalogue::all()
        .iter()
        .take(20)
        .map(|e| e.title.clone())
        .collect();
    let percentile = |mut v: Vec<Duration>, p: f64| {
        v.sort();
        let i = ((v.len() as f64 - 1.0) * p).round() as usize;
        v.get(i).copied().unwrap_or_default()
    };
    let mut cold = Vec::new();
    for q in &queries {
        // MusicBrainz allows a request a second; a person typing is slower than that.
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        let started = Instant::now();
        let (status, _) = search(&app, &pat, q).await?;
        assert_eq!(status, 200);
        cold.push(started.elapsed());
    }
    let calls = |app: &TestApp| {
        [Service::Spotify, Service::LastFm, Service::MusicBrainz]
            .map(|s| app.music().calls(s))
            .iter()
            .sum::<u64>()
    };
    let before = calls(&app);
    let mut warm = Vec::new();
    for q in &queries {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let started = Instant::now();
        search(&app, &pat, q).await?;
        warm.push(started.elapsed());
    }
    let upstream = calls(&app) - before;
    println!(
        "search latency over {} queries: cold p50 {:?} p95 {:?}; warm p50 {:?} p95 {:?}; upstream calls for the repeated searches: {upstream}",
        queries.len(),
        percentile(cold.clone(), 0.5),
        percentile(cold, 0.95),
        percentile(warm.clone(), 0.5),
        percentile(warm, 0.95),
    );
    assert_eq!(upstream, 0);
    Ok(())
}
