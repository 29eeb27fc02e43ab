//! Each member's allowance of saves, publishes and reads, and the caps on open event streams:
//! past them a 429 with `Retry-After` and a message that says what and how long, nothing
//! stored, and everyone else unaffected.

use crate::common::{ChannelBuilder, PostBuilder, TestApp, TestResult};
use reqwest::StatusCode;
use serde_json::json;
use server::member_limits::kind_of;
use std::time::Duration;

#[test]
fn every_server_function_has_an_allowance() {
    let unclassified: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .filter(|path| path.starts_with("/api/") && kind_of(path).is_none())
        .collect();
    assert!(unclassified.is_empty(), "no allowance: {unclassified:?}");
}

/// How many posts the database holds.
async fn post_count(app: &TestApp) -> Result<i64, Box<dyn std::error::Error>> {
    use diesel::prelude::*;
    use server::db::schema::posts;
    Ok(app
        .running()
        .state
        .db
        .run(|c| Ok(posts::table.count().get_result::<i64>(c)?))
        .await?)
}

#[tokio::test]
async fn a_member_saving_too_fast_is_told_to_wait_and_nothing_is_stored() -> TestResult {
    let app = TestApp::start().await?;
    let (sam, _) = app.sign_in("sam").await?;
    let (pat, _) = app.sign_in("pat").await?;
    for n in 0..60 {
        let draft = PostBuilder::new(&format!("Draft {n}")).request();
        let (status, body) = app.call(&sam, "/api/drafts/save", draft).await?;
        assert_eq!(status, StatusCode::OK, "save {n}: {body}");
    }
    let answer = sam
        .post(app.url("/api/drafts/save"))
        .json(&PostBuilder::new("One too many").request())
        .send()
        .await?;
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = answer
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .ok_or("a Retry-After in seconds")?;
    assert!((1..=2).contains(&wait), "{wait}");
    let body: serde_json::Value = answer.json().await?;
    assert_eq!(
        body,
        json!({"TooManyRequests": "You are saving drafts very fast; wait 1 second and try again."})
    );
    assert_eq!(
        post_count(&app).await?,
        60,
        "the refused draft was not stored"
    );

    // Pat's allowance is his own, and Sam may still read.
    let (status, body) = app
        .call(
            &pat,
            "/api/drafts/save",
            PostBuilder::new("Pat's").request(),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = app.call(&sam, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::OK);

    // After the wait, one more save goes through.
    tokio::time::sleep(Duration::from_secs(wait)).await;
    let (status, body) = app
        .call(
            &sam,
            "/api/drafts/save",
            PostBuilder::new("Later").request(),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    Ok(())
}

#[tokio::test]
async fn a_member_publishing_too_fast_is_told_to_wait() -> TestResult {
    let app = TestApp::start().await?;
    let later = ChannelBuilder::webhook("later").insert(&app).await?;
    let (sam, _) = app.sign_in("sam").await?;
    let scheduled = |n: usize| {
        PostBuilder::new(&format!("Scheduled {n}"))
            .channel(later)
            .at("2099-06-01T09:00", "Europe/London")
            .request()
    };
    for n in 0..30 {
        let (status, body) = app.call(&sam, "/api/posts/publish", scheduled(n)).await?;
        assert_eq!(status, StatusCode::OK, "publish {n}: {body}");
    }
    let (status, body) = app.call(&sam, "/api/posts/publish", scheduled(30)).await?;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        body,
        json!({"TooManyRequests": "You are publishing very fast; wait 2 seconds and try again."})
    );
    assert_eq!(post_count(&app).await?, 30);
    Ok(())
}

#[tokio::test]
async fn a_member_may_hold_ten_event_streams_and_the_eleventh_is_turned_away() -> TestResult {
    let app = TestApp::start().await?;
    let (sam, _) = app.sign_in("sam").await?;
    let (pat, _) = app.sign_in("pat").await?;
    let mut open = Vec::new();
    for n in 0..10 {
        let stream = sam.get(app.url("/events/posts")).send().await?;
        assert_eq!(stream.status(), StatusCode::OK, "stream {n}");
        open.push(stream);
    }
    let refused = sam.get(app.url("/events/posts")).send().await?;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        refused
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("30")
    );
    assert_eq!(
        refused.text().await?,
        "You have 10 Liner pages with live updates open, the most one member may; close one and this page connects again by itself."
    );
    // Another member's page still connects.
    let theirs = pat.get(app.url("/events/posts")).send().await?;
    assert_eq!(theirs.status(), StatusCode::OK);

    // A page closed frees its place.
    drop(open.pop());
    let again = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let stream = sam.get(app.url("/events/posts")).send().await?;
            if stream.status() == StatusCode::OK {
                return Ok::<_, reqwest::Error>(stream);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    assert!(
        matches!(again, Ok(Ok(_))),
        "a closed page's place is free again"
    );
    Ok(())
}
