//! The one retry policy for calls to other services: a number of tries, exponential backoff
//! with jitter between them, and a deadline after which no new try starts. Each caller picks
//! its own parameters and says, per error, whether trying again is safe.

use std::future::Future;
use std::time::{Duration, Instant};

/// What to do after a failed try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Give up: trying again cannot help, or could do harm (a send that may have arrived).
    Stop,
    /// Try again at once: the call waits by itself (a rate limiter holding the route).
    Now,
    /// Try again after the policy's backoff.
    Backoff,
}

#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// The wait after the first failed try; it doubles per try.
    pub first: Duration,
    /// Tries in all, the first included.
    pub tries: u32,
    /// No try starts later than this after the first.
    pub deadline: Duration,
}

impl Policy {
    /// The wait before try `attempt + 1`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        backoff(self.first, attempt)
    }

    /// Runs `call` until it succeeds, `classify` says stop, the tries run out or the next try
    /// would start past the deadline; the error is the last try's.
    pub async fn run<T, E, F, Fut>(
        &self,
        mut call: F,
        classify: impl Fn(&E) -> Next,
    ) -> Result<T, E>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            let err = match call(attempt).await {
                Ok(value) => return Ok(value),
                Err(e) => e,
            };
            let wait = match classify(&err) {
                Next::Stop => return Err(err),
                Next::Now => Duration::ZERO,
                Next::Backoff => self.backoff(attempt),
            };
            if attempt >= self.tries || started.elapsed() + wait > self.deadline {
                return Err(err);
            }
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }
}

/// Exponential from `first`, doubling per try (capped at 64×), plus up to half again of random
/// jitter so that calls failing together do not retry together.
pub fn backoff(first: Duration, attempt: u32) -> Duration {
    let base = first.as_millis() as u64;
    let base = base.saturating_mul(2u64.saturating_pow(attempt.saturating_sub(1).min(6)));
    // The OS's randomness, through uuid (no rand crate needed for this).
    let jitter = (uuid::Uuid::new_v4().as_u128() % u128::from(base / 2 + 1)) as u64;
    Duration::from_millis(base + jitter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[test]
    fn waits_double_with_at_most_half_again_of_jitter() {
        for attempt in 1..=4u32 {
            let base = 100u64 << (attempt - 1);
            let wait = backoff(Duration::from_millis(100), attempt).as_millis() as u64;
            assert!(
                (base..=base + base / 2).contains(&wait),
                "{attempt}: {wait}"
            );
        }
    }

    const POLICY: Policy = Policy {
        first: Duration::from_millis(100),
        tries: 3,
        deadline: Duration::from_secs(60),
    };

    #[tokio::test(start_paused = true)]
    async fn retries_what_may_be_retried_until_the_tries_run_out() {
        let calls = AtomicU32::new(0);
        let result: Result<(), &str> = POLICY
            .run(
                |_| async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    Err("down")
                },
                |_| Next::Backoff,
            )
            .await;
        assert_eq!((result, calls.load(Ordering::SeqCst)), (Err("down"), 3));
    }

    #[tokio::test(start_paused = true)]
    async fn stops_at_once_when_told_and_returns_a_success() {
        let calls = AtomicU32::new(0);
        let stopped: Result<(), &str> = POLICY
            .run(
                |_| async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    Err("refused")
                },
                |_| Next::Stop,
            )
            .await;
        assert_eq!((stopped, calls.load(Ordering::SeqCst)), (Err("refused"), 1));
        let ok = POLICY
            .run(
                |attempt| async move {
                    if attempt < 2 {
                        Err("once")
                    } else {
                        Ok(attempt)
                    }
                },
                |_| Next::Now,
            )
            .await;
        assert_eq!(ok, Ok(2));
    }

    #[tokio::test(start_paused = true)]
    async fn no_try_starts_past_the_deadline() {
        let short = Policy {
            deadline: Duration::from_millis(50),
            ..POLICY
        };
        let calls = AtomicU32::new(0);
        let _: Result<(), &str> = short
            .run(
                |_| async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    Err("down")
                },
                |_| Next::Backoff,
            )
            .await;
        // The first backoff (100 ms or more) would end past the 50 ms deadline.
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
