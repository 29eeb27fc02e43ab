//! Many posts due at the same moment drain as fast as Discord's limits allow and no faster: the
//! fake Discord enforces per-webhook and global limits and counts every request that arrived
//! while its bucket was exhausted.

use crate::common::{TestApp, TestResult};
use server::sandbox::discord::RateLimits;
use std::collections::HashMap;
use std::time::Duration;

/// The sandbox's three webhook channels.
const WEBHOOKS: [i64; 3] = [1, 2, 3];

/// What a drain run measured.
struct Drain {
    posts: usize,
    drain: Duration,
    bound: Duration,
    violations: u64,
}

/// Schedules `count` posts across `channels` for one instant and waits until all of them are
/// published.
async fn drain(
    count: usize,
    channels: &[i64],
    limits: RateLimits,
    wait: Duration,
) -> Result<Drain, Box<dyn std::error::Error>> {
    let app = TestApp::start().await?;
    app.fake().set_rate_limits(limits);
    let (pat, _) = app.sign_in("pat").await?;
    let author = crate::common::viewer_id(&app, &pat).await?;
    // A whole second (the queue's resolution), far enough ahead for every job to be queued.
    let due_ms = (server::db::now_ms() / 1000 + 3) * 1000;
    let titles =
        crate::common::schedule_many(&app, author, "Due together", count, channels, due_ms).await?;
    let all_in = TestApp::eventually(wait, || async { app.fake().messages().len() >= count }).await;
    // Give a duplicate every chance to show up.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let messages = app.fake().messages();
    assert!(all_in, "{} of {count} posts arrived", messages.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for m in &messages {
        let title = m.body.embeds[0].title.clone().unwrap_or_default();
        *seen.entry(title).or_default() += 1;
    }
    for t in &titles {
        assert_eq!(seen.get(t), Some(&1), "{t} must arrive exactly once");
    }
    assert_eq!(messages.len(), count, "nothing else arrived");
    let first_ms = due_ms;
    let last_ms = messages
        .iter()
        .map(|m| m.timestamp.timestamp_millis())
        .max()
        .unwrap_or(first_ms);
    // Each webhook takes `per_route` a window: its last message cannot come sooner than this.
    let per_webhook = count.div_ceil(channels.len()) as u32;
    let windows = per_webhook.div_ceil(limits.per_route).saturating_sub(1);
    let route_bound = limits.window * windows;
    let global_bound = Duration::from_secs_f64(count as f64 / f64::from(limits.global_per_second));
    Ok(Drain {
        posts: count,
        drain: Duration::from_millis((last_ms - first_ms).max(0) as u64),
        bound: route_bound.max(global_bound),
        violations: app.fake().violations(),
    })
}

fn report(d: &Drain) {
    println!(
        "drain: {} posts in {:.2} s; the limits allow {:.2} s (ratio {:.2}); {} requests sent into an exhausted bucket",
        d.posts,
        d.drain.as_secs_f64(),
        d.bound.as_secs_f64(),
        d.drain.as_secs_f64() / d.bound.as_secs_f64().max(0.001),
        d.violations
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_due_at_once_drain_within_the_limits_and_arrive_once() -> TestResult {
    let limits = RateLimits {
        per_route: 5,
        window: Duration::from_millis(500),
        global_per_second: 50,
    };
    let d = drain(60, &WEBHOOKS, limits, Duration::from_secs(30)).await?;
    report(&d);
    assert_eq!(d.violations, 0, "a request went into an exhausted bucket");
    assert!(
        d.drain >= d.bound,
        "faster than the limits allow: {:?} < {:?}",
        d.drain,
        d.bound
    );
    // Generous for a loaded CI machine; the measured ratio is in the issue note.
    assert!(
        d.drain <= d.bound * 3,
        "drained in {:?}; the limits allow {:?}",
        d.drain,
        d.bound
    );
    Ok(())
}

/// The figure: 300 posts across 3 webhooks at Discord's observed webhook limit
/// (5 per 2 s). About 40 s; run by `make soak`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "soak: about a minute; run by make soak"]
async fn three_hundred_posts_due_at_once_drain_at_discords_pace() -> TestResult {
    let d = drain(
        300,
        &WEBHOOKS,
        RateLimits::default(),
        Duration::from_secs(180),
    )
    .await?;
    report(&d);
    assert_eq!(d.violations, 0, "a request went into an exhausted bucket");
    assert!(d.drain >= d.bound);
    assert!(d.drain <= d.bound * 2, "{:?} vs {:?}", d.drain, d.bound);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_channels_at_once_stay_under_the_global_limit() -> TestResult {
    // Routes roomy enough that only the global limit (50 a second) binds: three webhooks, the
    // bot's channel and the forum.
    let limits = RateLimits {
        per_route: 1000,
        window: Duration::from_secs(1),
        global_per_second: 50,
    };
    let d = drain(100, &[1, 2, 3, 4, 5], limits, Duration::from_secs(30)).await?;
    report(&d);
    assert_eq!(d.violations, 0, "more than 50 requests in some second");
    assert!(d.drain <= d.bound * 3, "{:?} vs {:?}", d.drain, d.bound);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_channel_does_not_hold_up_the_others() -> TestResult {
    // #releases' 40 posts are still draining when the other channel's post has shown what this
    // test checks.
    let app = TestApp::builder().leaves_due_posts().start().await?;
    // Discord's observed webhook limit: 40 posts take #releases some 16 s.
    app.fake().set_rate_limits(RateLimits::default());
    let (pat, _) = app.sign_in("pat").await?;
    let author = crate::common::viewer_id(&app, &pat).await?;
    let due_ms = (server::db::now_ms() / 1000 + 3) * 1000;
    crate::common::schedule_many(&app, author, "Busy", 40, &[1], due_ms).await?;
    // Due at the same moment, queued last, to another channel.
    let other = crate::common::schedule_many(&app, author, "Elsewhere", 1, &[2], due_ms).await?;
    let arrived = TestApp::eventually(Duration::from_secs(30), || async {
        app.fake()
            .messages()
            .iter()
            .any(|m| m.body.embeds[0].title.as_deref() == Some(other[0].as_str()))
    })
    .await;
    assert!(arrived, "the other channel's post arrived");
    let late = app
        .fake()
        .messages()
        .iter()
        .find(|m| m.body.embeds[0].title.as_deref() == Some(other[0].as_str()))
        .map(|m| m.timestamp.timestamp_millis() - due_ms)
        .unwrap_or(i64::MAX);
    println!("busy channel: the other channel's post arrived {late} ms after its time");
    assert!(
        late < 2000,
        "#announcements waited {late} ms behind #releases' queue"
    );
    assert_eq!(app.fake().violations(), 0);
    Ok(())
}
