//! The test app itself: a test that ends with a post due and unsent fails, since it has not
//! waited for what it started (or the worker lost a job); a post due later does not count.

use crate::common::{draft, viewer_id, TestApp, TestResult};

/// Stores a post scheduled for `due_ms` without queueing its job, as a lost job would leave it.
async fn unqueued_post(app: &TestApp, due_ms: i64) -> TestResult {
    let (pat, _) = app.sign_in("pat").await?;
    let author = viewer_id(app, &pat).await?;
    let d: liner::Draft = serde_json::from_value(draft("Never sent"))?;
    app.running()
        .state
        .db
        .run(move |c| {
            server::db::posts::insert(
                c,
                author,
                &d,
                liner::PostStatus::Scheduled,
                Some((due_ms, "UTC")),
                server::db::now_ms(),
            )?;
            Ok(())
        })
        .await?;
    Ok(())
}

#[tokio::test]
#[should_panic(expected = "the test ended with posts due and not sent: [\"Never sent\"]")]
async fn a_test_that_leaves_a_due_post_unsent_fails() {
    let app = TestApp::start().await.unwrap_or_else(|e| panic!("{e}"));
    unqueued_post(&app, server::db::now_ms())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn a_post_due_later_is_not_left_behind() -> TestResult {
    let app = TestApp::start().await?;
    // 2099-01-01.
    unqueued_post(&app, 4_070_908_800_000).await
}
