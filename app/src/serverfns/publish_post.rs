use crate::AppError;
use leptos::prelude::*;
use liner::views::PostView;
use liner::Draft;
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;

/// A draft to publish now or schedule (its `schedule` says which), and the revision the client
/// last saw (`None` for a post never saved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishRequest {
    pub draft: Draft,
    pub base_revision: Option<i64>,
}

/// Validates the whole draft, stores it and queues it for its time. Nothing is stored or queued
/// when anything is invalid.
#[server(endpoint = "posts/publish", input = Json)]
pub async fn publish_post(request: PublishRequest) -> Result<PostView, AppError> {
    use crate::serverfns::edge::*;
    use liner::Check;
    let viewer = require_viewer()?;
    let errors = request.draft.validate(Check::Publish);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    backend()?
        .publish(&viewer, request.draft, request.base_revision)
        .await
}
