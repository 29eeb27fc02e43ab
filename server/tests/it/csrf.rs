//! A page on another origin of the same site (another port of 127.0.0.1, where the
//! `SameSite=Lax` cookie still rides along) cannot change anything with a member's cookie, and
//! server functions take only JSON.

use crate::common::{all_posts, PostBuilder, TestApp, TestResult};
use reqwest::StatusCode;

#[tokio::test]
async fn a_same_site_page_on_another_port_cannot_save_a_draft() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let body = PostBuilder::new("Forged").request().to_string();
    // What `fetch(…, {method: 'POST', mode: 'no-cors', credentials: 'include'})` sends from
    // http://127.0.0.1:<other port>: a "simple" request, no preflight.
    let forged = pat
        .post(app.url("/api/drafts/save"))
        .header("content-type", "text/plain;charset=UTF-8")
        .header("origin", "http://127.0.0.1:1")
        .header("sec-fetch-site", "same-site")
        .body(body.clone())
        .send()
        .await?;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(forged.text().await?.contains("not Liner's"));
    // Older browsers send Origin alone; JSON does not help a foreign page either.
    let forged = pat
        .post(app.url("/api/drafts/save"))
        .header("content-type", "application/json")
        .header("origin", "http://127.0.0.1:1")
        .body(body.clone())
        .send()
        .await?;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(all_posts(&app).await?.is_empty());

    // Liner's own page, but not JSON: refused with what to send.
    let origin = app.url("");
    let plain = pat
        .post(app.url("/api/drafts/save"))
        .header("content-type", "text/plain")
        .header("origin", origin.trim_end_matches('/'))
        .body(body.clone())
        .send()
        .await?;
    assert_eq!(plain.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(plain.text().await?.contains("application/json"));
    assert!(all_posts(&app).await?.is_empty());

    // Its own page, as the app sends it: saved.
    let own = pat
        .post(app.url("/api/drafts/save"))
        .header("content-type", "application/json")
        .header("origin", origin.trim_end_matches('/'))
        .header("sec-fetch-site", "same-origin")
        .body(body)
        .send()
        .await?;
    assert_eq!(own.status(), StatusCode::OK, "{}", own.text().await?);
    assert_eq!(all_posts(&app).await?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_foreign_page_cannot_sign_a_member_out() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let resp = pat
        .post(app.url("/auth/logout"))
        .header("origin", "http://127.0.0.1:1")
        .send()
        .await?;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let (status, _) = app.call(&pat, "/api/posts", serde_json::json!({})).await?;
    assert_eq!(status, StatusCode::OK, "still signed in");
    Ok(())
}
