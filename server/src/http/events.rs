//! `GET /events/posts`: the viewer's posts as server-sent events.

use crate::app_state::AppState;
use crate::db::posts;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures_util::StreamExt;
use liner::views::Viewer;
use liner::Role;
use tokio_stream::wrappers::BroadcastStream;

/// `GET /events/posts`: the viewer's posts as they are now, then every change as it happens.
///
/// The page loads its list before it opens this stream; a change in between would be lost, so
/// the stream subscribes first and then sends the current state (the client keeps whichever copy
/// of a post is newer).
pub async fn stream(State(state): State<AppState>, viewer: Option<Extension<Viewer>>) -> Response {
    let Some(Extension(viewer)) = viewer else {
        return (axum::http::StatusCode::UNAUTHORIZED, "Please sign in.").into_response();
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
        .take_until(ended);
    Sse::new(snapshot.chain(events))
        .keep_alive(KeepAlive::default())
        .into_response()
}
