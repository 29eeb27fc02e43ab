//! The fake Discord's rate limits: a fixed window per route (a webhook, a channel) and a sliding
//! one-second window for the global limit, answered with Discord's headers and 429 bodies.
//!
//! Discord does not document webhook limits; users observe about 5 requests per 2 s per webhook,
//! which is the default here. A request that arrives while its bucket is exhausted is a
//! *violation*: a well-behaved client never makes one, and tests count them.

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The limits the fake enforces.
#[derive(Debug, Clone, Copy)]
pub struct RateLimits {
    /// Requests per window on one route.
    pub per_route: u32,
    pub window: Duration,
    /// Requests in any one second, all routes together.
    pub global_per_second: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            per_route: 5,
            window: Duration::from_secs(2),
            global_per_second: 50,
        }
    }
}

#[derive(Default)]
pub(super) struct Limiter {
    limits: RateLimits,
    windows: HashMap<String, (Instant, u32)>,
    recent: VecDeque<Instant>,
    violations: u64,
}

/// Headers to add to an allowed request's response.
pub(super) type Headers = Vec<(HeaderName, HeaderValue)>;

impl Limiter {
    pub fn set(&mut self, limits: RateLimits) {
        self.limits = limits;
        self.windows.clear();
        self.recent.clear();
    }

    pub fn violations(&self) -> u64 {
        self.violations
    }

    /// Admits a request on `route`, or gives the 429 Discord would.
    pub fn admit(&mut self, route: &str, now: Instant) -> Result<Headers, TooMany> {
        let second = Duration::from_secs(1);
        while self
            .recent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= second)
        {
            self.recent.pop_front();
        }
        if self.recent.len() >= self.limits.global_per_second as usize {
            self.violations += 1;
            let oldest = self.recent.front().copied().unwrap_or(now);
            let retry = (oldest + second).saturating_duration_since(now);
            return Err(TooMany {
                retry,
                global: true,
                headers: Vec::new(),
            });
        }
        let limits = self.limits;
        let (start, count) = self.windows.entry(route.to_string()).or_insert((now, 0));
        if now.duration_since(*start) >= limits.window {
            *start = now;
            *count = 0;
        }
        let reset_after = (*start + limits.window).saturating_duration_since(now);
        let bucket = bucket_hash(route);
        if *count >= limits.per_route {
            self.violations += 1;
            let headers = bucket_headers(limits.per_route, 0, reset_after, &bucket);
            return Err(TooMany {
                retry: reset_after,
                global: false,
                headers,
            });
        }
        *count += 1;
        let remaining = limits.per_route - *count;
        self.recent.push_back(now);
        Ok(bucket_headers(
            limits.per_route,
            remaining,
            reset_after,
            &bucket,
        ))
    }
}

fn bucket_hash(route: &str) -> String {
    let mut h = DefaultHasher::new();
    route.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Seconds with millisecond precision, rounded up: a client waiting this long never comes early.
fn secs(d: Duration) -> f64 {
    d.as_millis()
        .saturating_add(u128::from(!d.subsec_nanos().is_multiple_of(1_000_000))) as f64
        / 1000.0
}

fn header(name: &'static str, value: String) -> Option<(HeaderName, HeaderValue)> {
    Some((
        HeaderName::from_static(name),
        HeaderValue::from_str(&value).ok()?,
    ))
}

fn bucket_headers(limit: u32, remaining: u32, reset_after: Duration, bucket: &str) -> Headers {
    let reset_at = SystemTime::now()
        .checked_add(reset_after)
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .unwrap_or_default();
    [
        header("x-ratelimit-limit", limit.to_string()),
        header("x-ratelimit-remaining", remaining.to_string()),
        header("x-ratelimit-reset", format!("{:.3}", secs(reset_at))),
        header(
            "x-ratelimit-reset-after",
            format!("{:.3}", secs(reset_after)),
        ),
        header("x-ratelimit-bucket", bucket.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A request refused for its rate limit; answered as Discord's 429.
pub(super) struct TooMany {
    retry: Duration,
    global: bool,
    headers: Headers,
}

impl IntoResponse for TooMany {
    /// `Retry-After` in whole seconds, the body's `retry_after` exact.
    fn into_response(self) -> Response {
        let TooMany {
            retry,
            global,
            mut headers,
        } = self;
        let retry_after = secs(retry);
        headers.extend(header(
            "retry-after",
            format!("{}", retry_after.ceil() as u64),
        ));
        headers.extend(header(
            "x-ratelimit-scope",
            if global { "global" } else { "user" }.into(),
        ));
        if global {
            headers.extend(header("x-ratelimit-global", "true".into()));
        }
        let body = axum::Json(serde_json::json!({
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": global,
        }));
        let mut resp = (StatusCode::TOO_MANY_REQUESTS, body).into_response();
        resp.headers_mut().extend(headers);
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(per_route: u32, window_ms: u64, global: u32) -> Limiter {
        let mut l = Limiter::default();
        l.set(RateLimits {
            per_route,
            window: Duration::from_millis(window_ms),
            global_per_second: global,
        });
        l
    }

    fn remaining(h: &Headers) -> Option<&str> {
        h.iter()
            .find(|(n, _)| n == "x-ratelimit-remaining")
            .and_then(|(_, v)| v.to_str().ok())
    }

    #[test]
    fn a_route_allows_its_limit_per_window_then_answers_429() {
        let mut l = limiter(2, 1000, 50);
        let t = Instant::now();
        let first = l.admit("a", t).ok();
        assert_eq!(first.as_ref().and_then(remaining), Some("1"));
        let second = l.admit("a", t).ok();
        assert_eq!(second.as_ref().and_then(remaining), Some("0"));
        let third = l.admit("a", t + Duration::from_millis(400));
        assert!(
            matches!(third.map_err(IntoResponse::into_response), Err(r) if r.status() == StatusCode::TOO_MANY_REQUESTS)
        );
        assert_eq!(l.violations(), 1);
        assert!(l.admit("b", t).is_ok(), "another route has its own bucket");
        assert!(l.admit("a", t + Duration::from_millis(1000)).is_ok());
    }

    #[test]
    fn the_global_limit_counts_every_route_in_any_second() {
        let mut l = limiter(100, 1000, 3);
        let t = Instant::now();
        for (i, route) in ["a", "b", "c"].iter().enumerate() {
            assert!(l
                .admit(route, t + Duration::from_millis(i as u64 * 10))
                .is_ok());
        }
        let over = l.admit("d", t + Duration::from_millis(999));
        let global = over.err().map(|r| {
            r.into_response()
                .headers()
                .contains_key("x-ratelimit-global")
        });
        assert_eq!(global, Some(true));
        assert!(l.admit("d", t + Duration::from_millis(1000)).is_ok());
    }

    #[test]
    fn reset_after_is_rounded_up_to_the_millisecond() {
        assert_eq!(secs(Duration::from_micros(1_000_001)), 1.001);
        assert_eq!(secs(Duration::from_millis(250)), 0.25);
    }
}
