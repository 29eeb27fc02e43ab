//! Middleware: loads the signed-in member for every request and enforces the session's absolute
//! lifetime. Server functions and handlers then read `Viewer` from the request extensions.

use super::{keys, ABSOLUTE_DAYS};
use crate::db::users;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

pub async fn load_viewer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if let Some(session) = req.extensions().get::<Session>().cloned() {
        if let Ok(Some(user_id)) = session.get::<i64>(keys::USER_ID).await {
            let created = session
                .get::<i64>(keys::CREATED_AT)
                .await
                .ok()
                .flatten()
                .unwrap_or(0);
            let too_old = chrono::Utc::now().timestamp() - created > ABSOLUTE_DAYS * 86_400;
            if too_old {
                let _ = session.flush().await;
            } else {
                match state.db.run(move |c| Ok(users::find(c, user_id)?)).await {
                    Ok(Some(user)) => {
                        if let Some(viewer) = user.viewer() {
                            req.extensions_mut().insert(viewer);
                        }
                    }
                    Ok(None) => {
                        let _ = session.flush().await;
                    }
                    Err(e) => tracing::error!(error = %e, "could not load the signed-in user"),
                }
            }
        }
    }
    next.run(req).await
}
