//! Live post status: the server pushes every change of the viewer's posts as a server-sent event,
//! and this merges them into the list on the page.

use leptos::prelude::*;
use liner::views::PostView;

/// The path of the server-sent event stream.
pub const POST_EVENTS_PATH: &str = "/events/posts";

/// Puts `post` into `list`, replacing the older copy of it or adding it at the top.
pub fn merge_post(list: &mut Vec<PostView>, post: PostView) {
    match list.iter_mut().find(|p| p.id == post.id) {
        Some(existing) => *existing = post,
        None => list.insert(0, post),
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
