use crate::AppError;
use leptos::prelude::*;
use liner::admin::MembersPage;

/// Everyone who signed in, and which Discord roles make an admin or a poster.
#[server(endpoint = "admin/members", input = server_fn::codec::Json)]
pub async fn list_members() -> Result<MembersPage, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.members(&admin).await
}
