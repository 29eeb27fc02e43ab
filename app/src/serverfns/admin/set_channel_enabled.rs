use crate::AppError;
use leptos::prelude::*;
use liner::ChannelId;

/// Disables a channel (pickers hide it, its scheduled posts wait) or enables it again.
#[server(endpoint = "admin/channels/enable", input = server_fn::codec::Json)]
pub async fn set_channel_enabled(id: ChannelId, enabled: bool) -> Result<(), AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.set_channel_enabled(&admin, id, enabled).await
}
