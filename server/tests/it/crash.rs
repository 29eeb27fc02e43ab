//! `kill -9` of the real binary while 100 posts are being published, then a restart on the same
//! database: bot-channel posts are each delivered exactly once; webhook posts are never
//! delivered twice, and every one whose outcome the crash made unknown is shown as "needs
//! review". None is lost silently. Discord's side is the fake's record file, which outlives
//! the process.

use crate::common::process::{exit_within, free_port, liner, ready_within, signal};
use crate::common::TestResult;
use server::db::{posts, Db};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Three webhooks and the bot's #news, in turn.
const CHANNELS: [i64; 4] = [1, 4, 2, 3];
const NEWS: i64 = 4;

/// (title, channel id, status, message id, last error) of every post.
type Row = (String, Option<i64>, String, Option<String>, Option<String>);

async fn rows(db: &Db) -> Result<Vec<Row>, Box<dyn std::error::Error>> {
    Ok(db
        .run(|c| {
            let mut all = Vec::new();
            for s in liner::PostStatus::ALL {
                all.extend(posts::with_status(c, s)?);
            }
            Ok(all
                .into_iter()
                .map(|p| {
                    let title = p.draft().body.title.clone();
                    (
                        title,
                        p.channel_id,
                        p.status,
                        p.discord_message_id,
                        p.last_error,
                    )
                })
                .collect())
        })
        .await?)
}

/// A server for a hundred publishes by one member in a second: a load, not a person, so past
/// a member's allowance (`member_limits`).
fn spawn_busy(dir: &std::path::Path, port: u16) -> Result<std::process::Child, std::io::Error> {
    liner(dir)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LINER_MEMBER_RATE_SCALE", "10")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_while_publishing_loses_nothing_and_sends_nothing_twice() -> TestResult {
    const POSTS: usize = 100;
    let dir = tempfile::tempdir()?;
    let record = dir.path().join("discord.jsonl");
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let mut first = spawn_busy(dir.path(), port)?;
    assert!(
        ready_within(port, Duration::from_secs(10)).await,
        "never ready"
    );
    let (pat, _) = crate::common::sign_in_at(&base, "pat").await?;
    // Sends take a while, as on the internet: 5 of them outlast a bucket's 2 s window, so every
    // route always has one on the wire and the kill is sure to find some.
    let slow = reqwest::Client::new()
        .post(format!("{base}/sandbox/discord/_conditions"))
        .json(&serde_json::json!({"latency_ms": 600}))
        .send()
        .await?;
    assert_eq!(slow.status(), 204);
    let mut titles = Vec::new();
    for i in 0..POSTS {
        let title = format!("Crash test #{i:03}");
        let d = crate::common::PostBuilder::new(&title).channel(CHANNELS[i % CHANNELS.len()]);
        let resp = pat
            .post(format!("{base}/api/posts/publish"))
            .json(&d.request())
            .send()
            .await?;
        assert_eq!(resp.status(), 200);
        titles.push(title);
    }
    // Discord's webhook limits (5 per 2 s each) keep most of them waiting: kill mid-drain.
    let start = Instant::now();
    while server::sandbox::discord::read_record(&record).len() < POSTS / 3
        && start.elapsed() < Duration::from_secs(60)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    signal(&first, "-KILL")?;
    let _ = exit_within(&mut first, Duration::from_secs(5)).await;
    let before_restart = server::sandbox::discord::read_record(&record).len();
    // The kill must have found sends on the wire, or this test proves nothing.
    let db = Db::open(&dir.path().join("liner.db"))?;
    let on_the_wire = db
        .run(|c| {
            use diesel::prelude::*;
            use server::db::schema::publish_attempts::dsl::*;
            Ok(publish_attempts
                .filter(outcome.is_null())
                .count()
                .get_result::<i64>(c)?)
        })
        .await?;
    assert!(on_the_wire > 0, "no send was in flight at the kill");

    let mut second = spawn_busy(dir.path(), port)?;
    assert!(
        ready_within(port, Duration::from_secs(10)).await,
        "restart never ready"
    );
    let settle = Instant::now();
    loop {
        let pending = rows(&db)
            .await?
            .iter()
            .filter(|r| r.2 == "scheduled" || r.2 == "publishing")
            .count();
        if pending == 0 || settle.elapsed() > Duration::from_secs(120) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let settled_in = settle.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    signal(&second, "-TERM")?;
    let _ = exit_within(&mut second, Duration::from_secs(10)).await;

    let mut copies: HashMap<String, Vec<String>> = HashMap::new();
    for m in server::sandbox::discord::read_record(&record)
        .into_iter()
        .filter(|m| !m.deleted)
    {
        let title = m.body.embeds[0].title.clone().unwrap_or_default();
        copies.entry(title).or_default().push(m.id);
    }
    let all = rows(&db).await?;
    let (mut duplicates, mut lost, mut review, mut review_arrived, mut published) = (0, 0, 0, 0, 0);
    for title in &titles {
        let arrived = copies.get(title).cloned().unwrap_or_default();
        duplicates += arrived.len().saturating_sub(1);
        let Some((_, channel, status, message_id, reason)) = all.iter().find(|r| &r.0 == title)
        else {
            lost += 1;
            continue;
        };
        match status.as_str() {
            "published" if arrived.first() == message_id.as_ref() => published += 1,
            "needs_review" if *channel != Some(NEWS) => {
                review += 1;
                review_arrived += arrived.len();
                assert!(reason
                    .as_deref()
                    .is_some_and(|r| r.contains("may or may not")));
            }
            other => {
                eprintln!("{title}: {other}, {message_id:?} vs {arrived:?} ({reason:?})");
                lost += 1;
            }
        }
    }
    println!(
        "kill -9: {POSTS} posts, {before_restart} had arrived and {on_the_wire} were on the wire at the kill; all settled {:.1} s after the restart: {published} published exactly once, {review} webhook posts in review ({review_arrived} of those had arrived); {duplicates} duplicates, {lost} lost",
        settled_in.as_secs_f64()
    );
    assert_eq!(duplicates, 0);
    assert_eq!(lost, 0);
    assert_eq!(published + review, POSTS);
    Ok(())
}
