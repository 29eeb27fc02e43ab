//! Middleware: loads the signed-in member for every request and enforces the session's absolute
//! lifetime; the member's role is re-checked against Discord when it is old (`membership`).
//! Server functions and handlers then read `Viewer` from the request extensions.

use super::membership::Membership;
use super::{keys, ABSOLUTE_DAYS, TOUCH_SECS};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use liner::views::Viewer;
use std::sync::Arc;
use tower_sessions::Session;

pub async fn load_viewer(
    State(membership): State<Arc<Membership>>,
    mut req: Request,
    next: Next,
) -> Response {
    if let Some(session) = req.extensions().get::<Session>().cloned() {
        if let Some(viewer) = signed_in(&membership, &session).await {
            req.extensions_mut().insert(viewer);
        }
    }
    next.run(req).await
}

async fn get_i64(session: &Session, key: &str) -> Option<i64> {
    session.get::<i64>(key).await.ok().flatten()
}

/// The session's member, if it has one and it is still valid; ends a session that is not.
async fn signed_in(membership: &Membership, session: &Session) -> Option<Viewer> {
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
    let row = membership
        .db
        .run(move |c| Ok(crate::db::users::find_with_role_check(c, user_id)?))
        .await;
    let current = match row {
        Ok(Some((user, checked_at))) => membership.current(user, checked_at).await.map(Some),
        other => other.map(|_| None),
    };
    match current {
        Ok(Some(Some(viewer))) => Some(viewer),
        Ok(_) => {
            let _ = session.flush().await;
            None
        }
        Err(e) => {
            tracing::error!(error = %e, "could not load the signed-in user");
            None
        }
    }
}
