//! Editing a post after it was published: its message in Discord is updated in place (PATCH),
//! through the webhook, in a forum post's thread, or as the bot; nothing is stored when Discord
//! refuses; and deleting reaches the message wherever it is.

use crate::common::{draft, reaches, request, PostBuilder, TestApp, TestResult};
use serde_json::{json, Value};
use server::sandbox::discord::Fault;

type Error = Box<dyn std::error::Error>;

/// Publishes `post` and waits until it is out; the post as the wizard would load it to edit.
async fn published(app: &TestApp, client: &reqwest::Client, post: Value) -> Result<Value, Error> {
    let title = post["release"]["title"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (status, body) = app
        .call(client, "/api/posts/publish", request(&post, None))
        .await?;
    assert_eq!(status, 200, "{body}");
    assert!(reaches(app, client, &title, "published").await);
    let (status, stored) = app
        .call(client, "/api/drafts/get", json!({"id": body["id"]}))
        .await?;
    assert_eq!(status, 200, "{stored}");
    Ok(stored)
}

/// Sends `draft` as the new version of the stored post.
async fn update(
    app: &TestApp,
    client: &reqwest::Client,
    draft: &Value,
    revision: &Value,
) -> Result<(reqwest::StatusCode, Value), Error> {
    app.call(
        client,
        "/api/posts/update",
        request(draft, revision.as_i64()),
    )
    .await
}

/// What the post's page lists as its sends: outcome words, oldest first.
async fn sends(app: &TestApp, client: &reqwest::Client, id: &Value) -> Result<Vec<String>, Error> {
    let (_, detail) = app
        .call(client, "/api/posts/detail", json!({"id": id}))
        .await?;
    Ok(detail["attempts"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|a| a["outcome"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

#[tokio::test]
async fn a_published_posts_message_is_updated_in_place() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let post = PostBuilder::new("Blue Lines")
        .content("Out today!")
        .buttons(&[("Listen", "https://example.com/listen")])
        .json();
    let stored = published(&app, &pat, post).await?;
    let sends_before = app.fake().sends();
    let original = app.fake().messages()[0].clone();

    let mut changed = stored["draft"].clone();
    changed["body"]["title"] = json!("Blue Lines (2012 mix)");
    changed["body"]["content"] = json!("");
    changed["body"]["buttons"] = json!([]);
    let (status, view) = update(&app, &pat, &changed, &stored["revision"]).await?;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["status"], "published");
    assert_eq!(view["title"], "Blue Lines (2012 mix)");

    let messages = app.fake().messages();
    assert_eq!(messages.len(), 1, "the same message, not a new one");
    let message = &messages[0];
    assert_eq!(message.id, original.id);
    assert!(message.edited.is_some());
    assert_eq!(
        message.body.embeds[0].title.as_deref(),
        Some("Blue Lines (2012 mix)")
    );
    assert_eq!(
        message.body.content, None,
        "removed text is gone from Discord"
    );
    assert!(
        message.body.components.is_empty(),
        "and so are removed buttons"
    );
    assert_eq!(
        message.body.embeds[0].timestamp, original.body.embeds[0].timestamp,
        "it still says when it was published"
    );
    assert_eq!(app.fake().sends(), sends_before, "nothing was sent anew");

    // Liner keeps the new version, lists the update, and a reload edits from there.
    let (_, again) = app
        .call(&pat, "/api/drafts/get", json!({"id": stored["post_id"]}))
        .await?;
    assert_eq!(again["draft"]["body"]["title"], "Blue Lines (2012 mix)");
    assert_eq!(again["status"], "published");
    assert_eq!(
        sends(&app, &pat, &stored["post_id"]).await?,
        ["Sent", "Message updated"]
    );
    let (_, shown) = app.call(&pat, "/api/sandbox/messages", json!({})).await?;
    assert_eq!(shown[0]["edited"], true);
    Ok(())
}

#[tokio::test]
async fn forum_and_bot_messages_are_updated_and_deleted_where_they_are() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    // The sandbox's forum channel (5) and the bot's channel (4).
    for (channel, title) in [(5, "Heligoland"), (4, "Ritual Spirit")] {
        let post = PostBuilder::new(title).channel(channel).json();
        let stored = published(&app, &pat, post).await?;
        let mut changed = stored["draft"].clone();
        changed["body"]["description"] = json!("Now with liner notes");
        let (status, body) = update(&app, &pat, &changed, &stored["revision"]).await?;
        assert_eq!(status, 200, "{title}: {body}");
        let message = app
            .fake()
            .messages()
            .into_iter()
            .find(|m| m.body.embeds[0].title.as_deref() == Some(title))
            .ok_or("no message")?;
        assert_eq!(
            message.body.embeds[0].description.as_deref(),
            Some("Now with liner notes"),
            "{title}"
        );
        if channel == 5 {
            assert_eq!(
                message.body.thread_name.as_deref(),
                Some("Heligoland"),
                "the thread keeps its name"
            );
        }
        let (status, body) = app
            .call(
                &pat,
                "/api/posts/delete",
                json!({"id": stored["post_id"], "from_discord": true}),
            )
            .await?;
        assert_eq!(status, 200, "{title}: {body}");
    }
    let messages = app.fake().messages();
    assert_eq!(messages.len(), 2);
    assert!(
        messages.iter().all(|m| m.deleted),
        "both deleted in Discord"
    );
    Ok(())
}

#[tokio::test]
async fn when_discord_refuses_an_update_nothing_changes() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let stored = published(&app, &pat, draft("Protection")).await?;
    let mut changed = stored["draft"].clone();
    changed["body"]["title"] = json!("Protection (Deluxe)");

    // Deleted in Discord by hand.
    let message = app.fake().messages()[0].clone();
    assert_eq!(
        crate::common::delete_in_discord(&app, &message.id).await?,
        204
    );
    let (status, body) = update(&app, &pat, &changed, &stored["revision"]).await?;
    assert_eq!(status, 502, "{body}");
    assert_eq!(
        body["Upstream"],
        "The message is no longer in #releases (it was deleted in Discord). Duplicate the post to send it again."
    );

    // A long rate limit is passed on rather than waited out.
    app.fake().inject([Fault::RateLimited(30.0)]);
    let (status, body) = update(&app, &pat, &changed, &stored["revision"]).await?;
    assert_eq!(status, 502, "{body}");
    assert_eq!(
        body["Upstream"],
        "Discord asked Liner to slow down; try again in 30 s. Nothing was changed."
    );

    let (_, again) = app
        .call(&pat, "/api/drafts/get", json!({"id": stored["post_id"]}))
        .await?;
    assert_eq!(again["draft"]["body"]["title"], "Protection", "not stored");
    assert_eq!(again["revision"], stored["revision"]);
    assert_eq!(
        sends(&app, &pat, &stored["post_id"]).await?,
        ["Sent", "Update refused", "Update refused"]
    );
    Ok(())
}

#[tokio::test]
async fn a_lost_answer_is_asked_again_since_an_update_cannot_post_twice() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let stored = published(&app, &pat, draft("Mezzanine")).await?;
    let mut changed = stored["draft"].clone();
    changed["body"]["title"] = json!("Mezzanine (2019)");
    app.fake()
        .inject([Fault::AcceptThenStatus(500), Fault::AcceptThenDrop]);
    let (status, body) = update(&app, &pat, &changed, &stored["revision"]).await?;
    assert_eq!(status, 200, "{body}");
    let messages = app.fake().messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(
        messages[0].body.embeds[0].title.as_deref(),
        Some("Mezzanine (2019)")
    );
    Ok(())
}

