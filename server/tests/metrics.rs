//! `/metrics` in Prometheus' text format: posts by outcome, publish latency, 429s and the queue.

mod common;

use common::{reaches, TestApp, TestResult};
use server::fakes::Fault;

#[tokio::test]
async fn metrics_count_outcomes_latency_rate_limits_and_the_queue() -> TestResult {
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().install_recorder()?;
    let app = TestApp::start_with(Some(recorder)).await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.fake().inject([Fault::RateLimited(0.1)]);
    app.call(
        &pat,
        "/api/posts/publish",
        common::request(&common::draft("Measured"), None),
    )
    .await?;
    assert!(reaches(&app, &pat, "Measured", "published").await);

    let text = reqwest::get(app.url("/metrics")).await?.text().await?;
    for line in [
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
