//! Signing in with Discord: only guild members with a mapped role get in, sessions end on
//! sign-out and after idling, and the viewer sees their own role.

use crate::common::{TestApp, TestResult};
use serde_json::json;

async fn viewer(
    app: &TestApp,
    client: &reqwest::Client,
) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let (_, info) = app.call(client, "/api/session", json!({})).await?;
    Ok(info["viewer"].clone())
}

#[tokio::test]
async fn roles_map_from_discord_roles() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, landing) = app.sign_in("ada").await?;
    assert_eq!(landing, "/");
    assert_eq!(viewer(&app, &ada).await?["role"], "admin");
    let (pat, _) = app.sign_in("pat").await?;
    assert_eq!(viewer(&app, &pat).await?["role"], "poster");
    assert_eq!(viewer(&app, &pat).await?["name"], "Pat");
    Ok(())
}

#[tokio::test]
async fn non_members_and_members_without_a_role_get_no_session() -> TestResult {
    let app = TestApp::start().await?;
    let (nico, landing) = app.sign_in("nico").await?;
    assert_eq!(landing, "/signin?error=not_member");
    assert!(viewer(&app, &nico).await?.is_null());
    let (max, landing) = app.sign_in("max").await?;
    assert_eq!(landing, "/signin?error=no_role");
    assert!(viewer(&app, &max).await?.is_null());
    Ok(())
}

#[tokio::test]
async fn a_callback_with_a_bad_state_is_rejected() -> TestResult {
    let app = TestApp::start().await?;
    let client = TestApp::client();
    // A sign-in is pending, but the callback carries someone else's state.
    client.get(app.url("/auth/discord/login")).send().await?;
    let resp = client
        .get(app.url("/auth/discord/callback?code=anything&state=forged"))
        .send()
        .await?;
    assert_eq!(crate::common::location(&resp)?, "/signin?error=expired");
    assert!(viewer(&app, &client).await?.is_null());
    // And with no pending sign-in at all.
    let fresh = TestApp::client();
    let resp = fresh
        .get(app.url("/auth/discord/callback?code=x&state=y"))
        .send()
        .await?;
    assert_eq!(crate::common::location(&resp)?, "/signin?error=expired");
    Ok(())
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    assert!(!viewer(&app, &pat).await?.is_null());
    let resp = pat.post(app.url("/auth/logout")).send().await?;
    assert!(resp.status().is_redirection());
    assert!(viewer(&app, &pat).await?.is_null());
    Ok(())
}

#[tokio::test]
async fn server_functions_check_the_session() -> TestResult {
    let app = TestApp::start().await?;
    let anon = TestApp::client();
    for endpoint in ["/api/channels", "/api/posts", "/api/sandbox/messages"] {
        let (status, body) = app.call(&anon, endpoint, json!({})).await?;
        assert_eq!(status, 401, "{endpoint}");
        assert_eq!(body, json!("Unauthenticated"));
    }
    let (status, _) = app
        .call(
            &anon,
            "/api/posts/publish",
            crate::common::request(&crate::common::draft("t"), None),
        )
        .await?;
    assert_eq!(status, 401);
    let events = anon.get(app.url("/events/posts")).send().await?;
    assert_eq!(events.status(), 401);
    Ok(())
}

#[tokio::test]
async fn an_active_session_stays_alive_past_its_first_idle_expiry() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let soon = chrono::Utc::now().timestamp() + 60;
    // As if the member signed in long ago and the session is about to expire.
    app.exec_sql(format!(
        "UPDATE sessions SET expires_at = {soon}, data = json_set(data, '$.seen_at', 0)"
    ))
    .await?;
    assert!(!viewer(&app, &pat).await?.is_null());
    let expires: Vec<i64> = app
        .running()
        .state
        .db
        .run(|c| {
            use diesel::prelude::*;
            use server::db::schema::sessions;
            Ok(sessions::table.select(sessions::expires_at).load(c)?)
        })
        .await?;
    let week = 7 * 86_400 - 60;
    assert!(
        expires.iter().any(|e| *e > soon + week - 120),
        "the session's expiry did not slide: {expires:?} vs {soon}"
    );
    Ok(())
}

#[tokio::test]
async fn a_session_ends_thirty_days_after_sign_in_however_active() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    assert!(!viewer(&app, &pat).await?.is_null());
    let long_ago = chrono::Utc::now().timestamp() - 31 * 86_400;
    app.exec_sql(format!(
        "UPDATE sessions SET data = json_set(data, '$.created_at', {long_ago})"
    ))
    .await?;
    assert!(viewer(&app, &pat).await?.is_null());
    // And it stays ended: the session was deleted, not just ignored once.
    assert!(viewer(&app, &pat).await?.is_null());
    Ok(())
}

