//! Approvals: with the setting on, a poster's publish is a submission that waits for an admin,
//! who approves it (it goes out now or at its time) or sends it back with a comment; an edit
//! withdraws a submission or an approval; every step is in the audit log.

use crate::common::{reaches, request, status_of, PostBuilder, TestApp, TestResult};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn approvals(app: &TestApp, admin: &Client, on: bool) -> TestResult {
    let (status, body) = app
        .call(admin, "/api/admin/settings/approvals", json!({"on": on}))
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["approvals"], on);
    Ok(())
}

/// The queue as the admin sees it.
async fn queue(app: &TestApp, admin: &Client) -> Result<Vec<Value>, Box<dyn std::error::Error>> {
    let (status, body) = app.call(admin, "/api/admin/approvals", json!({})).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    Ok(body.as_array().cloned().unwrap_or_default())
}

/// The post's page as `client` sees it.
async fn detail(
    app: &TestApp,
    client: &Client,
    id: &Value,
) -> Result<Value, Box<dyn std::error::Error>> {
    let (status, body) = app
        .call(client, "/api/posts/detail", json!({"id": id}))
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    Ok(body)
}

fn kinds(detail: &Value) -> Vec<String> {
    detail["history"]
        .as_array()
        .map(|h| {
            h.iter()
                .filter_map(|e| e["kind"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_posters_publish_waits_for_an_admin_who_approves_it_and_it_arrives() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    approvals(&app, &ada, true).await?;
    let (_, session) = app.call(&pat, "/api/session", json!({})).await?;
    assert_eq!(session["approvals"], true, "{session}");

    let (status, submitted) = app
        .call(
            &pat,
            "/api/posts/publish",
            PostBuilder::new("Mezzanine").request(),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    assert_eq!(submitted["status"], "draft");
    assert_eq!(submitted["approval"]["stage"], "submitted");
    assert_eq!(submitted["approval"]["by"], "Pat");
    let id = submitted["id"].clone();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(app.fake().messages().is_empty(), "nothing went out");

    let (_, count) = app
        .call(&ada, "/api/admin/approvals/count", json!({}))
        .await?;
    assert_eq!(count, 1);
    let waiting = queue(&app, &ada).await?;
    assert_eq!(waiting.len(), 1);
    let item = &waiting[0];
    assert_eq!(item["author"], "Pat");
    assert_eq!(item["post"]["title"], "Mezzanine");
    assert_eq!(item["message"]["embeds"][0]["title"], "Mezzanine");
    assert_eq!(item["asked_time_passed"], false);
    let revision = item["revision"].as_i64().ok_or("a revision")?;

    // An approval of another revision than the one reviewed is refused.
    let (status, body) = app
        .call(
            &ada,
            "/api/admin/approvals/approve",
            json!({"id": id, "revision": revision - 1, "when": null}),
        )
        .await?;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = app
        .call(
            &ada,
            "/api/admin/approvals/approve",
            json!({"id": id, "revision": revision, "when": null}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(reaches(&app, &pat, "Mezzanine", "published").await);
    assert_eq!(app.fake().messages().len(), 1);
    assert!(queue(&app, &ada).await?.is_empty());

    // Approving twice does nothing more.
    let (status, _) = app
        .call(
            &ada,
            "/api/admin/approvals/approve",
            json!({"id": id, "revision": revision, "when": null}),
        )
        .await?;
    assert_eq!(status, StatusCode::CONFLICT);

    let seen = detail(&app, &pat, &id).await?;
    assert_eq!(seen["post"]["approval"]["stage"], "approved");
    assert_eq!(seen["post"]["approval"]["by"], "Ada");
    let history = kinds(&seen);
    for kind in ["post_submitted", "post_approved", "post_published"] {
        assert!(history.iter().any(|k| k == kind), "{kind} in {history:?}");
    }
    let (_, log) = app
        .call(
            &ada,
            "/api/admin/audit",
            json!({"query": {"group": "settings"}}),
        )
        .await?;
    assert_eq!(log["entries"][0]["kind"], "setting_changed");
    assert_eq!(log["entries"][0]["detail"], "approvals on");
    Ok(())
}

#[tokio::test]
async fn an_admin_sends_a_post_back_with_a_comment_its_poster_reads() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    approvals(&app, &ada, true).await?;
    let post = PostBuilder::new("Blue Lines").json();
    let (_, submitted) = app
        .call(&pat, "/api/posts/publish", request(&post, None))
        .await?;
    let id = submitted["id"].clone();
    let revision = queue(&app, &ada).await?[0]["revision"].clone();

    let send_back = |comment: &str| json!({"id": id, "revision": revision, "comment": comment});
    let (status, body) = app
        .call(&ada, "/api/admin/approvals/send-back", send_back("  "))
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["FieldInvalid"]["field"], "comment");
    let long = "x".repeat(1001);
    let (status, body) = app
        .call(&ada, "/api/admin/approvals/send-back", send_back(&long))
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(queue(&app, &ada).await?.len(), 1, "still waiting");

    let (status, body) = app
        .call(
            &ada,
            "/api/admin/approvals/send-back",
            send_back("The release date is wrong."),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let seen = detail(&app, &pat, &id).await?;
    let approval = &seen["post"]["approval"];
    assert_eq!(approval["stage"], "sent_back");
    assert_eq!(approval["by"], "Ada");
    assert_eq!(approval["comment"], "The release date is wrong.");
    assert!(kinds(&seen).iter().any(|k| k == "post_sent_back"));
    assert!(queue(&app, &ada).await?.is_empty());
    assert!(app.fake().messages().is_empty());

    // The comment stays while Pat edits, and submitting again puts it back in the queue.
    let mut edited = post.clone();
    edited["release"]["release_date"] = json!("1991-04-08");
    let (_, saved) = app
        .call(
            &pat,
            "/api/drafts/save",
            request(&edited, seen_revision(&app, &pat, &id).await?),
        )
        .await?;
    let revision = saved["Saved"]["revision"].as_i64().ok_or("saved")?;
    let seen = detail(&app, &pat, &id).await?;
    assert_eq!(seen["post"]["approval"]["stage"], "sent_back");
    let (status, again) = app
        .call(&pat, "/api/posts/publish", request(&edited, Some(revision)))
        .await?;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["approval"]["stage"], "submitted");
    assert_eq!(queue(&app, &ada).await?.len(), 1);
    Ok(())
}

/// The revision the composer would hold for the post.
async fn seen_revision(
    app: &TestApp,
    client: &Client,
    id: &Value,
) -> Result<Option<i64>, Box<dyn std::error::Error>> {
    let (_, stored) = app
        .call(client, "/api/drafts/get", json!({"id": id}))
        .await?;
    Ok(stored["revision"].as_i64())
}

#[tokio::test]
async fn an_approved_post_edited_by_its_poster_needs_approval_again() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    approvals(&app, &ada, true).await?;
    let post = PostBuilder::new("Heligoland")
        .at("2099-02-08T10:00", "Europe/London")
        .json();
    let (_, submitted) = app
        .call(&pat, "/api/posts/publish", request(&post, None))
        .await?;
    let id = submitted["id"].clone();
    let item = queue(&app, &ada).await?.remove(0);
    assert!(
        item["post"]["scheduled_at"].is_string(),
        "the asked time is kept"
    );
    let (status, approved) = app
        .call(
            &ada,
            "/api/admin/approvals/approve",
            json!({"id": id, "revision": item["revision"], "when": null}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["status"], "scheduled");
    assert_eq!(
        approved["scheduled_at"], item["post"]["scheduled_at"],
        "at the time Pat asked for"
    );

    let mut edited = post.clone();
    edited["body"]["description"] = json!("Now with a bonus disc");
    let revision = seen_revision(&app, &pat, &id).await?;
    let (_, saved) = app
        .call(&pat, "/api/drafts/save", request(&edited, revision))
        .await?;
    assert!(saved["Saved"].is_object(), "{saved}");
    let seen = detail(&app, &pat, &id).await?;
    assert_eq!(seen["post"]["status"], "draft", "off the schedule");
    assert!(
        seen["post"]["approval"].is_null(),
        "the approval is withdrawn"
    );
    let revision = saved["Saved"]["revision"].as_i64();
    let (_, again) = app
        .call(&pat, "/api/posts/publish", request(&edited, revision))
        .await?;
    assert_eq!(again["status"], "draft");
    assert_eq!(again["approval"]["stage"], "submitted");
    Ok(())
}

#[tokio::test]
async fn a_passed_asked_time_needs_the_admin_to_choose_now_or_a_new_time() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    approvals(&app, &ada, true).await?;
    let (_, submitted) = app
        .call(
            &pat,
            "/api/posts/publish",
            PostBuilder::new("Ritual Spirit")
                .at("2099-03-01T09:00", "UTC")
                .request(),
        )
        .await?;
    let id = submitted["id"].clone();
    // The time Pat asked for passes while the post waits.
    app.exec_sql(format!(
        "UPDATE posts SET content = json_set(content, '$.schedule.when.local', '2020-03-01T09:00'), \
         scheduled_at = 1583053200000 WHERE id = {id}"
    ))
    .await?;
    let item = queue(&app, &ada).await?.remove(0);
    assert_eq!(item["asked_time_passed"], true);
    let revision = item["revision"].clone();
    let (status, body) = app
        .call(
            &ada,
            "/api/admin/approvals/approve",
            json!({"id": id, "revision": revision, "when": null}),
        )
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["FieldInvalid"]["field"], "when");
    assert!(body.to_string().contains("has passed"), "{body}");
    let (status, body) = app
        .call(
            &ada,
            "/api/admin/approvals/approve",
            json!({"id": id, "revision": revision,
                   "when": {"mode": "at", "local": "2019-01-01T00:00", "timezone": "UTC"}}),
        )
        .await?;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a new time must be ahead: {body}"
    );
    let (status, body) = app
        .call(
            &ada,
            "/api/admin/approvals/approve",
            json!({"id": id, "revision": revision, "when": {"mode": "now"}}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(reaches(&app, &pat, "Ritual Spirit", "published").await);
    Ok(())
}

#[tokio::test]
async fn admins_publish_as_before_and_posters_cannot_rewrite_an_approved_message() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (pat, _) = app.sign_in("pat").await?;
    // Published before approvals were turned on.
    let post = PostBuilder::new("Teardrop").json();
    let (_, _) = app
        .call(&pat, "/api/posts/publish", request(&post, None))
        .await?;
    assert!(reaches(&app, &pat, "Teardrop", "published").await);
    approvals(&app, &ada, true).await?;

    let (status, own) = app
        .call(
            &ada,
            "/api/posts/publish",
            PostBuilder::new("Angel").request(),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert!(reaches(&app, &ada, "Angel", "published").await);

    let revision = {
        let (_, posts) = app.call(&pat, "/api/posts", json!({})).await?;
        let id = posts["posts"][0]["id"].clone();
        seen_revision(&app, &pat, &id).await?
    };
    let mut edited = post.clone();
    edited["body"]["description"] = json!("Something else entirely");
    let (status, body) = app
        .call(&pat, "/api/posts/update", request(&edited, revision))
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.to_string().contains("Approvals are on"), "{body}");
    assert_eq!(
        status_of(&app, &pat, "Teardrop").await.as_deref(),
        Some("published")
    );
    Ok(())
}
