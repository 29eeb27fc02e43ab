use crate::AppError;
use leptos::prelude::*;
use liner::views::PostView;

/// The signed-in member's posts, newest first.
#[server(endpoint = "posts")]
pub async fn list_posts() -> Result<Vec<PostView>, AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    backend()?.posts_for(&viewer).await
}
