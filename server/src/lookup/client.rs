//! Calls to a release source: timeouts, retries with backoff on 5xx and network errors, 429's
//! `Retry-After` obeyed when short, and a circuit breaker so a dead source fails fast for a while
//! instead of making every search wait for it.

use super::SourceError;
use reqwest::{Client, RequestBuilder, Response, StatusCode};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Tries per call.
const TRIES: u32 = 3;
/// A `Retry-After` up to this long is waited out; a longer one fails the call.
const LONGEST_RETRY_AFTER: Duration = Duration::from_secs(2);
/// Failed calls in a row that open the circuit.
const TRIP_AFTER: u32 = 3;
/// How long an open circuit fails calls without trying.
const OPEN_FOR: Duration = Duration::from_secs(30);

/// A client for one source.
pub struct SourceClient {
    /// The service's token, for metrics and logs ("spotify", "songlink", …).
    pub service: &'static str,
    client: Client,
    breaker: Mutex<Breaker>,
    /// Spaces every request, retries included (MusicBrainz allows one a second per client).
    pace: Option<governor::DefaultDirectRateLimiter>,
    /// Requests waiting for the pace, served in the order they came (governor's own wait is
    /// not first come, first served; tokio's mutex is).
    line: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Breaker {
    failures: u32,
    open_until: Option<Instant>,
}

/// A client with the timeouts a search can afford, never following redirects elsewhere.
pub fn http_client(user_agent: &str) -> Result<Client, reqwest::Error> {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(3))
        .timeout(Duration::from_secs(6))
        .user_agent(user_agent)
        .build()
}

impl SourceClient {
    pub fn new(service: &'static str, client: Client) -> SourceClient {
        SourceClient {
            service,
            client,
            breaker: Mutex::new(Breaker::default()),
            pace: None,
            line: tokio::sync::Mutex::new(()),
        }
    }

    /// At most one request per `every`, for the whole process.
    pub fn paced(mut self, every: Duration) -> SourceClient {
        self.pace = governor::Quota::with_period(every).map(governor::RateLimiter::direct);
        self
    }

    pub fn http(&self) -> &Client {
        &self.client
    }

    /// Whether calls fail at once now, the source having failed too often in a row.
    pub fn circuit_open(&self) -> bool {
        self.breaker()
            .open_until
            .is_some_and(|until| Instant::now() < until)
    }

    fn breaker(&self) -> std::sync::MutexGuard<'_, Breaker> {
        self.breaker.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Sends the request `build` makes (once per try), and returns the first answer that is
    /// neither a server error nor a 429; 4xx answers are the caller's to read.
    pub async fn send(&self, build: impl Fn() -> RequestBuilder) -> Result<Response, SourceError> {
        if self.circuit_open() {
            return Err(SourceError::Unavailable(
                "failing; not asked for a while".into(),
            ));
        }
        let mut last = SourceError::Unavailable("not asked".into());
        for attempt in 1..=TRIES {
            if let Some(pace) = &self.pace {
                let _line = self.line.lock().await;
                pace.until_ready().await;
            }
            metrics::counter!("liner_lookup_upstream_calls_total", "source" => self.service)
                .increment(1);
            match build().send().await {
                Ok(resp) if resp.status() == StatusCode::TOO_MANY_REQUESTS => {
                    let wait = retry_after(&resp).unwrap_or(Duration::from_secs(1));
                    last = SourceError::Unavailable("rate limited".into());
                    if wait > LONGEST_RETRY_AFTER {
                        break;
                    }
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Ok(resp) if resp.status().is_server_error() => {
                    last = SourceError::Unavailable(format!("HTTP {}", resp.status().as_u16()));
                }
                Ok(resp) => {
                    *self.breaker() = Breaker::default();
                    return Ok(resp);
                }
                Err(e) => {
                    last = SourceError::Unavailable(if e.is_timeout() {
                        "timed out".into()
                    } else {
                        e.without_url().to_string()
                    });
                }
            }
            if attempt < TRIES {
                tokio::time::sleep(crate::retry::backoff(Duration::from_millis(150), attempt))
                    .await;
            }
        }
        let mut breaker = self.breaker();
        breaker.failures += 1;
        if breaker.failures >= TRIP_AFTER {
            tracing::warn!(
                source = self.service,
                "release source failing; circuit open"
            );
            breaker.open_until = Some(Instant::now() + OPEN_FOR);
            breaker.failures = 0;
        }
        Err(last)
    }

    /// Sends and reads a JSON answer; a 404 is [`SourceError::NotFound`].
    pub async fn json<T: serde::de::DeserializeOwned>(
        &self,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<T, SourceError> {
        let resp = self.send(build).await?;
        let status = resp.status();
        if status == StatusCode::NOT_FOUND {
            return Err(SourceError::NotFound);
        }
        if !status.is_success() {
            return Err(SourceError::Refused(format!("HTTP {}", status.as_u16())));
        }
        resp.json::<T>().await.map_err(|e| {
            SourceError::Unavailable(format!("unreadable answer: {}", e.without_url()))
        })
    }
}

fn retry_after(resp: &Response) -> Option<Duration> {
    resp.headers()
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| Duration::from_secs_f64(s.min(3600.0)))
}
