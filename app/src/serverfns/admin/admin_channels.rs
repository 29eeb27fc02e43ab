use crate::AppError;
use leptos::prelude::*;
use liner::admin::AdminChannel;

/// Every channel, with its state and what was sent there.
#[server(endpoint = "admin/channels", input = server_fn::codec::Json)]
pub async fn admin_channels() -> Result<Vec<AdminChannel>, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.admin_channels(&admin).await
}
