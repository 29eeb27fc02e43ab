//! Access follows Discord: a member's role is asked of Discord again once it is five minutes
//! old, and always before a Discord message is changed; a member gone or without a role is
//! signed out everywhere with their pages' streams closed, one with another role gets it, and
//! when Discord cannot be asked the last answer stands for an hour for what writes to Discord,
//! posts due included. Without a bot token the member's own authorization is asked, refreshed
//! as it runs out.

use crate::common::process::liner;
use crate::common::{
    audit, newest_notice_becomes, reaches, status_of, PostBuilder, TestApp, TestResult,
};
use reqwest::StatusCode;
use serde_json::json;
use server::config::sandbox::POSTER_ROLE_ID;
use std::time::Duration;

const PAT: &str = "300000000000000002";
const ADA: &str = "300000000000000001";

/// Makes every member's last answer from Discord `minutes` old.
async fn age_role_checks(app: &TestApp, minutes: i64) -> TestResult {
    let at = server::db::now_ms() - minutes * 60_000;
    app.exec_sql(format!("UPDATE users SET role_checked_at = {at}"))
        .await
}

async fn sessions_of(app: &TestApp, discord_id: &str) -> Result<i64, Box<dyn std::error::Error>> {
    use diesel::prelude::*;
    use server::db::schema::{sessions, users};
    let id = discord_id.to_string();
    Ok(app
        .running()
        .state
        .db
        .run(move |c| {
            Ok(sessions::table
                .inner_join(users::table.on(users::id.nullable().eq(sessions::user_id)))
                .filter(users::discord_id.eq(id))
                .count()
                .get_result::<i64>(c)?)
        })
        .await?)
}

#[tokio::test]
async fn a_member_removed_in_discord_is_signed_out_everywhere_once_the_answer_is_old() -> TestResult
{
    let app = TestApp::start().await?;
    let (laptop, _) = app.sign_in("pat").await?;
    let (phone, _) = app.sign_in("pat").await?;
    let mut stream = laptop.get(app.url("/events/posts")).send().await?;
    assert_eq!(stream.status(), StatusCode::OK);

    app.fake().set_member_roles(PAT, None);
    // Within five minutes of the last answer, Discord is not asked again.
    let (status, _) = app.call(&phone, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::OK);

    age_role_checks(&app, 6).await?;
    let (status, _) = app.call(&phone, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        sessions_of(&app, PAT).await?,
        0,
        "every session of Pat's ended"
    );
    let (status, _) = app.call(&laptop, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the laptop too");
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        while let Ok(Some(_)) = stream.chunk().await {}
    })
    .await;
    assert!(closed.is_ok(), "Pat's open page stopped receiving");
    Ok(())
}

#[tokio::test]
async fn an_admin_demoted_in_discord_becomes_a_poster() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (status, _) = app.call(&ada, "/api/admin/members", json!({})).await?;
    assert_eq!(status, StatusCode::OK);
    app.fake()
        .set_member_roles(ADA, Some(vec![POSTER_ROLE_ID.to_string()]));
    age_role_checks(&app, 6).await?;
    let (status, body) = app.call(&ada, "/api/admin/members", json!({})).await?;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (_, session) = app.call(&ada, "/api/session", json!({})).await?;
    assert!(session.to_string().contains("\"poster\""), "{session}");
    assert_eq!(
        sessions_of(&app, ADA).await?,
        1,
        "still signed in, as a poster"
    );
    Ok(())
}

#[tokio::test]
async fn a_discord_message_is_changed_only_after_discord_confirms_the_role() -> TestResult {
    deleting_from_discord_after_losing_the_role_is_refused(TestApp::start().await?).await
}

/// Pat publishes, loses the role in Discord a moment later (fresh for reading), and asks to
/// delete the message from Discord: refused, the message stays, and Pat is signed out.
async fn deleting_from_discord_after_losing_the_role_is_refused(app: TestApp) -> TestResult {
    let (pat, _) = app.sign_in("pat").await?;
    app.call(
        &pat,
        "/api/posts/publish",
        PostBuilder::new("Teardrop").request(),
    )
    .await?;
    assert!(reaches(&app, &pat, "Teardrop", "published").await);
    let (_, list) = app.call(&pat, "/api/posts", json!({})).await?;
    let id = list["posts"][0]["id"].clone();

    app.fake().set_member_roles(PAT, Some(Vec::new()));
    let (status, body) = app
        .call(
            &pat,
            "/api/posts/delete",
            json!({"id": id, "from_discord": true}),
        )
        .await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(
        app.fake().messages().iter().filter(|m| !m.deleted).count(),
        1,
        "the message stays"
    );
    assert_eq!(sessions_of(&app, PAT).await?, 0);
    Ok(())
}

