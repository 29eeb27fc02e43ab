//! Cross-origin request defence. The session cookie is `SameSite=Lax`, which a page on another
//! port of the same host or on a sibling subdomain still gets sent with (they are the same
//! *site*), so a request that changes something must also come from one of Liner's own pages:
//! the browser's `Sec-Fetch-Site`, else its `Origin`, must name Liner's origin. A request with
//! neither comes from no browser (curl, a script with a copied cookie) and is no cross-site
//! forgery. Server functions also take only JSON, which a plain HTML form or a "simple"
//! cross-origin fetch cannot send without the browser asking first.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use url::Url;

/// Where server functions live; every one of them takes JSON.
const SERVER_FN_PREFIX: &str = "/api/";

/// Liner's own origin: fixed from `LINER_PUBLIC_URL`, or (sandbox, where members may use
/// `localhost` or `127.0.0.1`) the origin the request itself names in `Host`.
#[derive(Debug, Clone)]
pub struct OwnOrigin {
    fixed: Option<String>,
}

impl OwnOrigin {
    /// `fixed` (an origin such as `https://liner.example.org`), or when `None` the request's
    /// own `Host` over http (the sandbox is loopback only).
    pub fn new(fixed: Option<String>) -> Self {
        Self { fixed }
    }

    /// The origin of `public_url`.
    pub fn fixed(public_url: &Url) -> Self {
        Self::new(Some(public_url.origin().ascii_serialization()))
    }

    pub fn from_host() -> Self {
        Self::new(None)
    }

    fn matches(&self, origin: &str, headers: &HeaderMap) -> bool {
        match &self.fixed {
            Some(own) => origin == own,
            None => headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .is_some_and(|host| origin == format!("http://{host}")),
        }
    }
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("This request came from a page that is not Liner's ({0}); Liner accepts changes only from its own pages.")]
    CrossOrigin(String),
    #[error("Liner's server functions take JSON: send Content-Type: application/json.")]
    NotJson,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status = match self {
            Refusal::CrossOrigin(_) => StatusCode::FORBIDDEN,
            Refusal::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        };
        (status, self.to_string()).into_response()
    }
}

/// Whether the request may go on.
pub fn check(
    own: &OwnOrigin,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Result<(), Refusal> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .map(|v| v.to_str().unwrap_or("(unreadable)"))
    };
    match (
        text(header::HeaderName::from_static("sec-fetch-site")),
        text(header::ORIGIN),
    ) {
        // "none": the member started it themselves (a bookmark, the address bar).
        (Some("same-origin" | "none"), _) => {}
        (Some(site), _) => return Err(Refusal::CrossOrigin(format!("Sec-Fetch-Site: {site}"))),
        (None, Some(origin)) if own.matches(origin, headers) => {}
        (None, Some(origin)) => return Err(Refusal::CrossOrigin(format!("Origin: {origin}"))),
        (None, None) => {}
    }
    if *method == Method::POST && path.starts_with(SERVER_FN_PREFIX) && !is_json(headers) {
        return Err(Refusal::NotJson);
    }
    Ok(())
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// The layer: refuses before the session is even read.
pub async fn guard(State(own): State<OwnOrigin>, req: Request, next: Next) -> Response {
    if let Err(refusal) = check(&own, req.method(), req.uri().path(), req.headers()) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), reason = %refusal, "request refused");
        return refusal.into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    const JSON: (&str, &str) = ("content-type", "application/json");

    #[test]
    fn reads_pass_whatever_their_origin() {
        let own = OwnOrigin::from_host();
        let h = headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
        ]);
        assert_eq!(check(&own, &Method::GET, "/posts", &h), Ok(()));
    }

    #[test]
    fn a_same_site_page_on_another_port_is_refused() {
        let own = OwnOrigin::from_host();
        let h = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:4000"),
            JSON,
        ]);
        assert!(matches!(
            check(&own, &Method::POST, "/api/drafts/save", &h),
            Err(Refusal::CrossOrigin(_))
        ));
        let h = headers(&[("sec-fetch-site", "same-site"), JSON]);
        assert!(matches!(
            check(&own, &Method::POST, "/api/drafts/save", &h),
            Err(Refusal::CrossOrigin(_))
        ));
        let h = headers(&[("host", "127.0.0.1:3000"), ("origin", "null"), JSON]);
        assert!(matches!(
            check(&own, &Method::POST, "/auth/logout", &h),
            Err(Refusal::CrossOrigin(_))
        ));
    }

    #[test]
    fn own_pages_pass() {
        let own = OwnOrigin::from_host();
        let h = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
            JSON,
        ]);
        assert_eq!(check(&own, &Method::POST, "/api/drafts/save", &h), Ok(()));
        let h = headers(&[
            ("sec-fetch-site", "same-origin"),
            ("content-type", "Application/JSON; charset=utf-8"),
        ]);
        assert_eq!(check(&own, &Method::POST, "/api/drafts/save", &h), Ok(()));
        let h = headers(&[
            ("sec-fetch-site", "same-origin"),
            ("content-type", "application/x-www-form-urlencoded"),
        ]);
        assert_eq!(check(&own, &Method::POST, "/auth/logout", &h), Ok(()));
    }

    #[test]
    fn production_compares_with_the_public_url_not_the_host() {
        let Ok(url) = Url::parse("https://liner.example.org/") else {
            panic!("test URL");
        };
        let own = OwnOrigin::fixed(&url);
        let h = headers(&[
            ("host", "evil.example"),
            ("origin", "http://evil.example"),
            JSON,
        ]);
        assert!(matches!(
            check(&own, &Method::POST, "/api/posts/publish", &h),
            Err(Refusal::CrossOrigin(_))
        ));
        let h = headers(&[
            ("host", "10.0.0.2:3000"),
            ("origin", "https://liner.example.org"),
            JSON,
        ]);
        assert_eq!(check(&own, &Method::POST, "/api/posts/publish", &h), Ok(()));
    }

    #[test]
    fn server_functions_take_only_json() {
        let own = OwnOrigin::from_host();
        let h = headers(&[("content-type", "text/plain")]);
        assert_eq!(
            check(&own, &Method::POST, "/api/drafts/save", &h),
            Err(Refusal::NotJson)
        );
        assert_eq!(
            check(&own, &Method::POST, "/api/drafts/save", &HeaderMap::new()),
            Err(Refusal::NotJson)
        );
        // No browser headers: a script, not a forgery.
        assert_eq!(
            check(&own, &Method::POST, "/api/drafts/save", &headers(&[JSON])),
            Ok(())
        );
    }
}
