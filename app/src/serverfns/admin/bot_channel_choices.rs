use crate::AppError;
use leptos::prelude::*;
use liner::admin::BotChannelChoices;

/// The guild's text and announcement channels the bot can post in (by Discord's permissions),
/// for "Add a bot channel".
#[server(endpoint = "admin/channels/bot-choices", input = server_fn::codec::Json)]
pub async fn list_bot_channel_choices() -> Result<BotChannelChoices, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.bot_channel_choices(&admin).await
}
