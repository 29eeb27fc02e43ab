//! Post changes as they happen, for every open page of their author (and for admins): saving,
//! publishing and the worker send them here; `http::events` streams them to the browser. A slow
//! page that falls behind skips to the newest changes instead of blocking anyone.
//!
//! A member whose sessions end (an admin's "Sign out everywhere") has their open streams closed
//! at once, so no page keeps receiving what its session may no longer see.

use liner::views::PostView;
use liner::UserId;
use std::future::Future;
use tokio::sync::broadcast;

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
}

impl Default for PostEvents {
    fn default() -> Self {
        PostEvents {
            posts: broadcast::channel(256).0,
            ended: broadcast::channel(64).0,
        }
    }
}

impl PostEvents {
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
