use crate::AppError;
use leptos::prelude::*;
use liner::views::PostView;
use liner::PostId;

/// Sends a submitted post, as reviewed at `revision`, back to its poster with a comment.
#[server(endpoint = "admin/approvals/send-back", input = server_fn::codec::Json)]
pub async fn send_back_post(
    id: PostId,
    revision: i64,
    comment: String,
) -> Result<PostView, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?
        .send_back_post(&admin, id, revision, comment)
        .await
}
