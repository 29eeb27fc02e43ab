//! `/metrics` in Prometheus' text format: posts by outcome, publish latency, 429s and the queue.

#[path = "it/common/mod.rs"]
mod common;

use common::{reaches, TestApp, TestResult};
use server::sandbox::discord::Fault;

#[tokio::test]
async fn metrics_count_outcomes_latency_rate_limits_and_the_queue() -> TestResult {
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().install_recorder()?;
    let app = TestApp::builder().metrics(recorder).start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.fake().inject([Fault::RateLimited(0.1)]);
    app.call(
        &pat,
        "/api/posts/publish",
        common::request(&common::draft("Measured"), None),
    )
    .await?;
    assert!(reaches(&app, &pat, "Measured", "published").await);

    // A repeated search is answered from the cache.
    for _ in 0..2 {
        app.call(
            &pat,
            "/api/lookup/search",
            serde_json::json!({"query": "dummy"}),
        )
        .await?;
    }

    let text = reqwest::get(app.url("/metrics")).await?.text().await?;
    for line in [
        "liner_lookup_cache_hits_total{source=\"spotify\"} 1",
        "liner_lookup_cache_hits_total{source=\"musicbrainz\"} 1",
        "liner_lookup_upstream_calls_total{source=\"lastfm\"} 1",
        "liner_posts_total{outcome=\"published\"} 1",
        "liner_discord_rate_limited_total 1",
        "liner_publish_latency_seconds_count 1",
        "liner_queue_depth 0",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "{line:?} missing from:\n{text}"
        );
    }
    Ok(())
}
