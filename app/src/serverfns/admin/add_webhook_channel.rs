use crate::AppError;
use leptos::prelude::*;
use liner::admin::AdminChannel;

/// Adds a webhook channel once Discord confirms the webhook belongs to the guild. The URL is
/// stored encrypted and never shown again.
#[server(endpoint = "admin/channels/add-webhook", input = server_fn::codec::Json)]
pub async fn add_webhook_channel(
    name: String,
    webhook: String,
    #[server(default)] forum: bool,
) -> Result<AdminChannel, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?
        .add_webhook_channel(&admin, name, webhook, forum)
        .await
}
