//! Bot channels: sends carry a nonce, so a lost answer is retried without duplicates, and a send
//! interrupted by a crash is looked up in the channel before anything is sent again.

use crate::common::{reaches, TestApp, TestResult};
use server::sandbox::discord::Fault;
use std::time::Duration;

/// The sandbox's bot channel (#news): seeded after the three webhook channels.
const NEWS: i64 = 4;

fn to_news(title: &str) -> serde_json::Value {
    crate::common::PostBuilder::new(title).channel(NEWS).json()
}

fn titles(app: &TestApp) -> Vec<String> {
    app.fake()
        .messages()
        .iter()
        .filter_map(|m| m.body.embeds.first().and_then(|e| e.title.clone()))
        .collect()
}

#[tokio::test]
async fn a_lost_answer_is_retried_with_the_same_nonce_and_arrives_once() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    // Discord creates the message each time, but its answer is lost twice.
    app.fake()
        .inject([Fault::AcceptThenStatus(500), Fault::AcceptThenDrop]);
    app.call(
        &pat,
        "/api/posts/publish",
        crate::common::request(&to_news("Dummy"), None),
    )
    .await?;
    assert!(reaches(&app, &pat, "Dummy", "published").await);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let messages = app.fake().messages();
    assert_eq!(titles(&app), ["Dummy"], "exactly once");
    assert_eq!(messages[0].channel_name, "news");
    assert_eq!(
        crate::common::attempt_outcomes(&app).await?,
        [
            Some("unknown".to_string()),
            Some("unknown".to_string()),
            Some("sent".to_string())
        ]
    );
    Ok(())
}

#[tokio::test]
async fn a_refused_bot_send_fails_at_once_with_discords_message() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.fake().inject([Fault::Status(403)]);
    app.call(
        &pat,
        "/api/posts/publish",
        crate::common::request(&to_news("Refused"), None),
    )
    .await?;
    assert!(reaches(&app, &pat, "Refused", "failed").await);
    assert!(titles(&app).is_empty());
    assert_eq!(
        crate::common::attempt_outcomes(&app).await?,
        [Some("rejected".to_string())]
    );
    Ok(())
}

#[tokio::test]
async fn after_a_crash_a_bot_post_that_arrived_is_found_not_sent_again() -> TestResult {
    let mut app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let author = crate::common::viewer_id(&app, &pat).await?;
    crate::common::interrupted_post(&app, author, to_news("Arrived before the crash"), true)
        .await?;
    // The request had reached Discord: the message is in #news (with no nonce to match, as
    // when Discord's nonce window has passed).
    let draft: liner::Draft = serde_json::from_value(to_news("Arrived before the crash"))?;
    let message =
        liner::message::DiscordMessage::for_post(&draft.body, &draft.release, chrono::Utc::now());
    let sent = TestApp::client()
        .post(app.url("/sandbox/discord/api/v10/channels/400000000000000004/messages"))
        .header(
            "authorization",
            format!("Bot {}", server::config::sandbox::BOT_TOKEN),
        )
        .json(&message)
        .send()
        .await?;
    assert_eq!(sent.status(), 200);
    app.restart().await?;

    assert!(reaches(&app, &pat, "Arrived before the crash", "published").await);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(titles(&app), ["Arrived before the crash"], "not sent again");
    Ok(())
}

#[tokio::test]
async fn after_a_crash_a_bot_post_that_did_not_arrive_is_sent_once() -> TestResult {
    let mut app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let author = crate::common::viewer_id(&app, &pat).await?;
    crate::common::interrupted_post(&app, author, to_news("Lost in the crash"), true).await?;
    app.restart().await?;

    assert!(reaches(&app, &pat, "Lost in the crash", "published").await);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(titles(&app), ["Lost in the crash"]);
    Ok(())
}

#[tokio::test]
async fn the_fake_refuses_bot_calls_without_the_bot_token_and_overlong_nonces() -> TestResult {
    let app = TestApp::start().await?;
    let url = app.url("/sandbox/discord/api/v10/channels/400000000000000004/messages");
    let body = serde_json::json!({"content": "hi", "nonce": "x".repeat(26), "enforce_nonce": true});
    let anonymous = TestApp::client().post(&url).json(&body).send().await?;
    assert_eq!(anonymous.status(), 401);
    let overlong = TestApp::client()
        .post(&url)
        .header(
            "authorization",
            format!("Bot {}", server::config::sandbox::BOT_TOKEN),
        )
        .json(&body)
        .send()
        .await?;
    assert_eq!(overlong.status(), 400);
    assert!(app.fake().messages().is_empty());
    Ok(())
}