#[tokio::test]
async fn when_discord_cannot_be_asked_the_last_answer_stands_for_an_hour() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.call(
        &pat,
        "/api/posts/publish",
        PostBuilder::new("Angel").request(),
    )
    .await?;
    assert!(reaches(&app, &pat, "Angel", "published").await);
    let (_, list) = app.call(&pat, "/api/posts", json!({})).await?;
    let id = list["posts"][0]["id"].clone();
    app.fake().set_member_lookups_down(true);

    // Reading goes on with the last answer, however old.
    age_role_checks(&app, 120).await?;
    let (status, _) = app.call(&pat, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::OK);
    // Changing Discord does not, past the hour.
    let (status, body) = app
        .call(
            &pat,
            "/api/posts/delete",
            json!({"id": id, "from_discord": true}),
        )
        .await?;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(
        body["Upstream"],
        "Liner could not confirm your role with Discord for over an hour, so it changes no Discord message for now; try again in a few minutes."
    );
    assert_eq!(
        app.fake().messages().iter().filter(|m| !m.deleted).count(),
        1
    );

    // Within the hour it does; and once Discord answers again, so does the check.
    age_role_checks(&app, 30).await?;
    let (status, body) = app
        .call(
            &pat,
            "/api/posts/delete",
            json!({"id": id, "from_discord": true}),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.fake().set_member_lookups_down(false);
    Ok(())
}

#[tokio::test]
async fn the_command_line_revokes_a_members_sessions_while_liner_runs() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (ada, _) = app.sign_in("ada").await?;
    let dir = app.dir.path().to_path_buf();
    let run = |args: &'static [&'static str]| {
        let dir = dir.clone();
        // Off the runtime the server under test shares with this test.
        tokio::task::spawn_blocking(move || liner(&dir).args(args).output())
    };
    let out = run(&["member", "revoke", PAT]).await??;
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        said.trim(),
        "Signed Pat out everywhere: 1 session(s) ended. Remove their role in Discord too, or they can sign in again."
    );
    let (status, _) = app.call(&pat, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app.call(&ada, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::OK, "Ada is still signed in");

    for (args, says) in [
        (
            &["member", "revoke", "pat"][..],
            "\"pat\" is not a Discord user id",
        ),
        (
            &["member", "revoke", "399999999999999999"][..],
            "no member with Discord id 399999999999999999 has signed in",
        ),
    ] {
        let out = run(args).await??;
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(err.contains(says), "{err}");
    }
    Ok(())
}

/// A sandbox Liner without a bot token: members' roles are asked with their own authorization.
async fn without_a_bot() -> Result<TestApp, Box<dyn std::error::Error>> {
    TestApp::builder()
        .env("LINER_SANDBOX_BOT", "off")
        .start()
        .await
}

/// The details of the audit log's entries of `kind`, newest first, as Ada reads them.
async fn audit_details(
    app: &TestApp,
    ada: &reqwest::Client,
    kind: &str,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    Ok(audit(app, ada, json!({}))
        .await?
        .iter()
        .filter(|e| e["kind"] == kind)
        .filter_map(|e| e["detail"].as_str().map(str::to_string))
        .collect())
}

