//! Discord's rate limits, kept on the client side so Liner never sends into an exhausted bucket.
//!
//! Discord tells a client its limits in each response (`X-RateLimit-Remaining`,
//! `X-RateLimit-Reset-After`) and answers 429 with `retry_after` when one was ignored. Limits are
//! per route and its major parameter (a webhook, a channel), plus a global limit per bot; too many
//! 429s get the IP banned for a while. So every send first waits for its route's bucket, and at
//! most one request per route is in flight: its answer updates the bucket before the next one
//! goes. Routes do not wait for each other, except through the global pace.

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter as Governor};
use reqwest::header::HeaderMap;
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::OwnedMutexGuard;
use tokio::time::Instant;

/// Discord allows a bot 50 requests a second. Pacing one request per 22 ms keeps any one-second
/// window under 50 even when answers arrive out of order.
const GLOBAL_SPACING: Duration = Duration::from_millis(22);

/// Never trust a header to hold a route for longer than this.
const MAX_WAIT: Duration = Duration::from_secs(3600);

/// What Discord last said about one route's bucket.
#[derive(Debug, Default)]
pub struct Bucket {
    /// Requests left in the current window; `None` until Discord has said.
    remaining: Option<u32>,
    /// When the window resets.
    reset_at: Option<Instant>,
}

/// The client's view of Discord's limits, shared by every request.
pub struct RateLimiter {
    routes: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Bucket>>>>,
    /// Routes whose bucket is exhausted, and until when: readable without waiting for the
    /// route, so a job can step aside instead of holding a worker while the bucket refills.
    exhausted: Mutex<HashMap<String, Instant>>,
    /// Set by a 429 with `global: true`: nothing is sent before then.
    global_until: Mutex<Option<Instant>>,
    pace: DefaultDirectRateLimiter,
}

/// A route held for one request: dropped when its answer has been read.
pub struct Permit<'a> {
    limiter: &'a RateLimiter,
    route: String,
    bucket: OwnedMutexGuard<Bucket>,
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::new()
    }
}

impl RateLimiter {
    pub fn new() -> RateLimiter {
        // One at a time: a burst would let 2 × 45 through in some one-second window.
        let quota = Quota::with_period(GLOBAL_SPACING)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::MIN);
        RateLimiter {
            routes: Mutex::new(HashMap::new()),
            exhausted: Mutex::new(HashMap::new()),
            global_until: Mutex::new(None),
            pace: Governor::direct(quota),
        }
    }

    /// Waits until a request on `route` may go, and holds the route until the permit is dropped.
    pub async fn acquire(&self, route: &str) -> Permit<'_> {
        let bucket = {
            let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
            routes.entry(route.to_string()).or_default().clone()
        };
        let mut bucket = bucket.lock_owned().await;
        if let (Some(0), Some(reset_at)) = (bucket.remaining, bucket.reset_at) {
            if reset_at > Instant::now() {
                metrics::counter!("liner_discord_bucket_waits_total").increment(1);
                tokio::time::sleep_until(reset_at).await;
            }
            bucket.remaining = None;
            bucket.reset_at = None;
        }
        // Counted here, not only from the answer: an answer without headers (a proxy's 5xx, a
        // lost connection) must not leave a stale count that lets the next request through.
        bucket.remaining = bucket.remaining.map(|n| n.saturating_sub(1));
        // A global 429 may arrive while this request waits for its turn in the pace.
        loop {
            let until = *self.global_until.lock().unwrap_or_else(|p| p.into_inner());
            match until {
                Some(t) if t > Instant::now() => tokio::time::sleep_until(t).await,
                _ => {
                    self.pace.until_ready().await;
                    let until = *self.global_until.lock().unwrap_or_else(|p| p.into_inner());
                    if until.is_none_or(|t| t <= Instant::now()) {
                        break;
                    }
                }
            }
        }
        Permit {
            limiter: self,
            route: route.to_string(),
            bucket,
        }
    }

    /// How long a request on `route` would wait for its bucket (or a global 429) now; zero
    /// when it may go at once or nothing is known yet.
    pub fn wait_for(&self, route: &str) -> Duration {
        let now = Instant::now();
        let route_until = self
            .exhausted
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(route)
            .copied();
        let global_until = *self.global_until.lock().unwrap_or_else(|p| p.into_inner());
        [route_until, global_until]
            .into_iter()
            .flatten()
            .map(|t| t.saturating_duration_since(now))
            .max()
            .unwrap_or_default()
    }
}

impl Permit<'_> {
    /// Publishes the bucket's state for [`RateLimiter::wait_for`].
    fn publish(&self) {
        let mut exhausted = self
            .limiter
            .exhausted
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        match (self.bucket.remaining, self.bucket.reset_at) {
            (Some(0), Some(reset_at)) => {
                exhausted.insert(self.route.clone(), reset_at);
            }
            _ => {
                exhausted.remove(&self.route);
            }
        }
    }

    /// Reads the route's bucket from a response's `X-RateLimit-*` headers.
    pub fn update(&mut self, headers: &HeaderMap) {
        let number = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v >= 0.0)
        };
        if let Some(remaining) = number("x-ratelimit-remaining") {
            self.bucket.remaining = Some(remaining.min(f64::from(u32::MAX)) as u32);
        }
        if let Some(after) = number("x-ratelimit-reset-after") {
            self.bucket.reset_at = Some(Instant::now() + seconds(after));
        }
        self.publish();
    }

    /// Discord answered 429: the route (or, when `global`, every route) waits `retry_after`.
    pub fn limited(&mut self, retry_after: Duration, global: bool) {
        let until = Instant::now() + retry_after.min(MAX_WAIT);
        if global {
            let mut g = self
                .limiter
                .global_until
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            *g = Some(g.map_or(until, |t| t.max(until)));
        } else {
            self.bucket.remaining = Some(0);
            self.bucket.reset_at = Some(until);
            self.publish();
        }
    }
}

