//! Live post status: the server pushes every change of the viewer's posts as a server-sent event,
//! and this merges them into the list on the page.

use leptos::prelude::*;
use liner::views::PostView;
use liner::PostStatus;

/// The path of the server-sent event stream.
pub const POST_EVENTS_PATH: &str = "/events/posts";

/// Puts `post` into `list`: replaces an older copy of it, keeps a newer one, or adds it at the
/// top. Copies can arrive out of order (the stream's first state and a change racing it).
pub fn merge_post(list: &mut Vec<PostView>, post: PostView) {
    match list.iter_mut().find(|p| p.id == post.id) {
        Some(existing) if existing.updated_at <= post.updated_at => *existing = post,
        Some(_) => {}
        None => list.insert(0, post),
    }
}

#[cfg(test)]
mod tests {
    use super::merge_post;
    use chrono::{TimeZone, Utc};
    use liner::views::PostView;
    use liner::{PostId, PostStatus};

    fn post(id: i64, status: PostStatus, at: i64) -> PostView {
        PostView {
            id: PostId(id),
            title: "T".into(),
            artist: "A".into(),
            draft_id: None,
            channel_name: Some("releases".into()),
            scheduled_at: None,
            timezone: None,
            status,
            last_error: None,
            notice: None,
            updated_at: Utc.timestamp_millis_opt(at).single().unwrap_or_default(),
            approval: None,
        }
    }

    #[test]
    fn newer_copies_replace_older_ones_and_never_the_reverse() {
        let mut list = vec![post(1, PostStatus::Scheduled, 10)];
        merge_post(&mut list, post(1, PostStatus::Published, 30));
        merge_post(&mut list, post(1, PostStatus::Publishing, 20));
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].status, PostStatus::Published);
    }

    #[test]
    fn news_says_what_happened_and_keeps_the_latest_few() {
        let mut failed = post(1, PostStatus::Failed, 10);
        failed.last_error = Some("Discord refused the post.".into());
        assert_eq!(
            super::news_text(&failed),
            "“T” failed: Discord refused the post."
        );
        assert_eq!(
            super::news_text(&post(2, PostStatus::Published, 10)),
            "“T” was published to #releases."
        );
        assert!(!super::is_news(&post(3, PostStatus::Scheduled, 10)));
        let mut news = Vec::new();
        for id in 1..=5 {
            super::push_news(&mut news, post(id, PostStatus::Published, id));
        }
        super::push_news(&mut news, post(4, PostStatus::Failed, 9));
        let ids: Vec<_> = news.iter().map(|p| p.id.0).collect();
        assert_eq!(ids, vec![4, 5, 3]);
    }

    #[test]
    fn unknown_posts_go_to_the_top() {
        let mut list = vec![post(1, PostStatus::Published, 10)];
        merge_post(&mut list, post(2, PostStatus::Scheduled, 20));
        assert_eq!(list.iter().map(|p| p.id.0).collect::<Vec<_>>(), vec![2, 1]);
    }
}

/// The stream's event name for a change as it happens; the state sent when the stream opens
/// comes as plain messages, so only real changes make news.
pub const CHANGE_EVENT: &str = "change";

/// How many news toasts show at once.
const NEWS_SHOWN: usize = 3;

/// Whether a change is news for the poster: the post went out, failed, or needs a person.
pub fn is_news(post: &PostView) -> bool {
    matches!(
        post.status,
        PostStatus::Published | PostStatus::Failed | PostStatus::NeedsReview
    )
}

/// What a news toast says.
pub fn news_text(post: &PostView) -> String {
    let title = if post.title.trim().is_empty() {
        "Untitled"
    } else {
        post.title.as_str()
    };
    let reason = post.last_error.as_deref().unwrap_or_default();
    match post.status {
        PostStatus::Published => match &post.channel_name {
            Some(channel) => format!("“{title}” was published to #{channel}."),
            None => format!("“{title}” was published."),
        },
        PostStatus::Failed => format!("“{title}” failed: {reason}"),
        PostStatus::NeedsReview => format!("“{title}” needs review: {reason}"),
        other => format!("“{title}” is {}.", other.label().to_lowercase()),
    }
}

