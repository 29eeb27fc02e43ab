//! The admin pages' server functions: one guard for all of them (posters get 403, strangers
//! 401), channels added, renamed, disabled, enabled and removed with their checks, members
//! signed out everywhere, and an audit log that outlives what it names.

use crate::common::{
    audit, draft, newest_notice_becomes, reaches, request, schedule_many, viewer_id, PostBuilder,
    TestApp, TestResult,
};
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::sandbox::identity::{OTHER_GUILD_WEBHOOK, SPARE_WEBHOOK_URL};
use std::time::Duration;

/// Every admin server function with a harmless body.
fn admin_calls() -> Vec<(&'static str, Value)> {
    vec![
        ("/api/admin/channels", json!({})),
        (
            "/api/admin/channels/add-webhook",
            json!({"name": "x", "webhook": SPARE_WEBHOOK_URL}),
        ),
        (
            "/api/admin/channels/add-bot",
            json!({"name": "x", "channel_id": "400000000000000004"}),
        ),
        (
            "/api/admin/channels/rename",
            json!({"id": 2, "name": "renamed"}),
        ),
        (
            "/api/admin/channels/enable",
            json!({"id": 2, "enabled": false}),
        ),
        (
            "/api/admin/channels/identity",
            json!({"id": 2, "identity": {"username": "Radar"}}),
        ),
        ("/api/admin/channels/remove", json!({"id": 3})),
        ("/api/admin/channels/bot-choices", json!({})),
        ("/api/admin/members", json!({})),
        ("/api/admin/members/sign-out", json!({"member": 999})),
        ("/api/admin/audit", json!({"query": {}})),
        ("/api/admin/settings", json!({})),
        ("/api/admin/system", json!({})),
        ("/api/admin/settings/approvals", json!({"on": false})),
        ("/api/admin/approvals", json!({})),
        ("/api/admin/approvals/count", json!({})),
        (
            "/api/admin/approvals/approve",
            json!({"id": 999, "revision": 1, "when": null}),
        ),
        (
            "/api/admin/approvals/send-back",
            json!({"id": 999, "revision": 1, "comment": "no"}),
        ),
    ]
}

#[tokio::test]
async fn every_admin_function_refuses_posters_and_strangers_and_changes_nothing() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    let stranger = TestApp::client();
    let (_, before) = app.call(&ada, "/api/admin/channels", json!({})).await?;
    for (endpoint, body) in admin_calls() {
        let (status, answer) = app.call(&stranger, endpoint, body.clone()).await?;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{endpoint} signed out: {answer}"
        );
        let (status, answer) = app.call(&pat, endpoint, body.clone()).await?;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{endpoint} as a poster: {answer}"
        );
        assert_eq!(answer, json!("AdminsOnly"), "{endpoint}");
    }
    let (_, after) = app.call(&ada, "/api/admin/channels", json!({})).await?;
    assert_eq!(before, after, "nothing changed");
    // A poster cannot end an admin's sessions either.
    let ada_id = viewer_id(&app, &ada).await?;
    let (status, _) = app
        .call(
            &pat,
            "/api/admin/members/sign-out",
            json!({"member": ada_id}),
        )
        .await?;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.call(&ada, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::OK);
    // The export is guarded the same way.
    let csv = |c: &reqwest::Client| c.get(app.url("/admin/audit.csv")).send();
    assert_eq!(csv(&stranger).await?.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(csv(&pat).await?.status(), StatusCode::FORBIDDEN);
    assert_eq!(csv(&ada).await?.status(), StatusCode::OK);
    // And an admin gets past the guard of every one.
    for (endpoint, body) in admin_calls() {
        let (status, answer) = app.call(&ada, endpoint, body).await?;
        assert!(
            status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
            "{endpoint} as an admin: {status} {answer}"
        );
    }
    Ok(())
}

fn channel<'a>(list: &'a Value, name: &str) -> Option<&'a Value> {
    list.as_array()?.iter().find(|c| c["name"] == name)
}

