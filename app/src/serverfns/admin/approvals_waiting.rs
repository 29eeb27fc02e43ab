use crate::AppError;
use leptos::prelude::*;

/// How many posts wait for review (the header's count).
#[server(endpoint = "admin/approvals/count", input = server_fn::codec::Json)]
pub async fn approvals_waiting() -> Result<u32, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.approvals_waiting(&admin).await
}
