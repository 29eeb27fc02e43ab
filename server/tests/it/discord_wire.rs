//! What Liner sends to Discord has the form Discord asks for, whatever the fake would accept.

use crate::common::{reaches, PostBuilder, TestApp, TestResult};

#[tokio::test]
async fn every_request_to_discord_names_liner_as_discord_asks() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    for (title, channel) in [("By webhook", 1), ("By the bot", 4)] {
        let draft = PostBuilder::new(title).channel(channel).json();
        app.call(
            &pat,
            "/api/posts/publish",
            crate::common::request(&draft, None),
        )
        .await?;
        assert!(reaches(&app, &pat, title, "published").await, "{title}");
    }
    let agents = app.fake().user_agents();
    assert!(!agents.is_empty());
    let expected = format!("DiscordBot ({}/, {})", app.base, env!("CARGO_PKG_VERSION"));
    for agent in &agents {
        assert!(
            agent.starts_with(&expected),
            "{agent:?} (expected {expected:?} …)"
        );
    }
    Ok(())
}
