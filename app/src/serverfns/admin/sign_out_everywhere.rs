use crate::AppError;
use leptos::prelude::*;
use liner::UserId;

/// Ends all of a member's sessions at once; returns how many ended.
#[server(endpoint = "admin/members/sign-out", input = server_fn::codec::Json)]
pub async fn sign_out_everywhere(member: UserId) -> Result<u32, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.sign_out_everywhere(&admin, member).await
}
