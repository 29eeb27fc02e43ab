//! "Already posted": a release published or scheduled in the last 90 days is named on the next
//! post of it, by the ids a lookup keeps or by artist and title; the poster may go on.

use crate::common::{reaches, request, PostBuilder, TestApp, TestResult};
use serde_json::{json, Value};
use server::sandbox::music::catalogue;

async fn earlier(
    app: &TestApp,
    client: &reqwest::Client,
    draft: &Value,
) -> Result<Vec<Value>, Box<dyn std::error::Error>> {
    let (status, body) = app
        .call(
            client,
            "/api/posts/earlier",
            json!({"draft_id": draft["id"], "release": draft["release"]}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    Ok(body.as_array().cloned().unwrap_or_default())
}

#[tokio::test]
async fn a_second_post_of_a_release_names_the_first() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (sam, _) = app.sign_in("sam").await?;
    let first = PostBuilder::new("Blue Lines").json();
    let (status, published) = app
        .call(&pat, "/api/posts/publish", request(&first, None))
        .await?;
    assert_eq!(status, 200, "{published}");
    assert!(reaches(&app, &pat, "Blue Lines", "published").await);
    // Its own draft is not an earlier post of itself.
    assert!(earlier(&app, &pat, &first).await?.is_empty());

    let mut second = PostBuilder::new("x").json();
    second["release"] = json!({"title": "blue lines!", "artists": "MASSIVE  ATTACK"});
    let found = earlier(&app, &pat, &second).await?;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["status"], "published");
    assert_eq!(found[0]["channel_name"], "releases");
    assert_eq!(found[0]["author"], "Pat");
    assert_eq!(
        found[0]["link"],
        format!("/posts/{}", published["id"]),
        "Pat may open her own post"
    );
    // Another poster is told too, without a link to a post they may not open.
    let seen_by_sam = earlier(&app, &sam, &second).await?;
    assert_eq!(seen_by_sam.len(), 1);
    assert!(seen_by_sam[0]["link"].is_null());

    let mut other = PostBuilder::new("x").json();
    other["release"] = json!({"title": "Mezzanine", "artists": "Massive Attack"});
    assert!(earlier(&app, &pat, &other).await?.is_empty());
    // The warning does not stop anyone: the second post goes out.
    second["body"]["title"] = json!("Blue Lines again");
    let (status, _) = app
        .call(&sam, "/api/posts/publish", request(&second, None))
        .await?;
    assert_eq!(status, 200);
    assert!(reaches(&app, &sam, "Blue Lines again", "published").await);
    Ok(())
}

#[tokio::test]
async fn a_looked_up_release_keeps_its_ids_and_is_known_by_them() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let blue = catalogue::all()
        .iter()
        .find(|e| e.key == "blue-lines")
        .ok_or("Blue Lines in the catalogue")?;
    let (_, found) = app
        .call(
            &pat,
            "/api/lookup/release",
            json!({"from": {"source": "spotify", "id": blue.spotify_id}}),
        )
        .await?;
    let ids = &found["release"]["ids"];
    assert_eq!(ids["spotify"], json!(blue.spotify_id), "{found}");
    assert_eq!(ids["barcode"], blue.upc);
    assert_eq!(
        ids["musicbrainz"], blue.mbid_release,
        "added from MusicBrainz"
    );

    let mut first = PostBuilder::new("Blue Lines").json();
    first["release"] = found["release"].clone();
    let (status, body) = app
        .call(&pat, "/api/posts/publish", request(&first, None))
        .await?;
    assert_eq!(status, 200, "{body}");
    assert!(reaches(&app, &pat, "Blue Lines", "published").await);
    // A later post typed differently, but of the same barcode, is recognised.
    let mut second = PostBuilder::new("x").json();
    second["release"] = json!({
        "title": "Blue Lines (2012 Mix/Master)",
        "artists": "Massive Attack",
        "ids": {"barcode": format!("0{}", blue.upc.trim_start_matches('0'))}
    });
    assert_eq!(earlier(&app, &pat, &second).await?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn only_the_last_90_days_and_only_sent_or_scheduled_posts_count() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let draft = PostBuilder::new("Protection").json();
    let (_, saved) = app
        .call(&pat, "/api/drafts/save", request(&draft, None))
        .await?;
    assert!(saved["Saved"].is_object(), "{saved}");
    let mut again = PostBuilder::new("x").json();
    again["release"] = draft["release"].clone();
    assert!(
        earlier(&app, &pat, &again).await?.is_empty(),
        "a draft is not a post"
    );
    let (_, published) = app
        .call(
            &pat,
            "/api/posts/publish",
            request(&draft, saved["Saved"]["revision"].as_i64()),
        )
        .await?;
    assert!(reaches(&app, &pat, "Protection", "published").await);
    assert_eq!(earlier(&app, &pat, &again).await?.len(), 1);
    let long_ago = chrono::Utc::now().timestamp_millis() - 91 * 24 * 3600 * 1000;
    app.exec_sql(format!(
        "UPDATE posts SET published_at = {long_ago}, scheduled_at = {long_ago} WHERE id = {}",
        published["id"]
    ))
    .await?;
    assert!(
        earlier(&app, &pat, &again).await?.is_empty(),
        "older than 90 days"
    );
    Ok(())
}
