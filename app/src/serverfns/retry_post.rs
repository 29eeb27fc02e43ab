use crate::AppError;
use leptos::prelude::*;
use liner::views::PostView;
use liner::PostId;

/// Sends a failed post again, now. A post that needs review (it may have arrived) is sent again
/// only by an admin, who can check the channel first.
#[server(endpoint = "posts/retry", input = server_fn::codec::Json)]
pub async fn retry_post(id: PostId) -> Result<PostView, AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    backend()?.retry_post(&viewer, id).await
}

/// Marks a post that needs review as published: an admin checked and it arrived.
#[server(endpoint = "posts/confirm-arrived", input = server_fn::codec::Json)]
pub async fn confirm_arrived(id: PostId) -> Result<PostView, AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    backend()?.confirm_arrived(&viewer, id).await
}
