use crate::serverfns::DraftRequest;
use crate::AppError;
use leptos::prelude::*;
use liner::views::PostView;
use server_fn::codec::Json;

/// Changes a published post: its message in Discord is updated first, and only then is the
/// new version stored. Nothing changes when the draft is invalid or Discord refuses.
#[server(endpoint = "posts/update", input = Json)]
pub async fn update_published(request: DraftRequest) -> Result<PostView, AppError> {
    use crate::serverfns::edge::*;
    use liner::Check;
    let viewer = require_viewer()?;
    let backend = backend()?;
    let errors = request
        .draft
        .validate(Check::Publish.with_hosts(backend.hosts()));
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    backend
        .update_published(&viewer, request.draft, request.base_revision)
        .await
}
