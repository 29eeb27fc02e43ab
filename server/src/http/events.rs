//! `GET /events/posts`: the viewer's posts as server-sent events.

use crate::app_state::AppState;
use crate::db::posts;
use crate::events::StreamsFull;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures_util::StreamExt;
use liner::views::Viewer;
use liner::Role;
use tokio_stream::wrappers::BroadcastStream;

/// When a refused page should try again; its own retry waits as long (`live_posts`).
const RETRY_SECS: u64 = app::components::live_posts::REFUSED_RETRY_SECS;

/// `GET /events/posts`: the viewer's posts as they are now, then every change as it happens.
///
/// The page loads its list before it opens this stream; a change in between would be lost, so
/// the stream subscribes first and then sends the current state (the client keeps whichever copy
/// of a post is newer).
pub async fn stream(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    session: Option<Extension<tower_sessions::Session>>,
) -> Response {
    let Some(Extension(viewer)) = viewer else {
        return (axum::http::StatusCode::UNAUTHORIZED, "Please sign in.").into_response();
    };
    let slot = match state.events.open_stream(viewer.id) {
        Ok(slot) => slot,
        Err(full) => return refused(full),
    };
    let shutdown = state.shutdown.clone();
    let ended = state.events.ended(viewer.id);
    let live = state.events.subscribe();
    let author = (viewer.role != Role::Admin).then_some(viewer.id.0);
    let current = match state
        .db
        .run(move |c| Ok(posts::list(c, author, posts::LIST_LIMIT)?))
        .await
    {
        Ok(list) => list,
        Err(e) => {
            tracing::error!(error = %e, "could not load posts for the event stream");
            Vec::new()
        }
    };
    let snapshot = futures_util::stream::iter(current.into_iter().rev().filter_map(|post| {
        let json = serde_json::to_string(&post).ok()?;
        Some(Ok::<_, std::convert::Infallible>(
            Event::default().data(json),
        ))
    }));
    let events = BroadcastStream::new(live)
        .filter_map(move |ev| {
            let viewer = viewer.clone();
            async move {
                let ev = ev.ok()?;
                if ev.author != viewer.id && viewer.role != Role::Admin {
                    return None;
                }
                let json = serde_json::to_string(&ev.post).ok()?;
                Some(Ok::<_, std::convert::Infallible>(
                    Event::default()
                        .event(app::components::live_posts::CHANGE_EVENT)
                        .data(json),
                ))
            }
        })
        // Open streams must not hold up a graceful shutdown, nor outlive their sessions.
        .take_until(shutdown.cancelled_owned())
        .take_until(ended)
        .take_until(session_ends(
            state.db.clone(),
            session.and_then(|Extension(s)| s.id()),
        ))
        // Counted as open for as long as the stream lives.
        .map(move |event| {
            let _open = &slot;
            event
        });
    Sse::new(snapshot.chain(events))
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// A stream past the caps: the member's own (429) or everyone's (503), with when to try again.
fn refused(full: StreamsFull) -> Response {
    let (status, wait) = match full {
        StreamsFull::Member(_) => (StatusCode::TOO_MANY_REQUESTS, RETRY_SECS),
        StreamsFull::All(_) => (StatusCode::SERVICE_UNAVAILABLE, RETRY_SECS),
    };
    (
        status,
        [(header::RETRY_AFTER, wait.to_string())],
        full.to_string(),
    )
        .into_response()
}

/// How often an open stream looks whether its session still exists.
const SESSION_RECHECK: std::time::Duration = std::time::Duration::from_secs(60);

/// Resolves when the stream's session is gone: ended from another process (`liner member
/// revoke`), or expired, which the in-process `end_streams` cannot know of.
async fn session_ends(db: crate::db::Db, id: Option<tower_sessions::session::Id>) {
    let Some(id) = id else {
        // A signed-in viewer always has a stored session; nothing to watch otherwise.
        return std::future::pending().await;
    };
    let stored = crate::auth::session_store::stored_id(&id);
    let mut every = tokio::time::interval(SESSION_RECHECK);
    every.tick().await;
    loop {
        every.tick().await;
        let key = stored.clone();
        let now = chrono::Utc::now().timestamp();
        match db
            .run(move |c| Ok(crate::db::sessions::load(c, &key, now)?))
            .await
        {
            Ok(Some(_)) => {}
            Ok(None) => return,
            // A busy database is not a reason to cut anyone off; look again next time.
            Err(e) => tracing::warn!(error = %e, "could not re-check an event stream's session"),
        }
    }
}
