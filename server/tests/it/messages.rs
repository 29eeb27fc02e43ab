//! The JSON Liner sends Discord, for each template and channel kind (webhook, forum, bot), as
//! it goes over the wire, kept as snapshots (`tests/it/snapshots/`, ids and times redacted): a
//! change to what Discord receives shows up as a diff to review.

use axum::extract::{OriginalUri, State};
use axum::routing::post;
use axum::{Json, Router};
use liner::message::DiscordMessage;
use liner::release::{Platform, Release, ReleaseKind, ReleaseLink, Track};
use liner::template::Template;
use liner::{Draft, DraftId};
use secrecy::SecretString;
use serde_json::{json, Value};
use server::discord::http::{http_client, HttpDiscord};
use server::discord::{DiscordApi, Untraced};
use std::sync::{Arc, Mutex};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Every request Discord got: its path and query, and its body.
#[derive(Default)]
struct Captured(Mutex<Vec<(String, Value)>>);

async fn capture(
    State(seen): State<Arc<Captured>>,
    uri: OriginalUri,
    Json(body): Json<Value>,
) -> Json<Value> {
    if let Ok(mut seen) = seen.0.lock() {
        seen.push((uri.to_string(), body));
    }
    Json(json!({"id": "600000000000000001", "channel_id": "400000000000000001"}))
}

/// A Discord that takes any send and remembers it, and Liner's real client pointed at it.
async fn discord() -> Result<(HttpDiscord, String, Arc<Captured>), Box<dyn std::error::Error>> {
    let seen = Arc::new(Captured::default());
    let app = Router::new()
        .route("/api/v10/webhooks/{id}/{token}", post(capture))
        .route("/api/v10/channels/{id}/messages", post(capture))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}/api/v10", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = HttpDiscord::new(http_client(&base)?, url::Url::parse(&base)?);
    Ok((client, base, seen))
}

/// A release with every fact a source can fill in.
fn release() -> Release {
    Release {
        title: "Mezzanine".into(),
        artists: "Massive Attack".into(),
        kind: ReleaseKind::Album,
        release_date: "1998-04-20".into(),
        label: "Circa / Virgin".into(),
        cover_url: "https://covers.example/mezzanine.jpg".into(),
        tracks: vec![
            Track {
                title: "Angel".into(),
                duration: "6:18".into(),
            },
            Track {
                title: "Teardrop".into(),
                duration: "5:29".into(),
            },
        ],
        tags: "trip hop, electronic".into(),
        links: vec![
            ReleaseLink {
                platform: Platform::Spotify,
                url: "https://open.spotify.com/album/49MNmJhZQewjt06rpwp6QR".into(),
            },
            ReleaseLink {
                platform: Platform::Bandcamp,
                url: "https://massiveattack.bandcamp.com/album/mezzanine".into(),
            },
        ],
        ..Release::default()
    }
}

fn message(template: Template) -> Result<(DiscordMessage, Release), Box<dyn std::error::Error>> {
    let id = DraftId::parse("00000000-0000-4000-8000-000000000001").ok_or("a draft id")?;
    let mut draft = Draft::new(id);
    draft.release = release();
    draft.template = template;
    draft.apply_template();
    let sent_at = "2026-12-01T18:00:00Z".parse()?;
    let message = DiscordMessage::for_post(&draft.body, &draft.release, sent_at);
    Ok((message, draft.release))
}

#[tokio::test]
async fn what_discord_receives_for_each_template_and_channel_kind() -> TestResult {
    let (client, base, seen) = discord().await?;
    let webhook = SecretString::from(format!("{base}/webhooks/500000000000000001/token"));
    let token = SecretString::from("bot-token".to_string());
    for template in Template::ALL {
        let (message, release) = message(template)?;
        client
            .execute_webhook(&webhook, &message, &Untraced)
            .await?;
        let thread = message.clone().as_forum_thread(&release);
        client.execute_webhook(&webhook, &thread, &Untraced).await?;
        let nonce = liner::marker::nonce(1, 1);
        client
            .create_message(&token, "400000000000000004", &message, &nonce, &Untraced)
            .await?;
        let sent = std::mem::take(&mut *seen.0.lock().map_err(|_| "poisoned")?);
        let [webhook_send, forum_send, bot_send] = <[_; 3]>::try_from(sent)
            .map_err(|sent| format!("expected 3 requests, got {}", sent.len()))?;
        for (kind, (path, body)) in [
            ("webhook", webhook_send),
            ("forum", forum_send),
            ("bot", bot_send),
        ] {
            let name = format!("{}-{kind}", template.token());
            insta::assert_json_snapshot!(name, json!({"request": path, "body": body}), {
                ".body.embeds[].timestamp" => "[time]",
                ".body.nonce" => "[nonce]",
            });
        }
    }
    Ok(())
}