fn kinds(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .filter_map(|e| e["kind"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn an_admin_adds_a_webhook_channel_and_a_poster_publishes_to_it() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (status, added) = app
        .call(
            &ada,
            "/api/admin/channels/add-webhook",
            json!({"name": "#new-releases", "webhook": SPARE_WEBHOOK_URL}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["name"], "new-releases");
    assert_eq!(added["kind"], "webhook");
    assert_eq!(added["discord_channel_id"], "400000000000000006");
    assert_eq!(added["webhook_hint"], "…0006");
    assert_eq!(added["state"], "working");
    // The URL is never sent back.
    let (_, list) = app.call(&ada, "/api/admin/channels", json!({})).await?;
    assert!(!list
        .to_string()
        .contains("sandbox-new-releases-webhook-token"));

    let (_, picker) = app.call(&pat, "/api/channels", json!({})).await?;
    let id = channel(&picker, "new-releases")
        .map(|c| c["id"].clone())
        .ok_or("not in the picker")?;
    let post = PostBuilder::new("Protection").json();
    let mut post = post;
    post["schedule"]["channel_id"] = id;
    let (status, body) = app
        .call(&pat, "/api/posts/publish", request(&post, None))
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(reaches(&app, &pat, "Protection", "published").await);
    let arrived = app.fake().messages();
    assert!(
        arrived.iter().any(|m| m.channel_name == "new-releases"),
        "the message arrived in #new-releases"
    );

    let (_, list) = app.call(&ada, "/api/admin/channels", json!({})).await?;
    let row = channel(&list, "new-releases").ok_or("listed")?;
    assert_eq!(row["posts_sent"], 1);
    assert!(row["last_sent"].is_string());
    let log = audit(&app, &ada, json!({"group": "channels"})).await?;
    assert_eq!(log[0]["kind"], "channel_added");
    assert_eq!(log[0]["actor_name"], "Ada");
    assert_eq!(log[0]["channel_name"], "new-releases");
    Ok(())
}

#[tokio::test]
async fn bad_channel_input_is_refused_next_to_its_field_and_changes_nothing() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (_, before) = app.call(&ada, "/api/admin/channels", json!({})).await?;
    let other_guild = format!(
        "https://discord.com/api/webhooks/{}/{}",
        OTHER_GUILD_WEBHOOK.webhook_id, OTHER_GUILD_WEBHOOK.webhook_token
    );
    let long = "x".repeat(101);
    for (body, field, says) in [
        (
            json!({"name": "n", "webhook": "not a url"}),
            "webhook",
            "That is not a URL",
        ),
        (
            json!({"name": "n", "webhook": "https://evil.example/api/webhooks/1/x"}),
            "webhook",
            "https://discord.com/api/webhooks/",
        ),
        (
            json!({"name": "n", "webhook": other_guild}),
            "webhook",
            "another Discord server",
        ),
        (
            json!({"name": "n", "webhook": "https://discord.com/api/webhooks/1/unknown"}),
            "webhook",
            "did not accept",
        ),
        (
            json!({"name": long, "webhook": SPARE_WEBHOOK_URL}),
            "name",
            "at most 100 characters",
        ),
        (
            json!({"name": " # ", "webhook": SPARE_WEBHOOK_URL}),
            "name",
            "Give the channel a name",
        ),
        (
            json!({"name": "releases", "webhook": SPARE_WEBHOOK_URL}),
            "name",
            "already a channel named #releases",
        ),
    ] {
        let (status, answer) = app
            .call(&ada, "/api/admin/channels/add-webhook", body.clone())
            .await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {answer}");
        let invalid = &answer["FieldInvalid"];
        assert_eq!(invalid["field"], field, "{body}: {answer}");
        assert!(
            invalid["message"]
                .as_str()
                .is_some_and(|m| m.contains(says)),
            "{body}: {answer}"
        );
    }
    let (status, answer) = app
        .call(
            &ada,
            "/api/admin/channels/add-bot",
            json!({"name": "n", "channel_id": "12ab"}),
        )
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["FieldInvalid"]["field"], "channel_id", "{answer}");
    for (endpoint, body) in [
        (
            "/api/admin/channels/rename",
            json!({"id": 999, "name": "x"}),
        ),
        (
            "/api/admin/channels/enable",
            json!({"id": 999, "enabled": false}),
        ),
        ("/api/admin/channels/remove", json!({"id": 999})),
    ] {
        let (status, answer) = app.call(&ada, endpoint, body).await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{endpoint}: {answer}");
        assert!(
            answer.to_string().contains("not found"),
            "{endpoint}: {answer}"
        );
    }
    let (status, answer) = app
        .call(
            &ada,
            "/api/admin/channels/rename",
            json!({"id": 2, "name": "releases"}),
        )
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["FieldInvalid"]["field"], "name");
    let (_, after) = app.call(&ada, "/api/admin/channels", json!({})).await?;
    assert_eq!(before, after, "nothing changed");
    assert!(audit(&app, &ada, json!({"group": "channels"}))
        .await?
        .is_empty());
    Ok(())
}

