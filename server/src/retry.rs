//! Waits between tries of a call to another service.

use std::time::Duration;

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
}
