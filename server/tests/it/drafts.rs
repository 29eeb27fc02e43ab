//! Drafts on the server: upsert by UUID, compare-and-set on revision, conflicts, replays,
//! permissions, scheduling for later, and the dashboard's list, delete and duplicate.

use crate::common::{draft, request, PostBuilder, TestApp, TestResult};
use serde_json::json;
use server::sandbox::discord::Fault;

#[tokio::test]
async fn a_draft_saves_loads_and_replays_harmlessly() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let mut d = draft("Blue Lines");
    d["step"] = json!("post");
    let (status, saved) = app
        .call(&pat, "/api/drafts/save", request(&d, None))
        .await?;
    assert_eq!(status, 200, "{saved}");
    let post_id = saved["Saved"]["post_id"].clone();
    assert_eq!(saved["Saved"]["revision"], 1);

    // The same save again (a replay after a lost answer) changes nothing.
    let (_, again) = app
        .call(&pat, "/api/drafts/save", request(&d, None))
        .await?;
    assert_eq!(again["Saved"]["revision"], 1, "{again}");

    d["release"]["label"] = json!("Wild Bunch");
    let (_, saved) = app
        .call(&pat, "/api/drafts/save", request(&d, Some(1)))
        .await?;
    assert_eq!(saved["Saved"]["revision"], 2, "{saved}");

    let (status, loaded) = app
        .call(&pat, "/api/drafts/get", json!({"id": post_id}))
        .await?;
    assert_eq!(status, 200, "{loaded}");
    assert_eq!(loaded["draft"]["release"]["label"], "Wild Bunch");
    assert_eq!(loaded["draft"]["step"], "post");
    assert_eq!(loaded["status"], "draft");
    assert_eq!(loaded["revision"], 2);

    let (_, list) = app
        .call(&pat, "/api/posts", json!({"filter": "drafts"}))
        .await?;
    assert_eq!(list["posts"].as_array().map(Vec::len), Some(1), "{list}");
    Ok(())
}

#[tokio::test]
async fn a_save_from_an_old_revision_gets_the_server_copy_and_overwrites_nothing() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let mut d = draft("Mezzanine");
    app.call(&pat, "/api/drafts/save", request(&d, None))
        .await?;
    // Another device saves revision 2.
    let mut other = d.clone();
    other["release"]["label"] = json!("Virgin");
    app.call(&pat, "/api/drafts/save", request(&other, Some(1)))
        .await?;
    // This device still thinks it is at revision 1.
    d["release"]["label"] = json!("Circa");
    let (status, answer) = app
        .call(&pat, "/api/drafts/save", request(&d, Some(1)))
        .await?;
    assert_eq!(status, 200);
    let server = &answer["Conflict"];
    assert_eq!(server["revision"], 2, "{answer}");
    assert_eq!(server["draft"]["release"]["label"], "Virgin");
    // Keeping mine is an explicit save based on the revision just seen.
    let (_, kept) = app
        .call(&pat, "/api/drafts/save", request(&d, Some(2)))
        .await?;
    assert_eq!(kept["Saved"]["revision"], 3, "{kept}");
    Ok(())
}

#[tokio::test]
async fn another_members_draft_cannot_be_read_or_overwritten() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (ada, _) = app.sign_in("ada").await?;
    let d = draft("Private");
    let (_, saved) = app
        .call(&pat, "/api/drafts/save", request(&d, None))
        .await?;
    let post_id = saved["Saved"]["post_id"].clone();

    let (_, ada_session) = app.call(&ada, "/api/session", json!({})).await?;
    assert_eq!(ada_session["viewer"]["role"], "admin");
    // An admin manages everyone's posts.
    let (status, _) = app
        .call(&ada, "/api/drafts/get", json!({"id": post_id}))
        .await?;
    assert_eq!(status, 200);

    // Another poster gets "not found" for the same id and the same UUID.
    let (sam, _) = app.sign_in("sam").await?;
    let (status, body) = app
        .call(&sam, "/api/drafts/get", json!({"id": post_id}))
        .await?;
    assert_eq!(status, 404, "{body}");
    let mut hijack = d.clone();
    hijack["release"]["title"] = json!("Mine now");
    let (status, _) = app
        .call(&sam, "/api/drafts/save", request(&hijack, Some(1)))
        .await?;
    assert_eq!(status, 404);
    let (status, _) = app
        .call(&sam, "/api/posts/delete", json!({"id": post_id}))
        .await?;
    assert_eq!(status, 404);
    let (_, loaded) = app
        .call(&pat, "/api/drafts/get", json!({"id": post_id}))
        .await?;
    assert_eq!(loaded["draft"]["release"]["title"], "Private");
    Ok(())
}