#[tokio::test]
async fn a_renamed_channel_keeps_its_posts_and_the_log_says_so() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (status, answer) = app
        .call(
            &ada,
            "/api/admin/channels/rename",
            json!({"id": 2, "name": "#news-desk"}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, list) = app.call(&ada, "/api/admin/channels", json!({})).await?;
    assert!(channel(&list, "news-desk").is_some());
    assert!(channel(&list, "announcements").is_none());
    let log = audit(&app, &ada, json!({"channel": 2})).await?;
    assert_eq!(log[0]["kind"], "channel_changed");
    assert_eq!(log[0]["detail"], "renamed #announcements to #news-desk");
    Ok(())
}

#[tokio::test]
async fn a_disabled_channel_leaves_the_picker_and_its_due_posts_wait_until_it_is_enabled(
) -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    let pat_id = viewer_id(&app, &pat).await?;
    // Due in a moment, to #singles (3).
    let due = server::db::now_ms() + 1_500;
    schedule_many(&app, pat_id, "Held", 1, &[3], due).await?;
    let (status, answer) = app
        .call(
            &ada,
            "/api/admin/channels/enable",
            json!({"id": 3, "enabled": false}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{answer}");

    let (_, picker) = app.call(&pat, "/api/channels", json!({})).await?;
    assert!(channel(&picker, "singles").is_none(), "{picker}");
    let (status, answer) = app
        .call(
            &pat,
            "/api/posts/publish",
            PostBuilder::new("Elsewhere").channel(3).request(),
        )
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(
        answer.to_string().contains("#singles is disabled"),
        "{answer}"
    );

    // When due, it waits with the reason and sends nothing.
    let waiting = newest_notice_becomes(&app, &pat, |n| {
        n.as_str()
            .is_some_and(|n| n.contains("#singles is disabled"))
    })
    .await;
    assert!(waiting, "the post says why it waits");
    assert!(app.fake().messages().is_empty());
    let (_, list) = app.call(&ada, "/api/admin/channels", json!({})).await?;
    assert_eq!(
        channel(&list, "singles").map(|c| c["state"].clone()),
        Some(json!("disabled"))
    );

    app.call(
        &ada,
        "/api/admin/channels/enable",
        json!({"id": 3, "enabled": true}),
    )
    .await?;
    assert!(
        reaches(&app, &pat, "Held #000", "published").await,
        "it goes out once enabled"
    );
    let log = kinds(&audit(&app, &ada, json!({"channel": 3})).await?);
    assert!(
        log.contains(&"channel_disabled".to_string())
            && log.contains(&"channel_enabled".to_string()),
        "{log:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_channel_with_scheduled_posts_cannot_be_removed() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (status, post) = app
        .call(
            &pat,
            "/api/posts/publish",
            PostBuilder::new("Later Days")
                .channel(3)
                .at("2099-06-01T09:00", "UTC")
                .request(),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{post}");
    let (status, answer) = app
        .call(&ada, "/api/admin/channels/remove", json!({"id": 3}))
        .await?;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(
        answer.to_string().contains("“Later Days”"),
        "names the post: {answer}"
    );
    let (_, list) = app.call(&ada, "/api/admin/channels", json!({})).await?;
    assert_eq!(
        channel(&list, "singles").map(|c| c["scheduled"].clone()),
        Some(json!(1))
    );

    app.call(&pat, "/api/posts/delete", json!({"id": post["id"]}))
        .await?;
    let (status, answer) = app
        .call(&ada, "/api/admin/channels/remove", json!({"id": 3}))
        .await?;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, list) = app.call(&ada, "/api/admin/channels", json!({})).await?;
    assert!(channel(&list, "singles").is_none());
    let (_, picker) = app.call(&pat, "/api/channels", json!({})).await?;
    assert!(channel(&picker, "singles").is_none());
    let log = audit(&app, &ada, json!({"group": "channels"})).await?;
    assert_eq!(log[0]["kind"], "channel_removed");
    assert_eq!(log[0]["channel_name"], "singles");
    Ok(())
}

#[tokio::test]
async fn an_admin_signs_a_member_out_everywhere() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat_phone, _) = app.sign_in("pat").await?;
    let (pat_laptop, _) = app.sign_in("pat").await?;
    let pat_id = viewer_id(&app, &pat_phone).await?;
    app.call(
        &pat_phone,
        "/api/drafts/save",
        request(&draft("Dummy"), None),
    )
    .await?;

    let (_, members) = app.call(&ada, "/api/admin/members", json!({})).await?;
    let pat = members["members"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["name"] == "Pat"))
        .cloned()
        .ok_or("Pat is listed")?;
    assert_eq!(pat["role"], "poster");
    assert_eq!(pat["signed_in_sessions"], 2);
    assert_eq!(pat["posts"]["drafts"], 1);
    assert!(pat["last_sign_in"].is_string() && pat["role_checked_at"].is_string());
    assert!(members["admin_roles"]
        .as_array()
        .is_some_and(|r| !r.is_empty()));

    // Pat's open page is streaming his posts' changes.
    let mut stream = pat_laptop.get(app.url("/events/posts")).send().await?;
    assert_eq!(stream.status(), StatusCode::OK);
    let mut ada_stream = ada.get(app.url("/events/posts")).send().await?;

    let (status, ended) = app
        .call(
            &ada,
            "/api/admin/members/sign-out",
            json!({"member": pat_id}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{ended}");
    assert_eq!(ended, 2);
    // The stream closes at once, and Ada's stays open.
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        while let Ok(Some(_)) = stream.chunk().await {}
    })
    .await;
    assert!(closed.is_ok(), "Pat's event stream was closed");
    let still = tokio::time::timeout(Duration::from_millis(300), async {
        while let Ok(Some(_)) = ada_stream.chunk().await {}
    })
    .await;
    assert!(still.is_err(), "Ada's stream is still open");
    for client in [&pat_phone, &pat_laptop] {
        let (status, _) = app.call(client, "/api/posts", json!({})).await?;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "the session has ended");
    }
    let (status, _) = app.call(&ada, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::OK, "others stay signed in");
    let log = audit(&app, &ada, json!({"member": pat_id, "group": "members"})).await?;
    assert_eq!(log[0]["kind"], "member_signed_out_everywhere");
    assert_eq!(log[0]["member_name"], "Pat");
    assert_eq!(log[0]["detail"], "2 sessions ended");
    let (status, answer) = app
        .call(&ada, "/api/admin/members/sign-out", json!({"member": 999}))
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    // Pat can sign in again.
    let (pat_again, _) = app.sign_in("pat").await?;
    let (status, _) = app.call(&pat_again, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::OK);
    Ok(())
}

