use crate::AppError;
use leptos::prelude::*;
use liner::admin::Settings;

/// Turns approvals on (posters' posts wait for an admin) or off.
#[server(endpoint = "admin/settings/approvals", input = server_fn::codec::Json)]
pub async fn set_approvals(on: bool) -> Result<Settings, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.set_approvals(&admin, on).await
}
