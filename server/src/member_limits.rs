//! Server functions limited per member: a signed-in member (or a script with their cookie) can
//! save, publish, change, delete and read only so fast, each kind of request with its own
//! allowance, so one member cannot flood the database, the queue or Discord for everyone else.
//! Past it, the answer is a 429 with `Retry-After` and an `AppError` the page shows as it is.
//!
//! Lookups have their own, tighter limit in `lookup` (they cost the release sources' quotas);
//! signed-out callers are refused by the functions themselves before any work.
//!
//! Every server function is named in [`kind_of`], so a new one cannot slip by unclassified
//! (a test checks the list against the registered functions).

use app::AppError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use liner::views::Viewer;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// Where server functions are mounted.
const API: &str = "/api/";

/// What a server function does, as far as its allowance goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Saving or copying a draft.
    Save,
    /// Sending a post (now, later, again) or settling one.
    Publish,
    /// Changing a published post's message.
    Update,
    /// Deleting a post, or a channel.
    Delete,
    /// An admin's change to channels, members or settings.
    Change,
    /// Reading: pages, lists, a post.
    Read,
    /// Limited where the work is (`lookup`).
    Lookup,
}

impl Kind {
    const LIMITED: [Kind; 6] = [
        Kind::Save,
        Kind::Publish,
        Kind::Update,
        Kind::Delete,
        Kind::Change,
        Kind::Read,
    ];

    /// The burst a member may make, and how often one more is allowed after it. Roomy for a
    /// person (a device coming back online syncs its whole outbox of drafts at once; an admin
    /// approves a batch), not for a script.
    fn allowance(self) -> (u32, Duration) {
        match self {
            Kind::Save => (60, Duration::from_secs(1)),
            Kind::Publish => (30, Duration::from_secs(2)),
            Kind::Update => (20, Duration::from_secs(3)),
            Kind::Delete => (30, Duration::from_secs(2)),
            Kind::Change => (30, Duration::from_secs(2)),
            Kind::Read | Kind::Lookup => (300, Duration::from_millis(50)),
        }
    }

    /// What the member was doing, for the message.
    fn doing(self) -> &'static str {
        match self {
            Kind::Save => "saving drafts",
            Kind::Publish => "publishing",
            Kind::Update => "changing published posts",
            Kind::Delete => "deleting",
            Kind::Change => "changing settings",
            Kind::Read | Kind::Lookup => "loading pages",
        }
    }
}

/// The kind of the server function at `path` (`/api/…`); `None` for a path that is none.
pub fn kind_of(path: &str) -> Option<Kind> {
    let name = path.strip_prefix(API)?;
    Some(match name {
        "drafts/save" | "posts/duplicate" => Kind::Save,
        "posts/publish"
        | "posts/retry"
        | "posts/confirm-arrived"
        | "admin/approvals/approve"
        | "admin/approvals/send-back" => Kind::Publish,
        "posts/update" => Kind::Update,
        "posts/delete" | "admin/channels/remove" => Kind::Delete,
        "admin/channels/add-bot"
        | "admin/channels/add-webhook"
        | "admin/channels/enable"
        | "admin/channels/identity"
        | "admin/channels/rename"
        | "admin/channels/replace-webhook"
        | "admin/members/sign-out"
        | "admin/settings/approvals" => Kind::Change,
        "lookup/search" | "lookup/release" | "lookup/link" => Kind::Lookup,
        "session"
        | "channels"
        | "roles/mentionable"
        | "schedule/resolve"
        | "drafts/get"
        | "posts"
        | "posts/detail"
        | "posts/earlier"
        | "sandbox/messages"
        | "admin/approvals"
        | "admin/approvals/count"
        | "admin/audit"
        | "admin/channels"
        | "admin/channels/bot-choices"
        | "admin/members"
        | "admin/settings"
        | "admin/system" => Kind::Read,
        _ => return None,
    })
}

/// One allowance per kind, each member with their own.
pub struct MemberLimits {
    limiters: Vec<(Kind, DefaultKeyedRateLimiter<i64>)>,
}