#[tokio::test]
async fn the_audit_log_keeps_a_deleted_posts_history() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    let d = PostBuilder::new("Mezzanine")
        .at("2099-06-01T09:00", "UTC")
        .json();
    let (_, saved) = app
        .call(&pat, "/api/drafts/save", request(&d, None))
        .await?;
    let id = saved["Saved"]["post_id"].clone();
    let (status, scheduled) = app
        .call(&pat, "/api/posts/publish", request(&d, Some(1)))
        .await?;
    assert_eq!(status, StatusCode::OK, "{scheduled}");
    let (status, _) = app
        .call(&pat, "/api/posts/delete", json!({"id": id}))
        .await?;
    assert_eq!(status, StatusCode::OK);

    let entries = audit(&app, &ada, json!({"post": id})).await?;
    assert_eq!(
        kinds(&entries),
        ["post_deleted", "post_scheduled", "post_created"]
    );
    for e in &entries {
        assert_eq!(e["post_title"], "Mezzanine");
        assert_eq!(e["actor_name"], "Pat");
        assert_eq!(e["channel_name"], "releases");
    }
    assert_eq!(entries[1]["detail"], "for 2099-06-01 09:00 (UTC)");

    // The post is gone for its author and every list, and a deleted post's page tells admins.
    let (status, _) = app
        .call(&pat, "/api/posts/detail", json!({"id": id}))
        .await?;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = app.call(&ada, "/api/posts", json!({})).await?;
    assert_eq!(list["posts"].as_array().map(Vec::len), Some(0), "{list}");
    let (status, detail) = app
        .call(&ada, "/api/posts/detail", json!({"id": id}))
        .await?;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["deleted"]["by"], "Pat");
    assert_eq!(detail["history"].as_array().map(Vec::len), Some(3));
    // Neither a save nor a publish of its draft brings it back.
    let (_, again) = app
        .call(&pat, "/api/drafts/save", request(&d, Some(2)))
        .await?;
    assert_eq!(again, json!({"Gone": "deleted"}));
    let (status, answer) = app
        .call(&pat, "/api/posts/publish", request(&d, Some(2)))
        .await?;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    // Entries cannot be changed or removed, even from SQL.
    assert!(app
        .exec_sql("UPDATE audit_log SET actor_name = 'Eve'".into())
        .await
        .is_err());
    assert!(app.exec_sql("DELETE FROM audit_log".into()).await.is_err());
    assert_eq!(audit(&app, &ada, json!({"post": id})).await?.len(), 3);
    Ok(())
}

