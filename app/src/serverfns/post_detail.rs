use crate::AppError;
use leptos::prelude::*;
use liner::views::PostDetail;
use liner::PostId;

/// A post the viewer may see (their own; an admin, any), with every send to Discord.
#[server(endpoint = "posts/detail", input = server_fn::codec::Json)]
pub async fn load_post(id: PostId) -> Result<PostDetail, AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    backend()?.post_detail(&viewer, id).await
}
