use crate::serverfns::DraftRequest;
use crate::AppError;
use leptos::prelude::*;
use liner::views::SaveOutcome;
use server_fn::codec::Json;

/// Stores a draft, upserting by its UUID. A replayed save is harmless; a save based on an old
/// revision returns the server's copy as a conflict instead of overwriting it.
#[server(endpoint = "drafts/save", input = Json)]
pub async fn save_draft(request: DraftRequest) -> Result<SaveOutcome, AppError> {
    use crate::serverfns::edge::*;
    use liner::Check;
    let viewer = require_viewer()?;
    let backend = backend()?;
    let errors = request
        .draft
        .validate(Check::Draft.with_hosts(backend.hosts()));
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    backend
        .save_draft(&viewer, request.draft, request.base_revision)
        .await
}
