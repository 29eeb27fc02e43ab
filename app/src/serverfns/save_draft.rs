use crate::AppError;
use leptos::prelude::*;
use liner::views::SaveOutcome;
use liner::Draft;
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;

/// A draft to store, and the revision it was last loaded or saved at (`None` if never).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveDraftRequest {
    pub draft: Draft,
    pub base_revision: Option<i64>,
}

/// Stores a draft, upserting by its UUID. A replayed save is harmless; a save based on an old
/// revision returns the server's copy as a conflict instead of overwriting it.
#[server(endpoint = "drafts/save", input = Json)]
pub async fn save_draft(request: SaveDraftRequest) -> Result<SaveOutcome, AppError> {
    use crate::serverfns::edge::*;
    use liner::Check;
    let viewer = require_viewer()?;
    let errors = request.draft.validate(Check::Draft);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    backend()?
        .save_draft(&viewer, request.draft, request.base_revision)
        .await
}
