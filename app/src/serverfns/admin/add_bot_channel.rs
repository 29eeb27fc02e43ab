use crate::AppError;
use leptos::prelude::*;
use liner::admin::AdminChannel;

/// Adds a channel the bot posts to itself, once the bot can read it.
#[server(endpoint = "admin/channels/add-bot", input = server_fn::codec::Json)]
pub async fn add_bot_channel(name: String, channel_id: String) -> Result<AdminChannel, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.add_bot_channel(&admin, name, channel_id).await
}