#[tokio::test]
async fn housekeeping_deletes_expired_sessions_and_the_table_keeps_no_cookie() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let (ada, _) = app.sign_in("ada").await?;
    let ada_id = crate::common::viewer_id(&app, &ada).await?;
    let ids = || async {
        app.running()
            .state
            .db
            .run(|c| {
                use diesel::prelude::*;
                use server::db::schema::sessions;
                Ok(sessions::table.select(sessions::id).load::<String>(c)?)
            })
            .await
    };
    let before = ids().await?;
    // Ids are SHA-256 hex, not the cookie's value (which is shorter, base64).
    assert!(before
        .iter()
        .all(|id| id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit())));
    app.exec_sql(format!(
        "UPDATE sessions SET expires_at = {} WHERE user_id = {ada_id}",
        chrono::Utc::now().timestamp() - 1
    ))
    .await?;
    let purged = server::purge_sessions(&app.running().state.db).await;
    assert_eq!(purged, 1);
    assert_eq!(ids().await?.len(), before.len() - 1);
    assert!(
        viewer(&app, &ada).await?.is_null(),
        "the expired one is gone"
    );
    assert!(!viewer(&app, &pat).await?.is_null(), "the live one stays");
    Ok(())
}

async fn session_rows(app: &TestApp) -> Result<i64, Box<dyn std::error::Error>> {
    Ok(app
        .running()
        .state
        .db
        .run(|c| {
            use diesel::prelude::*;
            use server::db::schema::sessions;
            Ok(sessions::table.count().get_result::<i64>(c)?)
        })
        .await?)
}

#[tokio::test]
async fn starting_a_sign_in_stores_nothing_and_its_state_is_good_for_one_callback() -> TestResult {
    let app = TestApp::start().await?;
    for _ in 0..20 {
        let resp = TestApp::client()
            .get(app.url("/auth/discord/login"))
            .send()
            .await?;
        assert_eq!(resp.status(), 303, "{:?}", resp.headers());
        let cookie = resp
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert!(
            cookie.starts_with("liner_signin=") && cookie.contains("HttpOnly"),
            "{cookie}"
        );
    }
    assert_eq!(session_rows(&app).await?, 0, "no row per login");

    let (pat, _) = app.sign_in("pat").await?;
    assert_eq!(
        session_rows(&app).await?,
        1,
        "one row, made at the callback"
    );
    assert_eq!(viewer(&app, &pat).await?["role"], "poster");

    // The callback cleared the sign-in: a replay of any callback finds none pending.
    let replay = pat
        .get(app.url("/auth/discord/callback?code=again&state=again"))
        .send()
        .await?;
    assert_eq!(crate::common::location(&replay)?, "/signin?error=expired");
    Ok(())
}

#[tokio::test]
async fn sign_in_requests_are_limited_per_address_with_a_retry_after() -> TestResult {
    let app = TestApp::builder()
        .env("LINER_SIGN_IN_PER_MINUTE", "3")
        .start()
        .await?;
    let login = |xff: &'static str| {
        TestApp::client()
            .get(app.url("/auth/discord/login"))
            .header("x-forwarded-for", xff)
            .send()
    };
    for _ in 0..3 {
        assert_eq!(login("198.51.100.1").await?.status(), 303);
    }
    // Not through a trusted proxy, the header is the client's own claim: still the same client.
    let refused = login("198.51.100.2").await?;
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    let text = refused.text().await?;
    assert_eq!(
        text,
        format!("Too many sign-in attempts from your address. Try again in {wait} seconds.")
    );
    Ok(())
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_allowance() -> TestResult {
    let app = TestApp::builder()
        .env("LINER_SIGN_IN_PER_MINUTE", "2")
        .env("LINER_TRUSTED_PROXIES", "127.0.0.1")
        .start()
        .await?;
    let login = |xff: &'static str| {
        TestApp::client()
            .get(app.url("/auth/discord/login"))
            .header("x-forwarded-for", xff)
            .send()
    };
    assert_eq!(login("198.51.100.1").await?.status(), 303);
    // The client put its own address in front; the proxy appended the real one.
    assert_eq!(login("192.0.2.99, 198.51.100.1").await?.status(), 303);
    assert_eq!(login("198.51.100.1").await?.status(), 429);
    assert_eq!(login("198.51.100.2").await?.status(), 303, "another member");
    Ok(())
}

#[tokio::test]
async fn sign_ins_pause_when_discord_refused_too_much_lately() -> TestResult {
    let app = TestApp::start().await?;
    let refusals = app.running().state.sign_in.discord_shared.refusals.clone();
    for _ in 0..server::discord::refusals::PAUSE_AT {
        refusals.note(reqwest::StatusCode::UNAUTHORIZED);
    }
    let (client, landing) = app.sign_in("pat").await?;
    assert_eq!(
        landing, "/signin?error=paused",
        "no token exchange was tried"
    );
    assert!(viewer(&app, &client).await?.is_null());
    Ok(())
}
