use crate::AppError;
use leptos::prelude::*;
use liner::admin::Settings;

/// Liner-wide settings, as admins see them.
#[server(endpoint = "admin/settings", input = server_fn::codec::Json)]
pub async fn admin_settings() -> Result<Settings, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.settings(&admin).await
}
