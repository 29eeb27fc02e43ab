//! Publishing: a post goes out once, invalid ones are refused, stale jobs do nothing, Discord's
//! errors are recorded, failed and doubtful posts are settled, and a restart recovers.

use crate::common::{reaches, ChannelBuilder, PostBuilder, TestApp, TestResult};
use liner::PostId;
use serde_json::json;
use server::publishing::PublishPost;
use server::sandbox::discord::Fault;
use std::time::{Duration, Instant};

fn post(title: &str) -> serde_json::Value {
    crate::common::request(&crate::common::draft(title), None)
}

#[tokio::test]
async fn a_published_post_reaches_the_webhook_exactly_once() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (status, view) = app
        .call(&pat, "/api/posts/publish", post("Blue Lines"))
        .await?;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["status"], "scheduled");
    let done = reaches(&app, &pat, "Blue Lines", "published").await;
    assert!(done, "the post was not published");
    // Give a duplicate every chance to show up.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let messages = app.fake().messages();
    assert_eq!(messages.len(), 1);
    let embed = &messages[0].body.embeds[0];
    assert_eq!(embed.title.as_deref(), Some("Blue Lines"));
    assert_eq!(messages[0].channel_name, "releases");
    assert!(messages[0].body.allowed_mentions.parse.is_empty());
    Ok(())
}

#[tokio::test]
async fn invalid_posts_are_refused_and_nothing_is_stored() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let long = "🎵".repeat(257);
    let (status, body) = app.call(&pat, "/api/posts/publish", post(&long)).await?;
    assert_eq!(status, 400);
    assert_eq!(body["Invalid"][0]["field"], "release_title");
    assert_eq!(
        body["Invalid"][0]["message"],
        "Release title is 257 characters; the limit is 256."
    );
    let elsewhere = PostBuilder::new("t").channel(99).json();
    let (status, body) = app
        .call(
            &pat,
            "/api/posts/publish",
            crate::common::request(&elsewhere, None),
        )
        .await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["Invalid"][0]["field"], "channel");
    let (status, _) = app
        .call(&pat, "/api/posts/publish", json!({"nonsense": true}))
        .await?;
    assert_eq!(status, 400);
    let (_, posts) = app.call(&pat, "/api/posts", json!({})).await?;
    assert_eq!(posts["posts"], json!([]));
    assert!(app.fake().messages().is_empty());
    Ok(())
}

#[tokio::test]
async fn a_job_for_an_old_schedule_revision_does_nothing() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.call(&pat, "/api/posts/publish", post("Mezzanine"))
        .await?;
    let ok = reaches(&app, &pat, "Mezzanine", "published").await;
    assert!(ok);
    // Replays of the job, for its own revision and an older one, claim nothing.
    let queue = &app.running().state.queue;
    queue
        .enqueue(
            PublishPost {
                post_id: PostId(1),
                schedule_rev: 0,
            },
            0,
        )
        .await?;
    queue
        .enqueue(
            PublishPost {
                post_id: PostId(1),
                schedule_rev: 1,
            },
            0,
        )
        .await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(app.fake().messages().len(), 1);
    Ok(())
}

#[tokio::test]
async fn discord_errors_are_recorded_not_hidden() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    // A 429 is retried after retry_after; then Discord accepts.
    app.fake().inject([Fault::RateLimited(0.2)]);
    app.call(&pat, "/api/posts/publish", post("Rate limited"))
        .await?;
    let ok = reaches(&app, &pat, "Rate limited", "published").await;
    assert!(ok, "a 429 must be retried");
    // A 400 fails at once with Discord's message.
    app.fake().inject([Fault::Status(400)]);
    app.call(&pat, "/api/posts/publish", post("Refused"))
        .await?;
    let ok = reaches(&app, &pat, "Refused", "failed").await;
    assert!(ok, "a 400 must fail the post");
    // A 5xx after sending is an unknown outcome: review, never a blind re-send.
    app.fake().inject([Fault::Status(502)]);
    app.call(&pat, "/api/posts/publish", post("Unknown"))
        .await?;
    let ok = reaches(&app, &pat, "Unknown", "needs_review").await;
    assert!(ok, "a 5xx must go to review");
    assert_eq!(
        app.fake().messages().len(),
        1,
        "only the rate-limited post arrived"
    );
    let (_, posts) = app.call(&pat, "/api/posts", json!({})).await?;
    let refused = posts["posts"]
        .as_array()
        .and_then(|l| l.iter().find(|p| p["title"] == "Refused"))
        .map(|p| p["last_error"].to_string())
        .unwrap_or_default();
    assert!(refused.contains("Injected failure"), "{refused}");
    Ok(())
}