/// Adds `post` to the news, newest first, keeping the last few.
pub fn push_news(news: &mut Vec<PostView>, post: PostView) {
    news.retain(|p| p.id != post.id);
    news.insert(0, post);
    news.truncate(NEWS_SHOWN);
}

/// What the live stream has told this page.
#[derive(Clone, Copy)]
pub struct LiveFeed {
    /// Every copy of a post the stream sent, merged.
    pub posts: RwSignal<Vec<PostView>>,
    /// Changes that are news, shown for a while.
    pub news: RwSignal<Vec<PostView>>,
    /// Whether the stream is open (it reconnects by itself after a drop).
    pub connected: RwSignal<bool>,
    /// Liner refused the stream (too many of the member's pages open, or too many in all);
    /// the page asks again every [`REFUSED_RETRY_SECS`].
    pub refused: RwSignal<bool>,
}

/// How long a page whose stream was refused waits before asking again (the server's
/// `Retry-After` says the same).
pub const REFUSED_RETRY_SECS: u64 = 30;

/// Subscribes to post changes for as long as the calling component lives. Effects run only in
/// the browser, so the server never opens a stream.
pub fn subscribe_to_posts() -> LiveFeed {
    let feed = LiveFeed {
        posts: RwSignal::new(Vec::new()),
        news: RwSignal::new(Vec::new()),
        connected: RwSignal::new(false),
        refused: RwSignal::new(false),
    };
    // Each attempt opens a new stream; the effect's cleanup closes the one before.
    let attempt = RwSignal::new(0u32);
    Effect::new(move || {
        attempt.track();
        browser::subscribe(feed, attempt)
    });
    feed
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    use leptos::prelude::RwSignal;

    pub fn subscribe(_feed: super::LiveFeed, _attempt: RwSignal<u32>) {}
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{
        is_news, merge_post, push_news, LiveFeed, CHANGE_EVENT, POST_EVENTS_PATH,
        REFUSED_RETRY_SECS,
    };
    use leptos::prelude::*;
    use liner::views::PostView;
    use send_wrapper::SendWrapper;
    use std::time::Duration;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{EventSource, MessageEvent};

    /// How long a news toast shows.
    const NEWS_MS: u64 = 8_000;

    fn read(ev: &MessageEvent) -> Option<PostView> {
        serde_json::from_str::<PostView>(&ev.data().as_string()?).ok()
    }

    pub fn subscribe(feed: LiveFeed, attempt: RwSignal<u32>) {
        let LiveFeed {
            posts,
            news,
            connected,
            refused,
        } = feed;
        let Ok(source) = EventSource::new(POST_EVENTS_PATH) else {
            return;
        };
        let on_open = Closure::<dyn FnMut()>::new(move || {
            connected.set(true);
            refused.set(false);
        });
        // A dropped stream reconnects by itself; one the server answered with an error (a 429
        // past the caps, say) is closed for good, so the page asks again later.
        let watched = source.clone();
        let on_error = Closure::<dyn FnMut()>::new(move || {
            connected.set(false);
            if watched.ready_state() == EventSource::CLOSED {
                refused.set(true);
                set_timeout(
                    move || {
                        let _ = attempt.try_update(|n| *n += 1);
                    },
                    Duration::from_secs(REFUSED_RETRY_SECS),
                );
            }
        });
        let on_state = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            if let Some(post) = read(&ev) {
                posts.update(|list| merge_post(list, post));
            }
        });
        let on_change = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(post) = read(&ev) else {
                return;
            };
            if is_news(&post) {
                let shown = (post.id, post.updated_at);
                news.update(|n| push_news(n, post.clone()));
                set_timeout(
                    move || {
                        // The page may be gone by then.
                        let _ = news.try_update(|n| n.retain(|p| (p.id, p.updated_at) != shown));
                    },
                    Duration::from_millis(NEWS_MS),
                );
            }
            posts.update(|list| merge_post(list, post));
        });
        source.set_onmessage(Some(on_state.as_ref().unchecked_ref()));
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let _ = source
            .add_event_listener_with_callback(CHANGE_EVENT, on_change.as_ref().unchecked_ref());
        // EventSource reconnects by itself; the closures must live as long as the source.
        let source = SendWrapper::new((source, on_state, on_change, on_open, on_error));
        on_cleanup(move || source.take().0.close());
    }
}