#[tokio::test]
async fn the_log_records_publishing_and_is_filtered_and_exported() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    let pat_id = viewer_id(&app, &pat).await?;
    let title = "=HYPERLINK(\"http://evil.example\",\"Blue, Lines\")";
    let (status, body) = app
        .call(
            &pat,
            "/api/posts/publish",
            PostBuilder::new(title).request(),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(reaches(&app, &pat, title, "published").await);
    let id = body["id"].clone();
    // The author sees their post's history on its page.
    let (_, detail) = app
        .call(&pat, "/api/posts/detail", json!({"id": id}))
        .await?;
    let history = detail["history"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        kinds(&history),
        ["post_created", "post_scheduled", "post_published"]
    );
    assert_eq!(history[2]["actor_name"], "Liner");

    let mine = audit(&app, &ada, json!({"member": pat_id, "group": "posts"})).await?;
    assert_eq!(
        kinds(&mine),
        ["post_scheduled", "post_created"],
        "Liner's own entry is not Pat's"
    );
    let sign_ins = audit(&app, &ada, json!({"group": "members"})).await?;
    assert_eq!(kinds(&sign_ins), ["member_signed_in", "member_signed_in"]);
    let none = audit(&app, &ada, json!({"until": "2000-01-01T00:00:00Z"})).await?;
    assert!(none.is_empty());

    let resp = ada
        .get(app.url(&format!("/admin/audit.csv?post={id}")))
        .send()
        .await?;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp
        .headers()
        .get("content-type")
        .is_some_and(|v| v.as_bytes().starts_with(b"text/csv")));
    let csv = resp.text().await?;
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Blue, Lines\"\")\""),
        "{csv}"
    );
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
    let bad = ada
        .get(app.url("/admin/audit.csv?since=yesterday"))
        .send()
        .await?;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    Ok(())
}