#[tokio::test]
async fn a_restart_brings_the_worker_back_within_five_seconds() -> TestResult {
    let mut app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.call(&pat, "/api/posts/publish", post("Before")).await?;
    app.stop().await?;
    let started = Instant::now();
    app.boot().await?;
    let ready = TestApp::eventually(Duration::from_secs(5), || async {
        reqwest::get(app.url("/readyz"))
            .await
            .map(|r| r.status() == 200)
            .unwrap_or(false)
    })
    .await;
    assert!(ready && started.elapsed() < Duration::from_secs(5));
    // The session survived (stored in SQLite) and the worker publishes again.
    app.call(&pat, "/api/posts/publish", post("After")).await?;
    let ok = reaches(&app, &pat, "After", "published").await;
    assert!(ok);
    // The post queued before the stop goes out too (in whichever order the worker takes them).
    assert!(reaches(&app, &pat, "Before", "published").await);
    let titles: Vec<_> = app
        .fake()
        .messages()
        .iter()
        .filter_map(|m| m.body.embeds[0].title.clone())
        .collect();
    assert_eq!(
        titles.iter().filter(|t| *t == "Before").count(),
        1,
        "{titles:?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_queued_after_the_worker_went_idle_still_runs() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (_, viewer) = app.call(&pat, "/api/session", json!({})).await?;
    let author = viewer["viewer"]["id"].as_i64().unwrap_or_default();
    // Let the worker sit idle for a while, as on a quiet server.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let state = &app.running().state;
    let draft: liner::Draft = serde_json::from_value(crate::common::draft("Idle"))?;
    let post = state
        .db
        .run(move |c| {
            let now = server::db::now_ms();
            Ok(server::db::posts::insert(
                c,
                author,
                &draft,
                liner::PostStatus::Scheduled,
                Some((now, "UTC")),
                now,
            )?)
        })
        .await?;
    state
        .queue
        .enqueue(
            PublishPost {
                post_id: PostId(post.id),
                schedule_rev: post.schedule_rev,
            },
            0,
        )
        .await?;
    let ok = reaches(&app, &pat, "Idle", "published").await;
    assert!(ok, "the queued job did not run");
    Ok(())
}

#[tokio::test]
async fn the_event_stream_starts_with_the_current_state_of_the_posts() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.call(&pat, "/api/posts/publish", post("Protection"))
        .await?;
    assert!(reaches(&app, &pat, "Protection", "published").await);
    // A page that subscribes only now must still learn the post is published.
    let mut events = pat.get(app.url("/events/posts")).send().await?;
    assert_eq!(events.status(), 200);
    let first = tokio::time::timeout(Duration::from_secs(5), events.chunk())
        .await??
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&first);
    assert!(text.starts_with("data: "), "{text}");
    assert!(text.contains("\"title\":\"Protection\""), "{text}");
    assert!(text.contains("\"status\":\"published\""), "{text}");
    Ok(())
}

