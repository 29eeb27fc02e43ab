use crate::AppError;
use leptos::prelude::*;
use liner::approval::ApprovalItem;

/// Posts waiting for an admin's review, the longest-waiting first, with their previews.
#[server(endpoint = "admin/approvals", input = server_fn::codec::Json)]
pub async fn approval_queue() -> Result<Vec<ApprovalItem>, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.approval_queue(&admin).await
}