#[tokio::test]
async fn replacing_a_webhook_mends_the_channel_and_its_posts_keep_the_old_one_for_their_messages(
) -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    let teardrop = PostBuilder::new("Teardrop").channel(2).json();
    let (_, sent) = app
        .call(&pat, "/api/posts/publish", request(&teardrop, None))
        .await?;
    assert!(reaches(&app, &pat, "Teardrop", "published").await);
    let broken = crate::common::ChannelBuilder::webhook("archive")
        .broken("Unknown Webhook")
        .insert(&app)
        .await?;

    let (status, replaced) = app
        .call(
            &ada,
            "/api/admin/channels/replace-webhook",
            json!({"id": 2, "webhook": SPARE_WEBHOOK_URL}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{replaced}");
    assert_eq!(replaced["kept_old_webhook"], json!(["Teardrop"]));
    assert_eq!(replaced["channel"]["webhook_hint"], "…0006");
    assert_eq!(
        replaced["channel"]["discord_channel_id"],
        "400000000000000006"
    );
    let log = audit(&app, &ada, json!({"channel": 2, "group": "channels"})).await?;
    assert!(
        log[0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("the old one kept for the 1 published post(s) it sent")),
        "{log:?}"
    );
    // Discord lets only the webhook that sent it change the message: the old one still does.
    let (_, stored) = app
        .call(&pat, "/api/drafts/get", json!({"id": sent["id"]}))
        .await?;
    let mut edited = teardrop.clone();
    edited["body"]["description"] = json!("Now remastered");
    let (status, updated) = app
        .call(
            &pat,
            "/api/posts/update",
            request(&edited, stored["revision"].as_i64()),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{updated}");
    let message = app
        .fake()
        .messages()
        .into_iter()
        .find(|m| m.body.embeds.first().and_then(|e| e.title.as_deref()) == Some("Teardrop"))
        .ok_or("Teardrop's message")?;
    assert!(message.edited.is_some(), "edited by the old webhook");
    // A second replacement leaves the post with the webhook that sent it.
    let (_, again) = app
        .call(
            &ada,
            "/api/admin/channels/replace-webhook",
            json!({"id": 2, "webhook": SPARE_WEBHOOK_URL}),
        )
        .await?;
    assert_eq!(again["kept_old_webhook"], json!([]), "{again}");

    let (status, mended) = app
        .call(
            &ada,
            "/api/admin/channels/replace-webhook",
            json!({"id": broken, "webhook": SPARE_WEBHOOK_URL}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{mended}");
    assert_eq!(mended["channel"]["state"], "working");
    assert_eq!(mended["kept_old_webhook"], json!([]));

    let (status, answer) = app
        .call(
            &ada,
            "/api/admin/channels/replace-webhook",
            json!({"id": 4, "webhook": SPARE_WEBHOOK_URL}),
        )
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(answer.to_string().contains("bot channel"), "{answer}");
    let (status, answer) = app
        .call(
            &ada,
            "/api/admin/channels/replace-webhook",
            json!({"id": 1, "webhook": "https://discord.com/api/webhooks/1/unknown"}),
        )
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["FieldInvalid"]["field"], "webhook");
    let (_, list) = app.call(&ada, "/api/admin/channels", json!({})).await?;
    assert_eq!(
        channel(&list, "releases").map(|c| c["webhook_hint"].clone()),
        Some(json!("…0001")),
        "unchanged"
    );
    Ok(())
}

#[tokio::test]
async fn a_channels_sender_and_a_posts_own_arrive_with_its_message() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    let radar = json!({"username": "Release Radar", "avatar_url": "https://example.com/radar.png"});
    let (status, answer) = app
        .call(
            &ada,
            "/api/admin/channels/identity",
            json!({"id": 1, "identity": radar}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, picker) = app.call(&pat, "/api/channels", json!({})).await?;
    assert_eq!(
        channel(&picker, "releases").map(|c| c["identity"].clone()),
        Some(radar.clone())
    );

    app.call(
        &pat,
        "/api/posts/publish",
        PostBuilder::new("Dummy").request(),
    )
    .await?;
    let mut own = PostBuilder::new("Roads").json();
    own["body"]["identity"] = json!({"username": "Pat's Picks"});
    app.call(&pat, "/api/posts/publish", request(&own, None))
        .await?;
    let mut bot = PostBuilder::new("Glory Box").channel(4).json();
    bot["body"]["identity"] = json!({"username": "Ignored"});
    app.call(&pat, "/api/posts/publish", request(&bot, None))
        .await?;
    for title in ["Dummy", "Roads", "Glory Box"] {
        assert!(reaches(&app, &pat, title, "published").await, "{title}");
    }
    let sent = app.fake().messages();
    let by_title = |t: &str| {
        sent.iter()
            .find(|m| m.body.embeds.first().and_then(|e| e.title.as_deref()) == Some(t))
            .cloned()
    };
    let dummy = by_title("Dummy").ok_or("Dummy arrived")?;
    assert_eq!(dummy.username, "Release Radar");
    assert_eq!(
        dummy.body.avatar_url.as_deref(),
        Some("https://example.com/radar.png")
    );
    let roads = by_title("Roads").ok_or("Roads arrived")?;
    assert_eq!(roads.username, "Pat's Picks", "the post's own name wins");
    assert_eq!(
        roads.body.avatar_url.as_deref(),
        Some("https://example.com/radar.png"),
        "the channel's avatar stays"
    );
    let glory = by_title("Glory Box").ok_or("Glory Box arrived")?;
    assert_eq!(glory.body.username, None, "a bot posts as itself");

    let log = audit(&app, &ada, json!({"channel": 1, "group": "channels"})).await?;
    assert_eq!(
        log[0]["detail"],
        "messages appear as “Release Radar”, with a new avatar"
    );
    Ok(())
}

#[tokio::test]
async fn a_sender_discord_would_refuse_is_refused_next_to_its_field() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    for (identity, field) in [
        (json!({"username": "Discord Updates"}), "username"),
        (json!({"username": "x".repeat(81)}), "username"),
        (
            json!({"avatar_url": "http://example.com/a.png"}),
            "avatar_url",
        ),
    ] {
        let (status, answer) = app
            .call(
                &ada,
                "/api/admin/channels/identity",
                json!({"id": 1, "identity": identity}),
            )
            .await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert_eq!(answer["FieldInvalid"]["field"], field, "{answer}");
    }
    let (status, answer) = app
        .call(
            &ada,
            "/api/admin/channels/identity",
            json!({"id": 4, "identity": {"username": "News"}}),
        )
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(answer.to_string().contains("bot channel"));
    let (_, list) = app.call(&ada, "/api/admin/channels", json!({})).await?;
    assert_eq!(
        channel(&list, "releases").map(|c| c["identity"].clone()),
        Some(json!({"username": "", "avatar_url": ""}))
    );

    let mut post = PostBuilder::new("Clyde's Album").json();
    post["body"]["identity"] = json!({"username": "clyde"});
    let (status, answer) = app
        .call(&pat, "/api/posts/publish", request(&post, None))
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["Invalid"][0]["field"], "username", "{answer}");
    assert!(app.fake().messages().is_empty());
    Ok(())
}

#[tokio::test]
async fn bot_channels_are_picked_from_the_channels_the_bot_can_post_in() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (status, choices) = app
        .call(&ada, "/api/admin/channels/bot-choices", json!({}))
        .await?;
    assert_eq!(status, StatusCode::OK, "{choices}");
    assert_eq!(choices["bot_configured"], true);
    let listed: Vec<(String, bool)> = choices["channels"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|c| Some((c["name"].as_str()?.to_string(), c["added"].as_bool()?)))
                .collect()
        })
        .unwrap_or_default();
    let names: Vec<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    for offered in [
        "releases",
        "announcements",
        "singles",
        "new-releases",
        "news",
    ] {
        assert!(names.contains(&offered), "{offered} in {names:?}");
    }
    for refused in ["release-threads", "rules", "Listening party"] {
        assert!(
            !names.contains(&refused),
            "{refused} (forum, read-only, voice) in {names:?}"
        );
    }
    assert!(
        listed.contains(&("news".to_string(), true)),
        "#news is added already"
    );

    let (status, added) = app
        .call(
            &ada,
            "/api/admin/channels/add-bot",
            json!({"name": "bot-new-releases", "channel_id": "400000000000000006"}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["kind"], "bot");
    assert_eq!(
        added["discord_name"], "new-releases",
        "the name Discord gives"
    );

    for (channel_id, says) in [
        ("400000000000000008", "not a text or announcement channel"),
        ("400000000000000099", "not in the Discord server"),
    ] {
        let (status, answer) = app
            .call(
                &ada,
                "/api/admin/channels/add-bot",
                json!({"name": "nope", "channel_id": channel_id}),
            )
            .await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert_eq!(answer["FieldInvalid"]["field"], "channel_id", "{answer}");
        assert!(answer.to_string().contains(says), "{answer}");
    }
    Ok(())
}
