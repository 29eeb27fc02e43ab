//! The session (who is signed in, sandbox or not) as one resource shared through context.

use crate::serverfns::{get_session_info, SessionInfo};
use crate::AppError;
use leptos::prelude::*;

/// The session resource, loaded once per page load.
#[derive(Clone, Copy)]
pub struct SessionContext(pub Resource<Result<SessionInfo, AppError>>);

pub fn provide_session_context() {
    provide_context(SessionContext(Resource::new(|| (), |_| get_session_info())));
}

pub fn use_session() -> Resource<Result<SessionInfo, AppError>> {
    expect_context::<SessionContext>().0
}

/// Whether the signed-in member is an admin (false while the session loads).
pub fn use_is_admin() -> Signal<bool> {
    let session = use_session();
    Signal::derive(move || {
        session
            .get()
            .and_then(Result::ok)
            .and_then(|s| s.viewer)
            .is_some_and(|v| v.role == liner::Role::Admin)
    })
}

/// Whether the signed-in member's publishing is a submission for an admin's approval (false
/// while the session loads; the server decides in any case).
pub fn use_submits_for_approval() -> Signal<bool> {
    let session = use_session();
    Signal::derive(move || {
        session
            .get()
            .and_then(Result::ok)
            .is_some_and(|s| s.submits_for_approval())
    })
}

/// Which hosts a post's URLs may name, as the server checks them; any while the session loads
/// or cannot be had (offline), since the server decides when the draft reaches it.
pub fn use_url_hosts() -> Signal<liner::Hosts> {
    let session = use_session();
    Signal::derive(move || {
        session
            .get()
            .and_then(Result::ok)
            .map_or(liner::Hosts::Any, |s| s.hosts)
    })
}

/// The signed-in member's id (`None` while the session loads, or when signed out).
pub fn signed_in_user() -> Option<liner::UserId> {
    use_session()
        .get()
        .and_then(Result::ok)
        .and_then(|s| s.viewer)
        .map(|v| v.id)
}

/// What the signed-in member may do with a post in a given status, by the core's rules
/// (`liner::permissions`), which the server enforces. A page shows only the viewer's own posts,
/// or everyone's to an admin, so every post it shows passes the authorship test. Reactive: read
/// inside a view closure; while the session loads, the member counts as a poster.
pub fn use_post_actions() -> impl Fn(liner::PostStatus) -> liner::Actions + Copy + 'static {
    let is_admin = use_is_admin();
    move |status| {
        let role = if is_admin.get() {
            liner::Role::Admin
        } else {
            liner::Role::Poster
        };
        liner::permissions::actions(status, role, true)
    }
}
