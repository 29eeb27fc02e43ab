use crate::AppError;
use leptos::prelude::*;
use liner::post::WebhookIdentity;
use liner::ChannelId;

/// Sets the name and avatar a webhook channel's messages show unless a post says otherwise.
#[server(endpoint = "admin/channels/identity", input = server_fn::codec::Json)]
pub async fn set_channel_identity(
    id: ChannelId,
    identity: WebhookIdentity,
) -> Result<(), AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.set_channel_identity(&admin, id, identity).await
}
