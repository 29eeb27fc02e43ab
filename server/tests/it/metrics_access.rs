//! `/metrics` behind a bearer token when `LINER_METRICS_TOKEN` is set (production without one
//! serves none; see the configuration's tests).

use crate::common::{TestApp, TestResult};
use reqwest::StatusCode;

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

#[tokio::test]
async fn metrics_answer_only_the_scraper_with_the_token() -> TestResult {
    // A handle not installed as the global recorder: this binary's other tests are unaffected.
    let handle = metrics_exporter_prometheus::PrometheusBuilder::new()
        .build_recorder()
        .handle();
    let app = TestApp::builder()
        .metrics(handle)
        .env("LINER_METRICS_TOKEN", TOKEN)
        .start()
        .await?;
    let client = reqwest::Client::new();
    let none = client.get(app.url("/metrics")).send().await?;
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(none.headers()["www-authenticate"], "Bearer");
    let wrong = client
        .get(app.url("/metrics"))
        .bearer_auth(format!("{}x", &TOKEN[..31]))
        .send()
        .await?;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let right = client
        .get(app.url("/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await?;
    assert_eq!(right.status(), StatusCode::OK);
    assert!(right.headers()["content-type"]
        .to_str()?
        .starts_with("text/plain"));
    Ok(())
}
