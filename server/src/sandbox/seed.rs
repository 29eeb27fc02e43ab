//! Sandbox set-up: the sandbox channels, pointing at the fake Discord's webhooks on the
//! address actually bound (so a free port works), and a channel the sandbox bot posts to.

use crate::crypto::SecretKey;
use crate::db::channels::{self, NewWebhookChannel};
use crate::db::{now_ms, Db};
use crate::sandbox::identity::{FakeChannel, BOT_CHANNELS, CHANNELS, FORUM_CHANNELS};
use url::Url;

pub async fn seed_channels(db: &Db, key: &SecretKey, api_base: &Url) -> anyhow::Result<()> {
    let seal = |c: &'static FakeChannel| -> anyhow::Result<_> {
        let url = format!(
            "{}/webhooks/{}/{}",
            api_base.as_str().trim_end_matches('/'),
            c.webhook_id,
            c.webhook_token
        );
        Ok((c, key.seal(&url)?, key.id().to_string()))
    };
    let webhooks = CHANNELS
        .iter()
        .map(seal)
        .collect::<anyhow::Result<Vec<_>>>()?;
    let forums = FORUM_CHANNELS
        .iter()
        .map(seal)
        .collect::<anyhow::Result<Vec<_>>>()?;
    // Ids follow this order (tests rely on it): the webhooks, the bot's channel, the forum.
    db.run(move |conn| {
        conn.immediate_transaction(|conn| {
            let upsert = |conn: &mut _, (c, blob, key_id): &(&FakeChannel, Vec<u8>, String)| {
                let row = NewWebhookChannel {
                    name: c.name,
                    forum: c.forum,
                    discord_channel_id: c.channel_id,
                    ciphertext: blob,
                    key_id,
                    discord_name: Some("Liner"),
                };
                channels::upsert_webhook(conn, &row, now_ms()).map(|_| ())
            };
            for w in &webhooks {
                upsert(conn, w)?;
            }
            for c in BOT_CHANNELS.iter() {
                channels::upsert_bot(conn, c.name, c.channel_id, Some(c.name), now_ms())?;
            }
            for f in &forums {
                upsert(conn, f)?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(())
}
