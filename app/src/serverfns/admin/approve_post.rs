use crate::AppError;
use leptos::prelude::*;
use liner::approval::ApproveWhen;
use liner::views::PostView;
use liner::PostId;

/// Approves a submitted post as reviewed at `revision`: it goes out at the time its poster
/// asked for, or at `when` (now, or another time) when the admin chooses.
#[server(endpoint = "admin/approvals/approve", input = server_fn::codec::Json)]
pub async fn approve_post(
    id: PostId,
    revision: i64,
    when: ApproveWhen,
) -> Result<PostView, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.approve_post(&admin, id, revision, when).await
}
