use crate::AppError;
use leptos::prelude::*;
use liner::views::StoredDraft;
use liner::PostId;

/// A draft or scheduled post, to edit in the wizard.
#[server(endpoint = "drafts/get", input = server_fn::codec::Json)]
pub async fn load_draft(id: PostId) -> Result<StoredDraft, AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    backend()?.load_draft(&viewer, id).await
}
