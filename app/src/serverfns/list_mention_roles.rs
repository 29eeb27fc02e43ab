use crate::AppError;
use leptos::prelude::*;
use liner::post::RoleRef;

/// Roles a post may mention.
#[server(endpoint = "roles/mentionable", input = server_fn::codec::Json)]
pub async fn list_mention_roles() -> Result<Vec<RoleRef>, AppError> {
    use crate::serverfns::edge::*;
    require_viewer()?;
    backend()?.mention_roles().await
}
