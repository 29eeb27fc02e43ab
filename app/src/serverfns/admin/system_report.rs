use crate::AppError;
use leptos::prelude::*;
use liner::system::SystemReport;

/// Admin → System: the queue, outcomes, delays, rate limits, sources, database and process.
#[server(endpoint = "admin/system", input = server_fn::codec::Json)]
pub async fn load_system_report() -> Result<SystemReport, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.system_report(&admin).await
}