#[tokio::test]
async fn hostile_drafts_get_clear_errors_and_change_nothing() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let mut d = draft("x");
    d["body"]["fields"] = json!(vec![json!({"name": "n", "value": "v", "inline": true}); 26]);
    let (status, body) = app
        .call(&pat, "/api/drafts/save", request(&d, None))
        .await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["Invalid"][0]["field"], "fields");
    assert_eq!(body["Invalid"][0]["message"], "26 fields; the limit is 25.");

    let mut bad_id = draft("x");
    bad_id["id"] = json!("../../etc/passwd");
    let (status, _) = app
        .call(&pat, "/api/drafts/save", request(&bad_id, None))
        .await?;
    assert_eq!(status, 400);

    let script = PostBuilder::new("x")
        .buttons(&[("Go", "javascript:alert(1)")])
        .json();
    let (status, body) = app
        .call(&pat, "/api/posts/publish", request(&script, None))
        .await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["Invalid"][0]["field"], json!({"button_url": 0}));

    let (status, _) = app
        .call(&pat, "/api/drafts/get", json!({"id": "one"}))
        .await?;
    assert_eq!(status, 400);
    let (_, list) = app.call(&pat, "/api/posts", json!({})).await?;
    assert_eq!(list["posts"], json!([]));
    Ok(())
}

#[tokio::test]
async fn urls_into_the_network_are_refused_but_the_sandboxs_own_covers_are_taken() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let message = "points into a private network (a private, loopback or link-local address, or localhost); use an address on the public internet.";
    let mut router = draft("Router");
    router["release"]["cover_url"] = json!("http://192.168.1.1/admin.png");
    let (status, body) = app
        .call(&pat, "/api/drafts/save", request(&router, None))
        .await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["Invalid"][0]["field"], "cover_url");
    assert_eq!(
        body["Invalid"][0]["message"],
        format!("Cover image URL {message}")
    );
    let metadata = PostBuilder::new("Metadata")
        .buttons(&[("Keys", "http://169.254.169.254/latest/meta-data/")])
        .request();
    let (status, body) = app.call(&pat, "/api/posts/publish", metadata).await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["Invalid"][0]["field"], json!({"button_url": 0}));
    // Another port of this machine is not the sandbox.
    let mut elsewhere = draft("Elsewhere");
    elsewhere["body"]["image_url"] = json!("http://localhost:9/x.png");
    let (status, body) = app
        .call(&pat, "/api/drafts/save", request(&elsewhere, None))
        .await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["Invalid"][0]["field"], "image_url");
    let (_, list) = app.call(&pat, "/api/posts", json!({})).await?;
    assert_eq!(list["posts"], json!([]), "nothing refused was stored");

    let mut own = draft("Own cover");
    own["release"]["cover_url"] = json!(app.url("/sandbox/music/covers/mezzanine.svg?size=640"));
    let (status, body) = app
        .call(&pat, "/api/drafts/save", request(&own, None))
        .await?;
    assert_eq!(status, 200, "{body}");
    Ok(())
}

#[tokio::test]
async fn a_post_scheduled_for_later_waits_and_a_past_or_missing_time_is_refused() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let d = PostBuilder::new("Later")
        .at("2099-06-01T09:00", "Europe/Berlin")
        .json();
    let (status, view) = app
        .call(&pat, "/api/posts/publish", request(&d, None))
        .await?;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["status"], "scheduled");
    assert_eq!(view["scheduled_at"], "2099-06-01T07:00:00Z");
    assert_eq!(view["timezone"], "Europe/Berlin");

    let past = PostBuilder::new("Past")
        .at("2001-01-01T00:00", "UTC")
        .json();
    let (status, body) = app
        .call(&pat, "/api/posts/publish", request(&past, None))
        .await?;
    assert_eq!(status, 400);
    assert_eq!(body["Invalid"][0]["field"], "publish_at");

    let (status, body) = app
        .call(
            &pat,
            "/api/schedule/resolve",
            json!({"local": "2099-03-29T02:30", "timezone": "Europe/Berlin"}),
        )
        .await?;
    assert_eq!(status, 400);
    assert!(
        body["Invalid"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("does not exist")),
        "{body}"
    );

    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert!(app.fake().messages().is_empty(), "nothing is due yet");
    Ok(())
}

