//! Sandbox set-up: the sandbox channels, pointing at the fake Discord's webhooks on the
//! address actually bound (so a free port works), and a channel the sandbox bot posts to.

use crate::crypto::SecretKey;
use crate::db::channels::{self, NewWebhookChannel};
use crate::db::{now_ms, Db};
use crate::fakes::{BOT_CHANNELS, CHANNELS};
use url::Url;

pub async fn seed_channels(db: &Db, key: &SecretKey, api_base: &Url) -> anyhow::Result<()> {
    let mut rows = Vec::new();
    for c in CHANNELS.iter() {
        let url = format!(
            "{}/webhooks/{}/{}",
            api_base.as_str().trim_end_matches('/'),
            c.webhook_id,
            c.webhook_token
        );
        rows.push((c.name, c.channel_id, key.seal(&url)?, key.id().to_string()));
    }
    db.run(move |conn| {
        conn.immediate_transaction(|conn| {
            for (name, channel_id, blob, key_id) in &rows {
                let row = NewWebhookChannel {
                    name,
                    discord_channel_id: channel_id,
                    ciphertext: blob,
                    key_id,
                };
                channels::upsert_webhook(conn, &row, now_ms())?;
            }
            for c in BOT_CHANNELS.iter() {
                channels::upsert_bot(conn, c.name, c.channel_id, now_ms())?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(())
}
