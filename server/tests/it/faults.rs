//! Publishing under Discord failures: 5xx (before and after the message is created) and lost
//! answers on a share of all sends. Bot channels deliver every post exactly once (nonce); webhook
//! channels never deliver twice, and every post they could not confirm is shown as "needs review"
//! with its reason. Nothing is lost silently.

use crate::common::{TestApp, TestResult};
use server::sandbox::discord::{FaultRates, RateLimits};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The sandbox's channels: three webhooks and the bot's #news.
const WEBHOOKS: [i64; 3] = [1, 2, 3];
const NEWS: i64 = 4;

struct Run {
    posts: usize,
    bot_published: usize,
    bot_posts: usize,
    webhook_published: usize,
    webhook_review: usize,
    review_that_arrived: usize,
    duplicates: usize,
    lost: usize,
    took: Duration,
}

async fn run(count: usize, rates: FaultRates) -> Result<Run, Box<dyn std::error::Error>> {
    let app = TestApp::start().await?;
    // Limits out of the way: this run is about faults.
    app.fake().set_rate_limits(RateLimits {
        per_route: 1000,
        window: Duration::from_secs(1),
        global_per_second: 1000,
    });
    app.fake().set_fault_rates(rates);
    let (pat, _) = app.sign_in("pat").await?;
    let author = crate::common::viewer_id(&app, &pat).await?;
    let due_ms = (server::db::now_ms() / 1000 + 2) * 1000;
    let channels = [WEBHOOKS[0], NEWS, WEBHOOKS[1], NEWS, WEBHOOKS[2], NEWS];
    let titles =
        crate::common::schedule_many(&app, author, "Due together", count, &channels, due_ms)
            .await?;
    let start = Instant::now();
    let settled = TestApp::eventually(Duration::from_secs(120), || async {
        crate::common::all_posts(&app).await.is_ok_and(|posts| {
            posts
                .iter()
                .all(|(_, s, _, _)| s != "scheduled" && s != "publishing")
        })
    })
    .await;
    assert!(settled, "every post settles");
    let took = start.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;

    let mut copies: HashMap<String, Vec<String>> = HashMap::new();
    for m in app.fake().messages() {
        let title = m.body.embeds[0].title.clone().unwrap_or_default();
        copies.entry(title).or_default().push(m.id.clone());
    }
    let mut r = Run {
        posts: count,
        bot_published: 0,
        bot_posts: 0,
        webhook_published: 0,
        webhook_review: 0,
        review_that_arrived: 0,
        duplicates: 0,
        lost: 0,
        took,
    };
    let posts = crate::common::all_posts(&app).await?;
    for (i, title) in titles.iter().enumerate() {
        let bot = channels[i % channels.len()] == NEWS;
        let arrived = copies.get(title).map(Vec::as_slice).unwrap_or_default();
        r.duplicates += arrived.len().saturating_sub(1);
        let Some((_, status, message_id, reason)) = posts.iter().find(|p| &p.0 == title) else {
            r.lost += 1;
            continue;
        };
        match (bot, status.as_str()) {
            (true, "published") => {
                r.bot_posts += 1;
                r.bot_published += 1;
                if arrived.first() != message_id.as_ref() {
                    r.lost += 1;
                }
            }
            (true, _) => {
                r.bot_posts += 1;
                eprintln!("bot post {title}: {status} ({reason:?})");
            }
            (false, "published") => {
                r.webhook_published += 1;
                if arrived.first() != message_id.as_ref() {
                    r.lost += 1;
                }
            }
            (false, "needs_review") => {
                r.webhook_review += 1;
                r.review_that_arrived += arrived.len();
                assert!(
                    reason.as_deref().is_some_and(|why| why.contains("Check #")),
                    "{title}: {reason:?}"
                );
            }
            (false, other) => {
                eprintln!("webhook post {title}: {other} ({reason:?})");
                r.lost += 1;
            }
        }
    }
    Ok(r)
}

fn report(r: &Run) {
    println!(
        "faults: {} posts settled in {:.1} s; bot channel {}/{} published exactly once; webhooks {} published, {} needs review ({} of those had arrived); {} duplicates, {} lost",
        r.posts,
        r.took.as_secs_f64(),
        r.bot_published,
        r.bot_posts,
        r.webhook_published,
        r.webhook_review,
        r.review_that_arrived,
        r.duplicates,
        r.lost
    );
}

fn check(r: &Run) {
    assert_eq!(r.duplicates, 0, "a post arrived twice");
    assert_eq!(r.lost, 0, "a post was lost or mis-recorded");
    assert_eq!(r.bot_published, r.bot_posts, "every bot post published");
    assert_eq!(
        r.webhook_published + r.webhook_review + r.bot_posts,
        r.posts,
        "every webhook post published or in review"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_5xx_and_lost_answers_nothing_arrives_twice_and_nothing_is_lost() -> TestResult {
    let rates = FaultRates {
        server_error: 0.2,
        lost_answer: 0.1,
        latency_ms: 0,
    };
    let r = run(60, rates).await?;
    report(&r);
    check(&r);
    Ok(())
}

/// The run at full size; run by `make soak`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "soak: run by make soak"]
async fn three_hundred_posts_under_5xx_and_lost_answers() -> TestResult {
    let rates = FaultRates {
        server_error: 0.2,
        lost_answer: 0.1,
        latency_ms: 0,
    };
    let r = run(300, rates).await?;
    report(&r);
    check(&r);
    Ok(())
}