#[tokio::test]
async fn updates_are_refused_for_stale_versions_other_channels_other_people_and_drafts(
) -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (sam, _) = app.sign_in("sam").await?;
    let stored = published(&app, &pat, draft("Dissolved Girl")).await?;
    let revision = &stored["revision"];
    let mut changed = stored["draft"].clone();
    changed["body"]["title"] = json!("Changed");

    let stale = json!(revision.as_i64().unwrap_or_default() - 1);
    let (status, body) = update(&app, &pat, &changed, &stale).await?;
    assert_eq!(status, 409, "{body}");

    let mut moved = changed.clone();
    moved["schedule"]["channel_id"] = json!(2);
    let (status, body) = update(&app, &pat, &moved, revision).await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["Invalid"][0]["message"],
        "A message in Discord cannot move to another channel. Duplicate the post to send it elsewhere."
    );

    let mut too_long = changed.clone();
    too_long["body"]["title"] = json!("x".repeat(257));
    let (status, body) = update(&app, &pat, &too_long, revision).await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["Invalid"][0]["field"], "title");

    let (status, _) = update(&app, &sam, &changed, revision).await?;
    assert_eq!(status, 404, "someone else's post");

    let (_, saved) = app
        .call(
            &pat,
            "/api/drafts/save",
            request(&draft("Just a draft"), None),
        )
        .await?;
    let (_, draft_post) = app
        .call(
            &pat,
            "/api/drafts/get",
            json!({"id": saved["Saved"]["post_id"]}),
        )
        .await?;
    let (status, body) = update(&app, &pat, &draft_post["draft"], &draft_post["revision"]).await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["BadRequest"],
        "Only a published post has a message in Discord to update."
    );

    let messages = app.fake().messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].edited.is_none(), "Discord was not asked");
    Ok(())
}

#[tokio::test]
async fn a_webhook_gone_from_discord_marks_the_channel_broken() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let stored = published(&app, &pat, draft("Angel")).await?;
    let mut changed = stored["draft"].clone();
    changed["body"]["title"] = json!("Angel (live)");
    app.fake().inject([Fault::WebhookDeleted]);
    let (status, body) = update(&app, &pat, &changed, &stored["revision"]).await?;
    assert_eq!(status, 502, "{body}");
    assert_eq!(
        body["Upstream"],
        "The webhook of #releases no longer works (Discord refused the request: Unknown Webhook (HTTP 404, code 10015)); an admin must set it again. Nothing was changed."
    );
    assert!(crate::common::channel_broken(&app, &pat, "releases").await?);
    // Liner does not call a webhook it knows is gone.
    let (status, body) = update(&app, &pat, &changed, &stored["revision"]).await?;
    assert_eq!(status, 400, "{body}");
    Ok(())
}
