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
    /// Posters' posts wait for an admin's approval.
    #[serde(default)]
    pub approvals: bool,
    /// Which hosts a post's image and link URLs may name.
    #[serde(default = "public_hosts")]
    pub hosts: liner::Hosts,
}

fn public_hosts() -> liner::Hosts {
    liner::Hosts::Public
}

impl SessionInfo {
    /// Whether the signed-in member's publishing is a submission for approval.
    pub fn submits_for_approval(&self) -> bool {
        self.viewer
            .as_ref()
            .is_some_and(|v| liner::approval::needs_approval(self.approvals, v.role))
    }
}

#[server(endpoint = "session", input = server_fn::codec::Json)]
pub async fn get_session_info() -> Result<SessionInfo, AppError> {
    use crate::serverfns::edge::*;
    let backend = backend()?;
    let viewer = viewer();
    let approvals = match viewer {
        Some(_) => backend.approvals_on().await?,
        None => false,
    };
    Ok(SessionInfo {
        viewer,
        sandbox: backend.sandbox(),
        guild_name: backend.guild_name(),
        approvals,
        hosts: backend.hosts(),
    })
}
