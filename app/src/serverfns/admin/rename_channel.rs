use crate::AppError;
use leptos::prelude::*;
use liner::ChannelId;

/// Renames a channel in Liner (Discord's name stays).
#[server(endpoint = "admin/channels/rename", input = server_fn::codec::Json)]
pub async fn rename_channel(id: ChannelId, name: String) -> Result<(), AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.rename_channel(&admin, id, name).await
}
