use crate::AppError;
use leptos::prelude::*;
use liner::ChannelId;

/// Removes a channel no post is scheduled to.
#[server(endpoint = "admin/channels/remove", input = server_fn::codec::Json)]
pub async fn remove_channel(id: ChannelId) -> Result<(), AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.remove_channel(&admin, id).await
}
