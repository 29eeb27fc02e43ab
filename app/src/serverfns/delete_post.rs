use crate::AppError;
use leptos::prelude::*;
use liner::PostId;

/// Deletes a post from Liner. A published message stays in Discord.
#[server(endpoint = "posts/delete", input = server_fn::codec::Json)]
pub async fn delete_post(id: PostId) -> Result<(), AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    backend()?.delete_post(&viewer, id).await
}