impl MemberLimits {
    /// The allowances above, each multiplied by `scale` (`LINER_MEMBER_RATE_SCALE`).
    pub fn new(scale: NonZeroU32) -> Arc<MemberLimits> {
        let limiters = Kind::LIMITED
            .into_iter()
            .filter_map(|kind| {
                let (burst, every) = kind.allowance();
                let burst = NonZeroU32::new(burst.saturating_mul(scale.get()))?;
                let quota = Quota::with_period(every / scale.get())?.allow_burst(burst);
                Some((kind, DefaultKeyedRateLimiter::keyed(quota)))
            })
            .collect();
        Arc::new(MemberLimits { limiters })
    }

    /// How long `member` must wait before another request of `kind`, if they must.
    pub fn check(&self, member: i64, kind: Kind) -> Result<(), Duration> {
        let Some((_, limiter)) = self.limiters.iter().find(|(k, _)| *k == kind) else {
            return Ok(());
        };
        limiter
            .check_key(&member)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Forgets members whose allowances are full again, so the tables do not grow.
    pub fn forget_idle(&self) {
        for (_, limiter) in &self.limiters {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

/// Whole seconds to wait, never zero: a client retrying after `Retry-After: 0` would only be
/// refused again.
fn whole_seconds(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

fn message(kind: Kind, secs: u64) -> String {
    let unit = if secs == 1 { "second" } else { "seconds" };
    format!(
        "You are {} very fast; wait {secs} {unit} and try again.",
        kind.doing()
    )
}

/// The middleware: inside the viewer layer, so the member is known.
pub async fn guard(State(limits): State<Arc<MemberLimits>>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let (Some(kind), Some(viewer)) = (kind_of(req.uri().path()), req.extensions().get::<Viewer>())
    else {
        return next.run(req).await;
    };
    match limits.check(viewer.id.0, kind) {
        Ok(()) => next.run(req).await,
        Err(wait) => too_many(kind, whole_seconds(wait), req.uri().path()),
    }
}

/// The answer a server function's client decodes into `AppError::TooManyRequests`.
fn too_many(kind: Kind, secs: u64, path: &str) -> Response {
    let error = AppError::TooManyRequests(message(kind, secs));
    let body = serde_json::to_vec(&error).unwrap_or_default();
    let mut resp = (StatusCode::TOO_MANY_REQUESTS, body).into_response();
    let headers = resp.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(path) = HeaderValue::from_str(path) {
        headers.insert(leptos::server_fn::error::SERVER_FN_ERROR_HEADER, path);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_api_have_no_kind() {
        assert_eq!(kind_of("/posts"), None);
        assert_eq!(kind_of("/api/nothing"), None);
        assert_eq!(kind_of("/api/drafts/save"), Some(Kind::Save));
    }

    #[test]
    fn a_burst_is_allowed_then_refused_with_the_wait() {
        let limits = MemberLimits::new(NonZeroU32::MIN);
        for _ in 0..20 {
            assert_eq!(limits.check(7, Kind::Update), Ok(()));
        }
        let Err(wait) = limits.check(7, Kind::Update) else {
            panic!("the 21st update in a burst is refused");
        };
        assert!(wait <= Duration::from_secs(3), "{wait:?}");
        assert_eq!(whole_seconds(wait), 3);
        // Another member, and another kind, have their own allowances.
        assert_eq!(limits.check(8, Kind::Update), Ok(()));
        assert_eq!(limits.check(7, Kind::Save), Ok(()));
    }

    #[test]
    fn a_scale_multiplies_the_allowance() {
        let limits = MemberLimits::new(NonZeroU32::MIN.saturating_add(9));
        for _ in 0..200 {
            assert_eq!(limits.check(7, Kind::Update), Ok(()));
        }
        assert!(limits.check(7, Kind::Update).is_err());
    }

    #[test]
    fn the_message_says_what_and_how_long() {
        assert_eq!(
            message(Kind::Save, 1),
            "You are saving drafts very fast; wait 1 second and try again."
        );
        assert_eq!(
            message(Kind::Publish, 12),
            "You are publishing very fast; wait 12 seconds and try again."
        );
        assert_eq!(whole_seconds(Duration::from_millis(10)), 1);
        assert_eq!(whole_seconds(Duration::from_millis(2100)), 3);
    }
}