#[tokio::test]
async fn the_fake_discord_takes_faults_over_http_and_refuses_unknown_ones() -> TestResult {
    let app = TestApp::start().await?;
    let client = TestApp::client();
    let faults = app.url("/sandbox/discord/_faults");
    let ok = client
        .post(&faults)
        .json(&json!([{"status": 502}]))
        .send()
        .await?;
    assert_eq!(ok.status(), 204);
    let bad = client
        .post(&faults)
        .json(&json!([{"explode": 1}]))
        .send()
        .await?;
    assert!(bad.status().is_client_error(), "{}", bad.status());
    // Random faults and latency: unknown settings are refused, and nothing changes.
    let conditions = app.url("/sandbox/discord/_conditions");
    let bad = client
        .post(&conditions)
        .json(&json!({"server_errors": 1.0}))
        .send()
        .await?;
    assert!(bad.status().is_client_error(), "{}", bad.status());
    let ok = client
        .post(&conditions)
        .json(&json!({"latency_ms": 10}))
        .send()
        .await?;
    assert_eq!(ok.status(), 204);
    let (pat, _) = app.sign_in("pat").await?;
    app.call(&pat, "/api/posts/publish", post("Dummy")).await?;
    assert!(reaches(&app, &pat, "Dummy", "needs_review").await);
    Ok(())
}

#[tokio::test]
async fn posts_mention_only_the_guilds_roles_listed_with_the_bot_token() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (status, roles) = app.call(&pat, "/api/roles/mentionable", json!({})).await?;
    assert_eq!(status, 200, "{roles}");
    let names: Vec<_> = roles
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["name"].as_str())
        .collect();
    // Highest first; never @everyone, never the bot's own integration role.
    assert_eq!(names, ["Admins", "Posters", "New Music", "Listening Party"]);

    let d = PostBuilder::new("With a ping")
        .content("Out now!")
        .mention("200000000000000010", "New Music")
        .json();
    let (status, body) = app
        .call(&pat, "/api/posts/publish", crate::common::request(&d, None))
        .await?;
    assert_eq!(status, 200, "{body}");
    assert!(reaches(&app, &pat, "With a ping", "published").await);
    let sent = app.fake().messages();
    assert_eq!(sent[0].body.allowed_mentions.roles, ["200000000000000010"]);

    let sneaky = PostBuilder::new("Sneaky")
        .mention("100000000000000001", "everyone")
        .json();
    let (status, body) = app
        .call(
            &pat,
            "/api/posts/publish",
            crate::common::request(&sneaky, None),
        )
        .await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["Invalid"][0]["field"], "mentions");
    assert_eq!(
        body["Invalid"][0]["message"],
        "@everyone is not a role posts can mention here; pick from the list."
    );
    assert_eq!(crate::common::status_of(&app, &pat, "Sneaky").await, None);
    Ok(())
}

/// The listed post titled `title`, as JSON.
async fn listed(
    app: &TestApp,
    client: &reqwest::Client,
    title: &str,
) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let (_, list) = app.call(client, "/api/posts", json!({})).await?;
    Ok(list["posts"]
        .as_array()
        .and_then(|l| l.iter().find(|p| p["title"] == title))
        .cloned()
        .unwrap_or_default())
}

