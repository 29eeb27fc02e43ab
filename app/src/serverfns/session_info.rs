use crate::AppError;
use leptos::prelude::*;
use liner::views::Viewer;
use serde::{Deserialize, Serialize};

/// Who is signed in, and how this Liner runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub viewer: Option<Viewer>,
    pub sandbox: bool,
    pub guild_name: String,
}

#[server(endpoint = "session")]
pub async fn get_session_info() -> Result<SessionInfo, AppError> {
    use crate::serverfns::edge::*;
    let backend = backend()?;
    Ok(SessionInfo {
        viewer: viewer(),
        sandbox: backend.sandbox(),
        guild_name: backend.guild_name(),
    })
}