#[tokio::test]
async fn saving_a_scheduled_post_as_a_draft_unschedules_it() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let mut d = PostBuilder::new("Unschedule me")
        .at("2099-06-01T09:00", "UTC")
        .json();
    app.call(&pat, "/api/posts/publish", request(&d, None))
        .await?;
    d["release"]["label"] = json!("Changed");
    let (_, saved) = app
        .call(&pat, "/api/drafts/save", request(&d, Some(1)))
        .await?;
    assert_eq!(saved["Saved"]["revision"], 2, "{saved}");
    assert_eq!(
        crate::common::status_of(&app, &pat, "Unschedule me")
            .await
            .as_deref(),
        Some("draft")
    );
    Ok(())
}

#[tokio::test]
async fn posts_can_be_duplicated_and_deleted() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.call(
        &pat,
        "/api/posts/publish",
        request(&draft("Original"), None),
    )
    .await?;
    assert!(crate::common::reaches(&app, &pat, "Original", "published").await);
    let (_, list) = app
        .call(&pat, "/api/posts", json!({"filter": "published"}))
        .await?;
    let id = list["posts"][0]["id"].clone();

    let (status, copy) = app
        .call(&pat, "/api/posts/duplicate", json!({"id": id}))
        .await?;
    assert_eq!(status, 200, "{copy}");
    assert_eq!(copy["status"], "draft");
    assert_eq!(copy["draft"]["release"]["title"], "Original");
    assert_ne!(copy["post_id"], id);

    let (status, _) = app
        .call(&pat, "/api/posts/delete", json!({"id": id}))
        .await?;
    assert_eq!(status, 200);
    let (_, list) = app
        .call(&pat, "/api/posts", json!({"filter": "published"}))
        .await?;
    assert_eq!(list["posts"], json!([]));
    // Deleting from Liner never touches Discord.
    assert_eq!(app.fake().messages().len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_deleted_posts_id_is_never_given_to_a_new_post() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let first = published(&app, &pat, "Deleted").await?;
    let (status, _) = app
        .call(&pat, "/api/posts/delete", json!({"id": first}))
        .await?;
    assert_eq!(status, 200);

    // The queue remembers the deleted post's job by its id; a new post must not inherit it,
    // or its publish would be taken for a replay and never run.
    let second = published(&app, &pat, "Newcomer").await?;
    assert_ne!(second, first);
    assert_eq!(app.fake().messages().len(), 2);
    Ok(())
}

#[tokio::test]
async fn saving_an_unchanged_scheduled_post_still_unschedules_it() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let d = PostBuilder::new("Same content")
        .at("2099-06-01T09:00", "UTC")
        .json();
    app.call(&pat, "/api/posts/publish", request(&d, None))
        .await?;
    let (_, saved) = app
        .call(&pat, "/api/drafts/save", request(&d, Some(1)))
        .await?;
    assert_eq!(saved["Saved"]["revision"], 2, "{saved}");
    assert_eq!(
        crate::common::status_of(&app, &pat, "Same content")
            .await
            .as_deref(),
        Some("draft")
    );
    Ok(())
}

/// Publishes a post titled `title` and waits until it is out; its id.
async fn published(
    app: &TestApp,
    client: &reqwest::Client,
    title: &str,
) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    app.call(client, "/api/posts/publish", request(&draft(title), None))
        .await?;
    assert!(crate::common::reaches(app, client, title, "published").await);
    let (_, list) = app
        .call(client, "/api/posts", json!({"filter": "published"}))
        .await?;
    Ok(list["posts"][0]["id"].clone())
}

