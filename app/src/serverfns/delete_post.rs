use crate::AppError;
use leptos::prelude::*;
use liner::PostId;

/// Deletes a post from Liner. A published message stays in Discord unless `from_discord` asks
/// for it to go too; then Discord deletes it first, and a failure there keeps the post.
#[server(endpoint = "posts/delete", input = server_fn::codec::Json)]
pub async fn delete_post(
    id: PostId,
    #[server(default)] from_discord: bool,
) -> Result<(), AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    backend()?.delete_post(&viewer, id, from_discord).await
}
