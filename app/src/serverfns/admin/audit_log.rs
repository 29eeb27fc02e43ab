use crate::AppError;
use leptos::prelude::*;
use liner::audit::{AuditPage, AuditQuery};

/// A page of the audit log, filtered by `query`.
#[server(endpoint = "admin/audit", input = server_fn::codec::Json)]
pub async fn audit_log(query: AuditQuery) -> Result<AuditPage, AppError> {
    use crate::serverfns::edge::*;
    let admin = require_admin()?;
    backend()?.audit_log(&admin, query).await
}
