//! Live post status: the server pushes every change of the viewer's posts as a server-sent event,
//! and this merges them into the list on the page.

use leptos::prelude::*;
use liner::views::PostView;

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
    fn unknown_posts_go_to_the_top() {
        let mut list = vec![post(1, PostStatus::Published, 10)];
        merge_post(&mut list, post(2, PostStatus::Scheduled, 20));
        assert_eq!(list.iter().map(|p| p.id.0).collect::<Vec<_>>(), vec![2, 1]);
    }
}

/// Subscribes to post changes for as long as the calling component lives. Effects run only in
/// the browser, so the server never opens a stream.
pub fn subscribe_to_posts(posts: RwSignal<Vec<PostView>>) {
    Effect::new(move || browser::subscribe(posts));
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    use leptos::prelude::*;
    use liner::views::PostView;

    pub fn subscribe(_posts: RwSignal<Vec<PostView>>) {}
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{merge_post, POST_EVENTS_PATH};
    use leptos::prelude::*;
    use liner::views::PostView;
    use send_wrapper::SendWrapper;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{EventSource, MessageEvent};

    pub fn subscribe(posts: RwSignal<Vec<PostView>>) {
        let Ok(source) = EventSource::new(POST_EVENTS_PATH) else {
            return;
        };
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(text) = ev.data().as_string() else {
                return;
            };
            if let Ok(post) = serde_json::from_str::<PostView>(&text) {
                posts.update(|list| merge_post(list, post));
            }
        });
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // EventSource reconnects by itself; the closure must live as long as the source.
        let source = SendWrapper::new((source, on_message));
        on_cleanup(move || source.take().0.close());
    }
}
