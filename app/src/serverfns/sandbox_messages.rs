use crate::AppError;
use leptos::prelude::*;
use liner::views::SandboxMessage;

/// What the sandbox's fake Discord received, newest first. Like a Discord channel, it is for
/// signed-in members only.
#[server(endpoint = "sandbox/messages", input = server_fn::codec::Json)]
pub async fn sandbox_messages() -> Result<Vec<SandboxMessage>, AppError> {
    use crate::serverfns::edge::*;
    require_viewer()?;
    let backend = backend()?;
    if !backend.sandbox() {
        return Err(AppError::NotFound("The sandbox".into()));
    }
    backend.sandbox_messages().await
}
