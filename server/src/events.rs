//! Post changes as they happen, for every open page of their author (and for admins): saving,
//! publishing and the worker send them here; `http::events` streams them to the browser. A slow
//! page that falls behind skips to the newest changes instead of blocking anyone.
//!
//! A member whose sessions end (an admin's "Sign out everywhere") has their open streams closed
//! at once, so no page keeps receiving what its session may no longer see.
//!
//! Each open stream holds a task and a subscription for as long as the page stays open, so a
//! member may hold [`PER_MEMBER`] at once and everyone together [`IN_ALL`]; past that the stream
//! is refused (and the page tries again later).

use liner::views::PostView;
use liner::UserId;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// Streams one member may hold open: a tab per page they work in, and more.
pub const PER_MEMBER: usize = 10;
/// Streams open in all, well within a small server's memory and file handles.
pub const IN_ALL: usize = 500;

#[derive(Debug, Clone)]
pub struct PostEvent {
    pub author: UserId,
    pub post: PostView,
}

#[derive(Clone)]
pub struct PostEvents {
    posts: broadcast::Sender<PostEvent>,
    /// Members whose streams must close.
    ended: broadcast::Sender<UserId>,
    slots: Arc<Slots>,
}

impl Default for PostEvents {
    fn default() -> Self {
        PostEvents::with_caps(PER_MEMBER, IN_ALL)
    }
}

/// Why a stream was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StreamsFull {
    #[error("You have {0} Liner pages with live updates open, the most one member may; close one and this page connects again by itself.")]
    Member(usize),
    #[error("Liner has as many live pages open as it serves at once ({0}); this page connects again by itself in a moment.")]
    All(usize),
}

/// Counts of open streams.
struct Slots {
    per_member: usize,
    in_all: usize,
    open: Mutex<Open>,
}

#[derive(Default)]
struct Open {
    by_member: HashMap<i64, usize>,
    total: usize,
}

/// One open stream, counted until it is dropped (when the stream ends, however it ends).
pub struct StreamSlot {
    slots: Arc<Slots>,
    member: i64,
}

impl Slots {
    fn open(&self) -> std::sync::MutexGuard<'_, Open> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.slots.open();
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.by_member.get_mut(&self.member) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.by_member.remove(&self.member);
            }
        }
    }
}

impl PostEvents {
    /// Events with other limits on open streams than [`PER_MEMBER`] and [`IN_ALL`].
    pub fn with_caps(per_member: usize, in_all: usize) -> PostEvents {
        PostEvents {
            posts: broadcast::channel(256).0,
            ended: broadcast::channel(64).0,
            slots: Arc::new(Slots {
                per_member,
                in_all,
                open: Mutex::default(),
            }),
        }
    }

    /// Counts a stream for `member`, if they and everyone together have room for one more.
    pub fn open_stream(&self, member: UserId) -> Result<StreamSlot, StreamsFull> {
        let mut open = self.slots.open();
        if open.total >= self.slots.in_all {
            return Err(StreamsFull::All(self.slots.in_all));
        }
        let mine = open.by_member.entry(member.0).or_default();
        if *mine >= self.slots.per_member {
            return Err(StreamsFull::Member(self.slots.per_member));
        }
        *mine += 1;
        open.total += 1;
        Ok(StreamSlot {
            slots: self.slots.clone(),
            member: member.0,
        })
    }

    pub fn send(&self, author: UserId, post: PostView) {
        // No open page is not an error.
        let _ = self.posts.send(PostEvent { author, post });
    }

    pub fn subscribe(&self) -> broadcast::Receiver<PostEvent> {
        self.posts.subscribe()
    }

    /// Closes every open stream of `member`.
    pub fn end_streams(&self, member: UserId) {
        let _ = self.ended.send(member);
    }

    /// Resolves when `member`'s streams must close. Subscribed now, so an end sent after this
    /// call is never missed; if ends came faster than it read them, it resolves to be safe (the
    /// page reconnects, and a valid session gets its stream again).
    pub fn ended(&self, member: UserId) -> impl Future<Output = ()> + Send + 'static {
        let mut ends = self.ended.subscribe();
        async move {
            loop {
                match ends.recv().await {
                    Ok(id) if id != member => continue,
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => return,
                    Err(broadcast::error::RecvError::Closed) => std::future::pending().await,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn streams_are_counted_per_member_and_in_all_until_dropped() {
        let events = PostEvents::with_caps(2, 3);
        let a1 = events.open_stream(UserId(1));
        let a2 = events.open_stream(UserId(1));
        assert!(a1.is_ok() && a2.is_ok());
        assert_eq!(
            events.open_stream(UserId(1)).err(),
            Some(StreamsFull::Member(2))
        );
        let b1 = events.open_stream(UserId(2));
        assert!(b1.is_ok());
        assert_eq!(
            events.open_stream(UserId(3)).err(),
            Some(StreamsFull::All(3))
        );
        drop(a1);
        assert!(
            events.open_stream(UserId(3)).is_ok(),
            "a closed stream frees its place"
        );
        drop((a2, b1));
        assert!(
            events.slots.open().by_member.is_empty(),
            "nothing kept for no stream"
        );
    }

    #[tokio::test]
    async fn only_the_members_own_streams_end() {
        let events = PostEvents::default();
        let pat = events.ended(UserId(2));
        let ada = events.ended(UserId(1));
        events.end_streams(UserId(2));
        assert!(tokio::time::timeout(Duration::from_secs(1), pat)
            .await
            .is_ok());
        assert!(tokio::time::timeout(Duration::from_millis(50), ada)
            .await
            .is_err());
    }
}
