//! On time: a scheduled post reaches Discord within a second of its time, never before it.
//! "Publish at" times are whole minutes, so due instants here are whole seconds too.

use crate::common::{TestApp, TestResult};
use std::time::Duration;

/// Schedules one post per due instant (whole seconds from now) and returns how late each
/// arrived, in milliseconds, in the order they were due.
async fn lateness(
    app: &TestApp,
    offsets_s: &[i64],
) -> Result<Vec<i64>, Box<dyn std::error::Error>> {
    let (pat, _) = app.sign_in("pat").await?;
    let author = crate::common::viewer_id(app, &pat).await?;
    let now_s = server::db::now_ms() / 1000;
    let mut due = Vec::new();
    for (i, offset) in offsets_s.iter().enumerate() {
        let at = (now_s + offset) * 1000;
        let channel = [1, 2, 3, 4][i % 4];
        let titles =
            crate::common::schedule_many(app, author, &format!("On time {i}"), 1, &[channel], at)
                .await?;
        due.push((titles[0].clone(), at));
    }
    let last = offsets_s.iter().max().copied().unwrap_or(0);
    let all_in = TestApp::eventually(Duration::from_secs(last as u64 + 10), || async {
        app.fake().messages().len() >= due.len()
    })
    .await;
    assert!(all_in, "every post arrived");
    let messages = app.fake().messages();
    let mut late = Vec::new();
    for (title, at) in &due {
        let m = messages
            .iter()
            .find(|m| m.body.embeds[0].title.as_deref() == Some(title.as_str()))
            .ok_or_else(|| format!("{title} did not arrive"))?;
        late.push(m.timestamp.timestamp_millis() - at);
    }
    Ok(late)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_scheduled_two_seconds_ahead_arrives_within_a_second_of_its_time() -> TestResult {
    let app = TestApp::start().await?;
    let late = lateness(&app, &[3]).await?;
    println!("on time: arrived {} ms after its time", late[0]);
    assert!(late[0] >= 0, "arrived {} ms early", -late[0]);
    assert!(late[0] < 1000, "arrived {} ms late", late[0]);
    Ok(())
}

/// Publish latency at idle (scheduled time → Discord's ack), one post a second for 30 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "soak: 30 s; run by make soak"]
async fn publish_latency_at_idle() -> TestResult {
    let app = TestApp::start().await?;
    let offsets: Vec<i64> = (3..33).collect();
    let mut late = lateness(&app, &offsets).await?;
    late.sort_unstable();
    let pct = |p: f64| late[((late.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "publish latency at idle over {} posts: p50 {} ms, p99 {} ms, max {} ms",
        late.len(),
        pct(0.5),
        pct(0.99),
        late[late.len() - 1]
    );
    assert!(late[0] >= 0, "a post arrived early");
    assert!(pct(0.99) < 1000);
    Ok(())
}