#[tokio::test]
async fn without_a_bot_a_member_removed_in_discord_is_signed_out_by_their_own_authorization(
) -> TestResult {
    let app = without_a_bot().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (ada, _) = app.sign_in("ada").await?;
    // The authorization is kept sealed: no token in the database file in the clear.
    for file in ["liner.db", "liner.db-wal"] {
        let raw = std::fs::read(app.dir.path().join(file)).unwrap_or_default();
        let text = String::from_utf8_lossy(&raw);
        assert!(
            !text.contains("sandbox-access-") && !text.contains("sandbox-refresh-"),
            "the member's tokens are stored sealed ({file})"
        );
    }

    app.fake().set_member_roles(PAT, None);
    age_role_checks(&app, 6).await?;
    let (status, _) = app.call(&pat, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(sessions_of(&app, PAT).await?, 0);
    let details = audit_details(&app, &ada, "member_signed_out_everywhere").await?;
    assert_eq!(
        details.first().map(String::as_str),
        Some("Discord: no longer a member of Liner Sandbox; 1 session(s) ended"),
        "{details:?}"
    );
    Ok(())
}

#[tokio::test]
async fn without_a_bot_an_authorization_past_its_time_is_refreshed_and_the_role_follows(
) -> TestResult {
    let app = without_a_bot().await?;
    let (ada, _) = app.sign_in("ada").await?;
    // Ada's week-long token runs out; Discord refuses it from now on.
    app.fake().expire_access_tokens();
    app.fake()
        .set_member_roles(ADA, Some(vec![POSTER_ROLE_ID.to_string()]));
    age_role_checks(&app, 6).await?;
    let (status, body) = app.call(&ada, "/api/admin/members", json!({})).await?;
    assert_eq!(status, StatusCode::FORBIDDEN, "demoted: {body}");
    assert_eq!(app.fake().refreshes(), 1, "refreshed once");
    let (status, _) = app.call(&ada, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::OK, "still signed in, as a poster");

    // The new token is kept: the next check needs no refresh.
    age_role_checks(&app, 6).await?;
    let (status, _) = app.call(&ada, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.fake().refreshes(), 1);
    Ok(())
}

#[tokio::test]
async fn without_a_bot_a_member_who_withdrew_liners_access_is_signed_out() -> TestResult {
    let app = without_a_bot().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (ada, _) = app.sign_in("ada").await?;
    app.fake().withdraw_authorization(PAT);
    age_role_checks(&app, 6).await?;
    let (status, _) = app.call(&pat, "/api/posts", json!({})).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let details = audit_details(&app, &ada, "member_signed_out_everywhere").await?;
    assert_eq!(
        details.first().map(String::as_str),
        Some("Discord: withdrew Liner's access to their account; 1 session(s) ended"),
        "{details:?}"
    );
    Ok(())
}

#[tokio::test]
async fn without_a_bot_a_discord_message_is_changed_only_after_the_members_authorization_confirms(
) -> TestResult {
    deleting_from_discord_after_losing_the_role_is_refused(without_a_bot().await?).await
}

#[tokio::test]
async fn a_post_waits_while_its_senders_role_cannot_be_confirmed_past_the_hour_and_goes_out_after(
) -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    app.fake().set_member_lookups_down(true);
    age_role_checks(&app, 120).await?;
    let (status, body) = app
        .call(
            &pat,
            "/api/posts/publish",
            PostBuilder::new("Held for Discord").request(),
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let waiting = newest_notice_becomes(&app, &pat, |n| {
        n == "Waiting: Liner could not confirm with Discord for over an hour that Pat may still post. It goes out as soon as Discord answers."
    })
    .await;
    assert!(waiting, "the post says why it waits");
    assert_eq!(
        status_of(&app, &pat, "Held for Discord").await.as_deref(),
        Some("scheduled")
    );
    assert_eq!(app.fake().sends(), 0, "nothing was sent");

    // Discord answers again: the post goes out at its next look, with no notice left.
    app.fake().set_member_lookups_down(false);
    let sent = TestApp::eventually(Duration::from_secs(30), || async {
        status_of(&app, &pat, "Held for Discord").await.as_deref() == Some("published")
    })
    .await;
    assert!(sent, "published once Discord answered");
    let (_, list) = app.call(&pat, "/api/posts", json!({})).await?;
    assert_eq!(list["posts"][0]["notice"], serde_json::Value::Null);
    assert_eq!(app.fake().messages().len(), 1);
    Ok(())
}

#[tokio::test]
async fn with_a_bot_no_members_authorization_is_kept() -> TestResult {
    use diesel::prelude::*;
    use server::db::schema::users;
    let app = TestApp::start().await?;
    app.sign_in("pat").await?;
    let kept = app
        .running()
        .state
        .db
        .run(|c| {
            Ok(users::table
                .filter(users::discord_token_ciphertext.is_not_null())
                .count()
                .get_result::<i64>(c)?)
        })
        .await?;
    assert_eq!(kept, 0, "the bot is asked: no member's tokens are stored");
    Ok(())
}
