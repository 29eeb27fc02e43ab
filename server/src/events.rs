//! Post changes as they happen, for every open page of their author (and for admins): saving,
//! publishing and the worker send them here; `http::events` streams them to the browser. A slow
//! page that falls behind skips to the newest changes instead of blocking anyone.

use liner::views::PostView;
use liner::UserId;
use tokio::sync::broadcast;

#[derive(Debug, Clone)]
pub struct PostEvent {
    pub author: UserId,
    pub post: PostView,
}

#[derive(Clone)]
pub struct PostEvents(broadcast::Sender<PostEvent>);

impl Default for PostEvents {
    fn default() -> Self {
        PostEvents(broadcast::channel(256).0)
    }
}

impl PostEvents {
    pub fn send(&self, author: UserId, post: PostView) {
        // No open page is not an error.
        let _ = self.0.send(PostEvent { author, post });
    }

    pub fn subscribe(&self) -> broadcast::Receiver<PostEvent> {
        self.0.subscribe()
    }
}