#[tokio::test]
async fn a_failed_post_is_retried_by_its_poster_and_arrives_once() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (sam, _) = app.sign_in("sam").await?;
    app.fake().inject([Fault::Status(400)]);
    app.call(&pat, "/api/posts/publish", post("Second try"))
        .await?;
    assert!(reaches(&app, &pat, "Second try", "failed").await);
    let id = listed(&app, &pat, "Second try").await?["id"].clone();

    let (status, _) = app
        .call(&sam, "/api/posts/retry", json!({"id": id}))
        .await?;
    assert_eq!(status, 404, "someone else's post is not there to retry");
    let (status, view) = app
        .call(&pat, "/api/posts/retry", json!({"id": id}))
        .await?;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["status"], "scheduled");
    assert_eq!(view["last_error"], serde_json::Value::Null);
    assert!(reaches(&app, &pat, "Second try", "published").await);
    let (status, body) = app
        .call(&pat, "/api/posts/retry", json!({"id": id}))
        .await?;
    assert_eq!(status, 400);
    assert_eq!(
        body["BadRequest"],
        "This post is published; only a failed post, or one that needs review, can be sent again."
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.fake().messages().len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_doubtful_post_is_settled_by_an_admin_not_by_a_blind_resend() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (ada, _) = app.sign_in("ada").await?;
    app.fake().inject([Fault::Status(502), Fault::Status(502)]);
    app.call(&pat, "/api/posts/publish", post("Arrived?"))
        .await?;
    assert!(reaches(&app, &pat, "Arrived?", "needs_review").await);
    app.call(&pat, "/api/posts/publish", post("Lost?")).await?;
    assert!(reaches(&app, &pat, "Lost?", "needs_review").await);
    let arrived = listed(&app, &pat, "Arrived?").await?["id"].clone();
    let lost = listed(&app, &pat, "Lost?").await?["id"].clone();

    // The poster cannot check the channel for everyone: an admin decides.
    for endpoint in ["/api/posts/retry", "/api/posts/confirm-arrived"] {
        let (status, _) = app.call(&pat, endpoint, json!({"id": arrived})).await?;
        assert_eq!(status, 403, "{endpoint}");
    }
    let (status, view) = app
        .call(&ada, "/api/posts/confirm-arrived", json!({"id": arrived}))
        .await?;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["status"], "published");
    assert_eq!(view["notice"], "Ada checked the channel: it arrived.");
    assert_eq!(view["last_error"], serde_json::Value::Null);

    let (status, _) = app
        .call(&ada, "/api/posts/retry", json!({"id": lost}))
        .await?;
    assert_eq!(status, 200);
    assert!(reaches(&app, &pat, "Lost?", "published").await);
    let (status, body) = app
        .call(&ada, "/api/posts/confirm-arrived", json!({"id": lost}))
        .await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(app.fake().messages().len(), 1, "only the re-sent post");
    Ok(())
}

#[tokio::test]
async fn posts_due_while_liner_was_down_go_out_late_with_a_note_or_are_marked_missed() -> TestResult
{
    let mut app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (_, viewer) = app.call(&pat, "/api/session", json!({})).await?;
    let author = viewer["viewer"]["id"].as_i64().unwrap_or_default();
    // Scheduled posts whose time passed while Liner was not running: ten minutes and a day ago.
    for (title, late_ms) in [
        ("Ten minutes late", 10 * 60_000),
        ("A day late", 25 * 3_600_000),
    ] {
        let draft: liner::Draft = serde_json::from_value(crate::common::draft(title))?;
        app.running()
            .state
            .db
            .run(move |c| {
                let now = server::db::now_ms();
                Ok(server::db::posts::insert(
                    c,
                    author,
                    &draft,
                    liner::PostStatus::Scheduled,
                    Some((now - late_ms, "Europe/Paris")),
                    now,
                )?)
            })
            .await?;
    }
    app.restart().await?;

    assert!(reaches(&app, &pat, "Ten minutes late", "published").await);
    assert_eq!(
        listed(&app, &pat, "Ten minutes late").await?["notice"],
        "Published 10 min after its time (Liner was busy or not running)."
    );
    assert!(reaches(&app, &pat, "A day late", "failed").await);
    let missed = listed(&app, &pat, "A day late").await?;
    let reason = missed["last_error"].as_str().unwrap_or_default();
    assert!(
        reason.starts_with("Missed its time: it was due "),
        "{reason}"
    );
    assert!(
        reason.ends_with("within 24 h of that. Retry to send it now."),
        "{reason}"
    );
    assert_eq!(
        app.fake().messages().len(),
        1,
        "the missed post was not sent"
    );
    Ok(())
}

