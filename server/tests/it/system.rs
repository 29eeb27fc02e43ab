//! Admin → System: the figures come from what happened — posts published, failed and rate
//! limited, the queue, the lookup cache — and nothing else.

use crate::common::{reaches, request, PostBuilder, TestApp, TestResult};
use reqwest::StatusCode;
use serde_json::json;
use server::sandbox::discord::Fault;

#[tokio::test]
async fn the_system_report_counts_what_happened() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    let report = || app.call(&ada, "/api/admin/system", json!({}));
    let (status, before) = report().await?;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert_eq!(before["last_30d"]["published"], 0);
    assert!(before["delay"].is_null(), "no delay before any publish");
    assert_eq!(before["days"].as_array().map(Vec::len), Some(30));
    assert!(before["database_bytes"].as_u64().is_some_and(|b| b > 0));
    assert_eq!(before["version"], env!("CARGO_PKG_VERSION"));
    let sources = before["sources"].as_array().cloned().unwrap_or_default();
    assert_eq!(sources.len(), 3);
    assert!(
        sources.iter().all(|s| s["state"] == "working"),
        "{sources:?}"
    );

    // One post waits out a 429, one is refused, one goes straight out.
    app.fake().inject([Fault::RateLimited(0.05)]);
    app.call(
        &pat,
        "/api/posts/publish",
        PostBuilder::new("First").request(),
    )
    .await?;
    assert!(reaches(&app, &pat, "First", "published").await);
    app.fake().inject([Fault::Status(400)]);
    app.call(
        &pat,
        "/api/posts/publish",
        PostBuilder::new("Second").request(),
    )
    .await?;
    assert!(reaches(&app, &pat, "Second", "failed").await);
    app.call(
        &pat,
        "/api/posts/publish",
        PostBuilder::new("Third").request(),
    )
    .await?;
    assert!(reaches(&app, &pat, "Third", "published").await);
    let later = PostBuilder::new("Later")
        .at("2099-01-01T10:00", "UTC")
        .json();
    app.call(&pat, "/api/posts/publish", request(&later, None))
        .await?;
    app.call(&pat, "/api/lookup/search", json!({"query": "blue lines"}))
        .await?;
    app.call(&pat, "/api/lookup/search", json!({"query": "blue lines"}))
        .await?;

    let (_, r) = report().await?;
    for window in ["last_24h", "last_30d"] {
        assert_eq!(r[window]["published"], 2, "{window}: {r}");
        assert_eq!(r[window]["failed"], 1, "{window}");
        assert_eq!(r[window]["needs_review"], 0, "{window}");
    }
    assert_eq!(r["rate_limited_24h"], 1, "{r}");
    assert_eq!(r["delay"]["posts"], 2);
    assert!(r["delay"]["p99_ms"].as_i64() >= r["delay"]["p50_ms"].as_i64());
    assert_eq!(r["waiting"], 1);
    assert_eq!(r["due_now"], 0);
    assert!(r["next_due"]
        .as_str()
        .is_some_and(|t| t.starts_with("2099-01-01T10:00")));
    let today = &r["days"][29];
    assert_eq!(today["outcomes"]["published"], 2, "{today}");
    assert_eq!(today["outcomes"]["failed"], 1);
    assert!(today["delay_p50_ms"].is_i64());
    let spotify = &r["sources"][0];
    assert_eq!(spotify["name"], "Spotify");
    assert!(
        spotify["cache_hits"].as_u64() >= Some(1),
        "the second search came from the cache: {spotify}"
    );
    Ok(())
}
