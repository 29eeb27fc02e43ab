use crate::AppError;
use leptos::prelude::*;
use liner::views::StoredDraft;
use liner::PostId;

/// Copies a post into a new draft.
#[server(endpoint = "posts/duplicate", input = server_fn::codec::Json)]
pub async fn duplicate_post(id: PostId) -> Result<StoredDraft, AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    backend()?.duplicate_post(&viewer, id).await
}