#[tokio::test]
async fn a_crash_mid_send_requeues_what_never_left_and_reviews_what_may_have() -> TestResult {
    let mut app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let author = crate::common::viewer_id(&app, &pat).await?;
    // As a crash leaves them: both claimed; one had its request on the wire.
    for (title, on_the_wire) in [
        ("Never left", false),
        ("On the wire", true),
        ("Confirmed", true),
    ] {
        let (_, attempt) =
            crate::common::interrupted_post(&app, author, crate::common::draft(title), on_the_wire)
                .await?;
        // Discord confirmed this one; the crash came before the post recorded it.
        if let (Some(attempt), "Confirmed") = (attempt, title) {
            app.running()
                .state
                .db
                .run(move |c| {
                    use server::db::attempts::{finish, AttemptOutcome};
                    let now = server::db::now_ms();
                    Ok(finish(
                        c,
                        attempt,
                        AttemptOutcome::Sent,
                        None,
                        Some("6001"),
                        now,
                    )?)
                })
                .await?;
        }
    }
    app.restart().await?;

    assert!(reaches(&app, &pat, "Never left", "published").await);
    assert!(reaches(&app, &pat, "On the wire", "needs_review").await);
    assert!(reaches(&app, &pat, "Confirmed", "published").await);
    let confirmed = crate::common::all_posts(&app).await?;
    let confirmed = confirmed.iter().find(|p| p.0 == "Confirmed");
    assert_eq!(
        confirmed.and_then(|p| p.2.as_deref()),
        Some("6001"),
        "the confirmed message's id is kept"
    );
    let doubtful = listed(&app, &pat, "On the wire").await?;
    assert_eq!(
        doubtful["last_error"],
        "Liner stopped while this post was being sent, so it may or may not have arrived. Check the channel before sending it again."
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let titles: Vec<_> = app
        .fake()
        .messages()
        .iter()
        .filter_map(|m| m.body.embeds[0].title.clone())
        .collect();
    assert_eq!(
        titles,
        ["Never left"],
        "sent once; the doubtful one not re-sent"
    );
    Ok(())
}

#[tokio::test]
async fn every_request_to_discord_leaves_an_attempt_with_its_outcome() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.fake().inject([Fault::RateLimited(0.1)]);
    app.call(&pat, "/api/posts/publish", post("Traced")).await?;
    assert!(reaches(&app, &pat, "Traced", "published").await);
    let outcomes = crate::common::attempt_outcomes(&app).await?;
    assert_eq!(
        outcomes,
        [Some("rate_limited".to_string()), Some("sent".to_string())]
    );
    // The post's page lists them; another poster cannot see it.
    let id = listed(&app, &pat, "Traced").await?["id"].clone();
    let (status, detail) = app
        .call(&pat, "/api/posts/detail", json!({"id": id}))
        .await?;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["post"]["status"], "published");
    let shown: Vec<_> = detail["attempts"]
        .as_array()
        .map(|a| a.iter().map(|x| x["outcome"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(shown, [json!("Rate limited"), json!("Sent")]);
    let (sam, _) = app.sign_in("sam").await?;
    let (status, _) = app
        .call(&sam, "/api/posts/detail", json!({"id": id}))
        .await?;
    assert_eq!(status, 404);
    Ok(())
}

#[tokio::test]
async fn a_deleted_webhook_fails_its_post_once_and_marks_the_channel_broken() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.fake().inject([Fault::WebhookDeleted]);
    app.call(&pat, "/api/posts/publish", post("Into the void"))
        .await?;
    assert!(reaches(&app, &pat, "Into the void", "failed").await);
    let failed = listed(&app, &pat, "Into the void").await?;
    assert_eq!(
        failed["last_error"],
        "The webhook of #releases no longer works (Discord refused the request: Unknown Webhook (HTTP 404, code 10015)); nothing was sent. An admin must set the channel's webhook again, then Retry."
    );
    // Pickers and admins see it; new posts to it are refused.
    assert!(crate::common::channel_broken(&app, &pat, "releases").await?);
    let (status, body) = app
        .call(&pat, "/api/posts/publish", post("Refused"))
        .await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["Invalid"][0]["message"],
        "#releases cannot take posts: its webhook no longer works. Choose another channel, or ask an admin to set it again."
    );
    // A post already scheduled there fails without another call to Discord: no retry storm.
    let author = crate::common::viewer_id(&app, &pat).await?;
    crate::common::schedule_many(
        &app,
        author,
        "Already queued",
        1,
        &[1],
        server::db::now_ms(),
    )
    .await?;
    assert!(reaches(&app, &pat, "Already queued #000", "failed").await);
    assert_eq!(app.fake().sends(), 1, "Discord was called once in all");
    assert!(app.fake().messages().is_empty());
    Ok(())
}