fn seconds(s: f64) -> Duration {
    Duration::from_secs_f64(s.min(MAX_WAIT.as_secs_f64()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(remaining: &'static str, reset_after: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-remaining", HeaderValue::from_static(remaining));
        h.insert(
            "x-ratelimit-reset-after",
            HeaderValue::from_static(reset_after),
        );
        h
    }

    #[tokio::test(start_paused = true)]
    async fn an_exhausted_bucket_waits_for_its_reset() {
        let limiter = RateLimiter::new();
        let start = Instant::now();
        {
            let mut p = limiter.acquire("webhook:1").await;
            p.update(&headers("0", "1.5"));
        }
        let _p = limiter.acquire("webhook:1").await;
        assert!(start.elapsed() >= Duration::from_millis(1500));
    }

    #[tokio::test(start_paused = true)]
    async fn a_bucket_with_requests_left_does_not_wait() {
        let limiter = RateLimiter::new();
        let start = Instant::now();
        {
            let mut p = limiter.acquire("webhook:1").await;
            p.update(&headers("4", "2"));
        }
        let _p = limiter.acquire("webhook:1").await;
        assert!(start.elapsed() < Duration::from_millis(100));
    }

    #[tokio::test(start_paused = true)]
    async fn other_routes_do_not_wait_for_an_exhausted_one() {
        let limiter = RateLimiter::new();
        {
            let mut p = limiter.acquire("webhook:1").await;
            p.update(&headers("0", "30"));
        }
        let start = Instant::now();
        let _p = limiter.acquire("webhook:2").await;
        assert!(start.elapsed() < Duration::from_millis(100));
    }

    #[tokio::test(start_paused = true)]
    async fn a_global_429_holds_every_route() {
        let limiter = RateLimiter::new();
        {
            let mut p = limiter.acquire("webhook:1").await;
            p.limited(Duration::from_secs(2), true);
        }
        let start = Instant::now();
        let _p = limiter.acquire("webhook:2").await;
        assert!(start.elapsed() >= Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn a_route_429_holds_that_route() {
        let limiter = RateLimiter::new();
        let start = Instant::now();
        {
            let mut p = limiter.acquire("webhook:1").await;
            p.limited(Duration::from_millis(700), false);
        }
        let _p = limiter.acquire("webhook:1").await;
        assert!(start.elapsed() >= Duration::from_millis(700));
    }

    // Real time: the global pace runs on governor's own clock, which paused time cannot advance.
    #[tokio::test]
    async fn one_request_per_route_is_in_flight() {
        let limiter = Arc::new(RateLimiter::new());
        let held = limiter.acquire("webhook:1").await;
        let other = limiter.clone();
        let waiting = tokio::spawn(async move {
            let _p = other.acquire("webhook:1").await;
        });
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(!waiting.is_finished());
        drop(held);
        let done = tokio::time::timeout(Duration::from_secs(1), waiting).await;
        assert!(
            matches!(done, Ok(Ok(()))),
            "the second request goes once the first is done"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_is_counted_even_when_its_answer_has_no_headers() {
        let limiter = RateLimiter::new();
        let start = Instant::now();
        {
            let mut p = limiter.acquire("webhook:1").await;
            p.update(&headers("1", "3"));
        }
        // This one's answer is lost: no headers. The bucket had one left, and it used it.
        drop(limiter.acquire("webhook:1").await);
        let _p = limiter.acquire("webhook:1").await;
        assert!(start.elapsed() >= Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn an_exhausted_route_says_how_long_it_will_be() {
        let limiter = RateLimiter::new();
        assert_eq!(limiter.wait_for("webhook:1"), Duration::ZERO);
        {
            let mut p = limiter.acquire("webhook:1").await;
            p.update(&headers("0", "1.5"));
        }
        let wait = limiter.wait_for("webhook:1");
        assert!(wait > Duration::from_millis(1400) && wait <= Duration::from_millis(1500));
        assert_eq!(limiter.wait_for("webhook:2"), Duration::ZERO);
        {
            let mut p = limiter.acquire("webhook:1").await;
            p.update(&headers("4", "2"));
        }
        assert_eq!(limiter.wait_for("webhook:1"), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn garbage_headers_change_nothing() {
        let limiter = RateLimiter::new();
        let start = Instant::now();
        {
            let mut p = limiter.acquire("webhook:1").await;
            p.update(&headers("-1", "NaN"));
        }
        let _p = limiter.acquire("webhook:1").await;
        assert!(start.elapsed() < Duration::from_millis(100));
    }
}
