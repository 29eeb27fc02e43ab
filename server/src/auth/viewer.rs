//! Middleware: loads the signed-in member for every request and enforces the session's absolute
//! lifetime. Server functions and handlers then read `Viewer` from the request extensions.

use super::{keys, ABSOLUTE_DAYS, TOUCH_SECS};
use crate::db::users;
use crate::db::Db;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use liner::views::Viewer;
use tower_sessions::Session;

pub async fn load_viewer(State(db): State<Db>, mut req: Request, next: Next) -> Response {
    if let Some(session) = req.extensions().get::<Session>().cloned() {
        if let Some(viewer) = signed_in(&db, &session).await {
            req.extensions_mut().insert(viewer);
        }
    }
    next.run(req).await
}

async fn get_i64(session: &Session, key: &str) -> Option<i64> {
    session.get::<i64>(key).await.ok().flatten()
}

/// The session's member, if it has one and it is still valid; ends a session that is not.
async fn signed_in(db: &Db, session: &Session) -> Option<Viewer> {
    let user_id = get_i64(session, keys::USER_ID).await?;
    let now = chrono::Utc::now().timestamp();
    if now - get_i64(session, keys::CREATED_AT).await.unwrap_or(0) > ABSOLUTE_DAYS * 86_400 {
        let _ = session.flush().await;
        return None;
    }
    if now - get_i64(session, keys::SEEN_AT).await.unwrap_or(0) > TOUCH_SECS {
        // Marks the session changed, so it is saved with a fresh idle expiry.
        let _ = session.insert(keys::SEEN_AT, now).await;
    }
    match db.run(move |c| Ok(users::find(c, user_id)?)).await {
        Ok(Some(user)) => user.viewer(),
        Ok(None) => {
            let _ = session.flush().await;
            None
        }
        Err(e) => {
            tracing::error!(error = %e, "could not load the signed-in user");
            None
        }
    }
}