#[tokio::test]
async fn a_post_whose_poster_lost_the_role_is_not_sent_until_an_admin_vouches_for_it() -> TestResult
{
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (ada, _) = app.sign_in("ada").await?;
    // Pat is taken off the team in Discord after signing in.
    app.fake()
        .set_member_roles("300000000000000002", Some(Vec::new()));
    app.call(&pat, "/api/posts/publish", post("Held back"))
        .await?;
    assert!(reaches(&app, &ada, "Held back", "failed").await);
    let held = listed(&app, &ada, "Held back").await?;
    assert_eq!(
        held["last_error"],
        "Pat no longer holds the poster role in Discord, so Liner did not send this post. An admin can send it again (Retry) or delete it."
    );
    assert_eq!(app.fake().sends(), 0, "nothing was sent");
    // What the check found holds for Pat's sessions too: signed out everywhere.
    let (status, _) = app.call(&pat, "/api/posts", json!({})).await?;
    assert_eq!(status, 401);
    // An admin who sends it again vouches for it: Ada's roles are what count now.
    let id = held["id"].clone();
    let (status, body) = app
        .call(&ada, "/api/posts/retry", json!({"id": id}))
        .await?;
    assert_eq!(status, 200, "{body}");
    assert!(reaches(&app, &ada, "Held back", "published").await);
    assert_eq!(app.fake().messages().len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_forum_channel_post_starts_a_thread_named_after_it() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    // The sandbox's forum channel, seeded after the webhooks and the bot's channel.
    let d = PostBuilder::new("Heligoland").channel(5).json();
    app.call(&pat, "/api/posts/publish", crate::common::request(&d, None))
        .await?;
    assert!(reaches(&app, &pat, "Heligoland", "published").await);
    let messages = app.fake().messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].channel_name, "release-threads");
    assert_eq!(messages[0].body.thread_name.as_deref(), Some("Heligoland"));
    // Discord refuses a forum send without a thread name, and a thread name elsewhere.
    let send = |url: String, body: serde_json::Value| async move {
        TestApp::client()
            .post(url)
            .json(&body)
            .send()
            .await
            .map(|r| r.status())
    };
    let forum = app.url("/sandbox/discord/api/v10/webhooks/500000000000000005/sandbox-release-threads-webhook-token?wait=true");
    assert_eq!(send(forum, json!({"content": "hi"})).await?, 400);
    let text = app.url("/sandbox/discord/api/v10/webhooks/500000000000000001/sandbox-releases-webhook-token?wait=true");
    assert_eq!(
        send(text, json!({"content": "hi", "thread_name": "x"})).await?,
        400
    );
    Ok(())
}

#[tokio::test]
async fn a_broken_channel_is_listed_with_its_reason_and_refuses_posts() -> TestResult {
    let app = TestApp::start().await?;
    let archive = ChannelBuilder::webhook("archive")
        .broken("Unknown Webhook")
        .insert(&app)
        .await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (_, channels) = app.call(&pat, "/api/channels", json!({})).await?;
    let listed = channels
        .as_array()
        .and_then(|l| l.iter().find(|c| c["id"] == archive).cloned())
        .unwrap_or_default();
    assert_eq!(listed["name"], "archive", "{channels}");
    assert_eq!(listed["broken"], "Unknown Webhook");

    let (status, body) = app
        .call(
            &pat,
            "/api/posts/publish",
            PostBuilder::new("Nowhere").channel(archive).request(),
        )
        .await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["Invalid"][0]["field"], "channel");
    assert_eq!(
        body["Invalid"][0]["message"],
        "#archive cannot take posts: its webhook no longer works. Choose another channel, or ask an admin to set it again."
    );
    let (_, posts) = app.call(&pat, "/api/posts", json!({})).await?;
    assert_eq!(posts["posts"], json!([]), "nothing is stored");
    assert_eq!(app.fake().sends(), 0, "nothing reaches Discord");
    Ok(())
}
