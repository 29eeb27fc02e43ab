//! How often the worker looks for due jobs, with a timer that never loses a wake-up.
//!
//! apalis-core 1.0's `IntervalStrategy` replaces its timer after a tick without polling the new
//! one, so no waker is armed for the next tick. When the fetch that follows comes back empty the
//! worker parks with nothing left to wake it: a job pushed afterwards waits until the next 30 s
//! heartbeat (seen in about one run in six). This strategy re-arms the timer before it reports a
//! tick, as the `PollStrategy` contract requires.

use apalis::prelude::{PollSnapshot, PollStrategy};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Interval, MissedTickBehavior};

pub struct ArmedInterval {
    interval: Interval,
}

impl ArmedInterval {
    /// Must be created inside the Tokio runtime.
    pub fn new(period: Duration) -> ArmedInterval {
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
        ArmedInterval { interval }
    }
}

impl PollStrategy for ArmedInterval {
    fn poll_drive(&mut self, cx: &mut Context<'_>, _snapshot: &PollSnapshot) -> Poll<Option<()>> {
        let mut ticked = false;
        // Poll until Pending: the last, pending poll is what registers the waker for the next tick.
        while self.interval.poll_tick(cx).is_ready() {
            ticked = true;
        }
        if ticked {
            Poll::Ready(Some(()))
        } else {
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::task::{Wake, Waker};

    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[tokio::test]
    async fn a_reported_tick_leaves_the_next_one_armed() {
        let count = Arc::new(Count(AtomicUsize::new(0)));
        let waker = Waker::from(count.clone());
        let mut cx = Context::from_waker(&waker);
        let mut strategy = ArmedInterval::new(Duration::from_millis(20));
        let snapshot = PollSnapshot::default();
        // Poll as a worker would until a tick is reported.
        let mut ticked = false;
        for _ in 0..50 {
            if strategy.poll_drive(&mut cx, &snapshot).is_ready() {
                ticked = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(ticked, "the interval never ticked");
        // The caller now parks without polling the strategy again (what apalis' PollWith does
        // after an empty fetch). The next tick must still wake it.
        let before = count.0.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(80)).await;
        assert!(
            count.0.load(Ordering::SeqCst) > before,
            "no wake-up after a reported tick"
        );
    }
}
