use crate::serverfns::DraftRequest;
use crate::AppError;
use leptos::prelude::*;
use liner::views::PostView;
use server_fn::codec::Json;

/// Validates the whole draft, stores it and queues it for its time (its `schedule` says now or
/// when). Nothing is stored or queued when anything is invalid.
#[server(endpoint = "posts/publish", input = Json)]
pub async fn publish_post(request: DraftRequest) -> Result<PostView, AppError> {
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
        .publish(&viewer, request.draft, request.base_revision)
        .await
}
