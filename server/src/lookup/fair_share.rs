//! Turns at a source that the whole process shares a pace for (MusicBrainz: one request a
//! second for all of Liner), so one member typing fast cannot starve everyone else's lookups.
//!
//! A member has one request at such a source at a time: their next waits for their last. The
//! pace itself serves waiting requests in the order they came (`SourceClient`'s line), so with
//! one request per member in it, members take turns: round robin, whoever asks how often.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OwnedMutexGuard;

/// Each member's line for the shared source.
#[derive(Default)]
pub struct FairShare {
    lines: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
}

/// A member's turn; the next of theirs waits until it is dropped.
pub type Turn = OwnedMutexGuard<()>;

impl FairShare {
    fn lines(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<tokio::sync::Mutex<()>>>> {
        self.lines.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits for `member`'s earlier request to finish.
    pub async fn turn(&self, member: i64) -> Turn {
        let line = self.lines().entry(member).or_default().clone();
        line.lock_owned().await
    }

    /// Forgets members with nothing waiting or running (a turn holds its line), so the table
    /// does not grow.
    pub fn forget_idle(&self) {
        self.lines().retain(|_, line| Arc::strong_count(line) > 1);
    }

    #[cfg(test)]
    fn members(&self) -> usize {
        self.lines().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_members_next_request_waits_for_their_last_not_for_others() {
        let share = Arc::new(FairShare::default());
        let first = share.turn(1).await;
        let second = tokio::spawn({
            let share = share.clone();
            async move { share.turn(1).await }
        });
        // Someone else goes at once.
        let other = tokio::time::timeout(Duration::from_millis(100), share.turn(2)).await;
        assert!(other.is_ok());
        drop(other);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            !second.is_finished(),
            "the member's second waits for the first"
        );
        drop(first);
        let second = tokio::time::timeout(Duration::from_secs(1), second).await;
        assert!(matches!(second, Ok(Ok(_))));
        drop(second);
        share.forget_idle();
        assert_eq!(share.members(), 0);
    }
}