#[tokio::test]
async fn a_published_post_can_be_deleted_from_discord_too() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let id = published(&app, &pat, "Gone Everywhere").await?;

    let (status, body) = app
        .call(
            &pat,
            "/api/posts/delete",
            json!({"id": id, "from_discord": true}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    let messages = app.fake().messages();
    assert_eq!(messages.len(), 1, "received once");
    assert!(messages[0].deleted, "and deleted from the channel");
    let (_, shown) = app.call(&pat, "/api/sandbox/messages", json!({})).await?;
    assert_eq!(shown, json!([]), "the channel no longer shows it");
    let (_, list) = app.call(&pat, "/api/posts", json!({})).await?;
    assert_eq!(list["posts"], json!([]));
    Ok(())
}

#[tokio::test]
async fn when_discord_does_not_delete_the_message_the_post_stays() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let id = published(&app, &pat, "Stubborn").await?;
    let ask = json!({"id": id, "from_discord": true});

    // Deleting twice is harmless, so Liner asks up to three times before giving up.
    app.fake()
        .inject([Fault::Status(500), Fault::Status(500), Fault::Status(500)]);
    let (status, body) = app.call(&pat, "/api/posts/delete", ask.clone()).await?;
    assert_eq!(status, 502, "{body}");
    assert_eq!(
        body["Upstream"],
        "Discord did not answer; try again. The post is still in Liner."
    );
    assert_eq!(
        crate::common::status_of(&app, &pat, "Stubborn")
            .await
            .as_deref(),
        Some("published")
    );
    assert!(!app.fake().messages()[0].deleted);

    // Deleted in Discord by hand meanwhile: already gone counts as deleted.
    let message = app.fake().messages()[0].clone();
    assert_eq!(
        crate::common::delete_in_discord(&app, &message.id).await?,
        204
    );
    let (status, body) = app.call(&pat, "/api/posts/delete", ask).await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(crate::common::status_of(&app, &pat, "Stubborn").await, None);
    Ok(())
}

#[tokio::test]
async fn only_a_published_post_of_ones_own_can_be_deleted_from_discord() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (sam, _) = app.sign_in("sam").await?;
    let id = published(&app, &pat, "Mine").await?;
    let (status, _) = app
        .call(
            &sam,
            "/api/posts/delete",
            json!({"id": id, "from_discord": true}),
        )
        .await?;
    assert_eq!(status, 404);
    assert!(!app.fake().messages()[0].deleted);

    let (_, saved) = app
        .call(
            &pat,
            "/api/drafts/save",
            request(&draft("Just a draft"), None),
        )
        .await?;
    let (status, body) = app
        .call(
            &pat,
            "/api/posts/delete",
            json!({"id": saved["Saved"]["post_id"], "from_discord": true}),
        )
        .await?;
    assert_eq!(status, 400);
    assert_eq!(
        body["BadRequest"],
        "Only a published post has a message in Discord to delete."
    );
    assert_eq!(
        crate::common::status_of(&app, &pat, "Just a draft")
            .await
            .as_deref(),
        Some("draft")
    );
    Ok(())
}

/// A device that was offline syncs a draft someone deleted meanwhile: nothing comes back.
#[tokio::test]
async fn a_sync_of_a_draft_deleted_meanwhile_is_gone_and_recreates_nothing() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let mut d = draft("Protection");
    let (_, saved) = app
        .call(&pat, "/api/drafts/save", request(&d, None))
        .await?;
    let id = saved["Saved"]["post_id"].clone();
    let (status, _) = app
        .call(&pat, "/api/posts/delete", json!({"id": id}))
        .await?;
    assert_eq!(status, 200);

    // The offline device's edit, and its replay, both answer "gone".
    d["release"]["label"] = json!("Wild Bunch");
    for base in [Some(1), None] {
        let (status, body) = app
            .call(&pat, "/api/drafts/save", request(&d, base))
            .await?;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body, json!({"Gone": "deleted"}));
    }
    let (_, list) = app.call(&pat, "/api/posts", json!({})).await?;
    assert_eq!(list["posts"], json!([]), "nothing re-created");

    // Restoring it is a new draft with a new UUID.
    d["id"] = json!(uuid::Uuid::new_v4().to_string());
    let (_, restored) = app
        .call(&pat, "/api/drafts/save", request(&d, None))
        .await?;
    assert_eq!(restored["Saved"]["revision"], 1, "{restored}");
    Ok(())
}

/// A device syncs a draft that went out from another one meanwhile: it is offered as new.
#[tokio::test]
async fn a_sync_of_a_draft_published_meanwhile_is_gone_and_changes_nothing() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let mut d = draft("Heligoland");
    app.call(&pat, "/api/drafts/save", request(&d, None))
        .await?;
    let (status, body) = app
        .call(&pat, "/api/posts/publish", request(&d, Some(1)))
        .await?;
    assert_eq!(status, 200, "{body}");
    assert!(crate::common::reaches(&app, &pat, "Heligoland", "published").await);

    d["release"]["label"] = json!("Virgin");
    let (status, body) = app
        .call(&pat, "/api/drafts/save", request(&d, Some(1)))
        .await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, json!({"Gone": "published"}));
    let (_, list) = app
        .call(&pat, "/api/posts", json!({"filter": "published"}))
        .await?;
    assert_eq!(list["posts"].as_array().map(Vec::len), Some(1));
    assert_eq!(app.fake().messages().len(), 1, "Discord untouched");
    Ok(())
}
