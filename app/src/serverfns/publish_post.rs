use crate::AppError;
use leptos::prelude::*;
use liner::views::PostView;
use liner::{ChannelId, PostContent};
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;

/// A post to publish now, as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishRequest {
    pub channel_id: Option<ChannelId>,
    pub content: PostContent,
}

/// Validates and stores the post, then queues it for publishing. Nothing is stored or queued when
/// any field is invalid.
#[server(endpoint = "posts/publish", input = Json)]
pub async fn publish_post(request: PublishRequest) -> Result<PostView, AppError> {
    use crate::serverfns::edge::*;
    use liner::{Field, FieldError};
    let viewer = require_viewer()?;
    let mut errors = request.content.validate();
    if request.channel_id.is_none() {
        errors.push(FieldError {
            field: Field::Channel,
            message: "Choose a channel.".into(),
        });
    }
    match request.channel_id {
        Some(channel) if errors.is_empty() => {
            backend()?
                .publish_now(&viewer, channel, request.content)
                .await
        }
        _ => Err(AppError::Invalid(errors)),
    }
}
