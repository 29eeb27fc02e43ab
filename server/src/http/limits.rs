//! What every answer carries and every request is held to: security headers, a body no larger
//! than the largest valid draft, and a time limit against slow clients.

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::Router;
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// The largest request body Liner reads. A draft at every Discord limit (a 6,000-character embed,
/// 2,000 characters of content, a long tracklist, links and buttons) is well under it, even as
/// JSON-escaped Unicode; axum's default (2 MB) would let anyone make the server read far more.
pub const BODY_LIMIT: usize = 256 * 1024;

/// How long a request may take, its body's arrival included. Answers that stream (the live
/// event stream) are only timed until their headers go out.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How a year of HSTS reads.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Adds the limits and headers to `router`; HSTS only when Liner is served over https.
pub fn apply<S: Clone + Send + Sync + 'static>(router: Router<S>, https: bool) -> Router<S> {
    let fixed: [(HeaderName, &'static str); 4] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    let mut router = router
        // A declared length over the limit is answered 413 before anything is read; a
        // chunked body is cut off where it passes it (the extractor then answers 400).
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ));
    for (name, value) in fixed {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    if https {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        ));
    }
    router
}
