use crate::AppError;
use leptos::prelude::*;
use liner::admin::WebhookReplaced;
use liner::ChannelId;

/// Gives a webhook channel a new webhook, checked with Discord as a new channel's is; mends a
/// broken channel. Says which published posts Liner can no longer change.
#[server(endpoint = "admin/channels/replace-webhook", input = server_fn::codec::Json)]
pub async fn replace_webhook(id: ChannelId, webhook: String) -> Result<WebhookReplaced, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.replace_webhook(&admin, id, webhook).await
}
