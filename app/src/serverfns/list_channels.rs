use crate::AppError;
use leptos::prelude::*;
use liner::views::ChannelView;

/// The channels the signed-in member may post to.
#[server(endpoint = "channels", input = server_fn::codec::Json)]
pub async fn list_channels() -> Result<Vec<ChannelView>, AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    backend()?.channels_for(&viewer).await
}
