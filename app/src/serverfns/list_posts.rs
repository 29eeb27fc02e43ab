use crate::AppError;
use leptos::prelude::*;
use liner::views::{PostFilter, PostPage};

/// One page of the signed-in member's posts (an admin sees everyone's), newest first.
#[server(endpoint = "posts", input = server_fn::codec::Json)]
pub async fn list_posts(
    #[server(default)] filter: PostFilter,
    #[server(default)] page: u32,
) -> Result<PostPage, AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    if page > 10_000 {
        return Err(AppError::BadRequest("That page does not exist.".into()));
    }
    backend()?.posts_page(&viewer, filter, page).await
}
