//! Every answer carries the security headers; a body larger than any valid draft is refused
//! before it is read, and stores nothing.

use crate::common::{all_posts, PostBuilder, TestApp, TestResult};
use reqwest::StatusCode;

#[tokio::test]
async fn every_answer_carries_the_security_headers() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    for resp in [
        reqwest::get(app.url("/")).await?,
        reqwest::get(app.url("/healthz")).await?,
        pat.post(app.url("/api/posts"))
            .json(&serde_json::json!({}))
            .send()
            .await?,
        reqwest::get(app.url("/no-such-page")).await?,
    ] {
        let h = resp.headers();
        let url = resp.url().to_string();
        assert_eq!(h["x-content-type-options"], "nosniff", "{url}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{url}"
        );
        assert_eq!(h["cross-origin-opener-policy"], "same-origin", "{url}");
        assert!(
            h["permissions-policy"].to_str()?.contains("camera=()"),
            "{url}"
        );
        // The sandbox is plain http on loopback: no HSTS.
        assert!(h.get("strict-transport-security").is_none(), "{url}");
    }
    Ok(())
}

#[tokio::test]
async fn a_body_larger_than_any_draft_is_refused_and_stores_nothing() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let mut draft = PostBuilder::new("Huge").json();
    draft["body"]["description"] = serde_json::json!("x".repeat(300 * 1024));
    let resp = pat
        .post(app.url("/api/drafts/save"))
        .json(&crate::common::request(&draft, None))
        .send()
        .await?;
    let status = resp.status();
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        resp.text().await?
    );
    assert!(all_posts(&app).await?.is_empty());
    // A full draft at Discord's limits still fits.
    let mut full = PostBuilder::new("Full").json();
    full["body"]["description"] = serde_json::json!("é".repeat(4000));
    full["body"]["content"] = serde_json::json!("\u{266A}".repeat(1900));
    let (status, body) = app
        .call(
            &pat,
            "/api/drafts/save",
            crate::common::request(&full, None),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    Ok(())
}

#[tokio::test]
async fn pages_carry_a_content_security_policy_with_their_own_nonce() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let resp = pat.get(app.url("/posts")).send().await?;
        let csp = resp.headers()["content-security-policy"]
            .to_str()?
            .to_string();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .ok_or("no nonce in the policy")?
            .to_string();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        let html = resp.text().await?;
        // Every inline script carries this answer's nonce.
        let scripts = html.matches("<script").count();
        assert!(scripts > 0);
        assert_eq!(
            html.matches(&format!("nonce=\"{nonce}\"")).count(),
            scripts,
            "{html}"
        );
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a nonce is used once");
    Ok(())
}

#[tokio::test]
async fn pages_and_answers_are_compressed_for_browsers_that_accept_it_and_live_updates_are_not(
) -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let plain = pat.get(app.url("/")).send().await?;
    assert!(plain.headers().get("content-encoding").is_none());
    let plain_len = plain.bytes().await?.len();

    for (accepts, encoding) in [("br, gzip", "br"), ("gzip", "gzip")] {
        let page = pat
            .get(app.url("/"))
            .header("accept-encoding", accepts)
            .send()
            .await?;
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(page.headers()["content-encoding"], encoding);
        let sent = page.bytes().await?.len();
        assert!(
            sent * 4 < plain_len * 3,
            "{encoding}: {sent} bytes for a {plain_len}-byte page"
        );
        let answer = pat
            .post(app.url("/api/posts"))
            .header("accept-encoding", accepts)
            .json(&serde_json::json!({}))
            .send()
            .await?;
        assert_eq!(answer.headers()["content-encoding"], encoding);
    }

    // The event stream's messages must arrive as they are sent, not sit in a compressor.
    let stream = pat
        .get(app.url("/events/posts"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await?;
    assert_eq!(stream.status(), StatusCode::OK);
    assert!(stream.headers().get("content-encoding").is_none());
    Ok(())
}
