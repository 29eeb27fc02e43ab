//! The browser APIs the offline app needs (the service worker, connectivity events, a probe of
//! the server, storage persistence, the worker's caches), behind plain functions. On the server
//! they do nothing, like `crate::browser`.

pub use imp::*;

/// The service worker's script (scope: the whole site).
pub const WORKER_URL: &str = "/sw.js";
/// Answers while the server process is up; never cached by the worker.
pub const PROBE_URL: &str = "/healthz";

#[cfg(feature = "hydrate")]
mod imp {
    use super::{PROBE_URL, WORKER_URL};
    use js_sys::{Array, Object, Promise, Reflect};
    use std::time::Duration;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    fn window() -> Option<web_sys::Window> {
        web_sys::window()
    }

    /// `navigator.onLine`: only trustworthy when it says false.
    pub fn navigator_online() -> bool {
        window().is_none_or(|w| w.navigator().on_line())
    }

    /// Calls `f` on every `name` event of the window, for the page's lifetime.
    pub fn on_window_event(name: &str, f: impl Fn() + 'static) {
        if let Some(w) = window() {
            let closure = Closure::<dyn Fn()>::new(f);
            let _ = w.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
            closure.forget();
        }
    }

    /// Calls `f` whenever the page becomes visible again (a phone unlocked, a tab returned to).
    pub fn on_visible(f: impl Fn() + 'static) {
        let Some(document) = window().and_then(|w| w.document()) else {
            return;
        };
        let doc = document.clone();
        let closure = Closure::<dyn Fn()>::new(move || {
            if doc.visibility_state() == web_sys::VisibilityState::Visible {
                f();
            }
        });
        let _ = document
            .add_event_listener_with_callback("visibilitychange", closure.as_ref().unchecked_ref());
        closure.forget();
    }

    /// Whether Liner's server answers within `timeout`.
    pub async fn probe(timeout: Duration) -> bool {
        let Some(w) = window() else {
            return false;
        };
        let init = web_sys::RequestInit::new();
        init.set_cache(web_sys::RequestCache::NoStore);
        let fetch = w.fetch_with_str_and_init(PROBE_URL, &init);
        match within(fetch, timeout).await {
            Some(Ok(value)) => value.dyn_into::<web_sys::Response>().is_ok_and(|r| r.ok()),
            _ => false,
        }
    }

    /// What the timer promise resolves to; nothing else does.
    const TIMED_OUT: &str = "liner:timed-out";

    /// `work`'s outcome, or `None` when `limit` passed first.
    async fn within(work: Promise, limit: Duration) -> Option<Result<JsValue, JsValue>> {
        let timer = Promise::new(&mut |resolve, _| {
            if let Some(w) = window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_1(
                    &resolve,
                    i32::try_from(limit.as_millis()).unwrap_or(i32::MAX),
                    &JsValue::from_str(TIMED_OUT),
                );
            }
        });
        match JsFuture::from(Promise::race(&Array::of2(&work, &timer))).await {
            Ok(v) if v.as_string().as_deref() == Some(TIMED_OUT) => None,
            other => Some(other),
        }
    }

    fn container() -> Option<web_sys::ServiceWorkerContainer> {
        let navigator = window()?.navigator();
        // Absent on plain http (other than localhost) and in some private modes.
        Reflect::has(&navigator, &"serviceWorker".into())
            .ok()
            .filter(|has| *has)?;
        Some(navigator.service_worker())
    }

    /// Registers the worker and calls `on_waiting` whenever a new version has installed and
    /// waits to take over (not for the first install, which takes over at once).
    pub async fn register_worker(on_waiting: impl Fn() + Clone + 'static) {
        let Some(container) = container() else {
            return;
        };
        let Ok(registration) = JsFuture::from(container.register(WORKER_URL)).await else {
            return;
        };
        let Ok(registration) = registration.dyn_into::<web_sys::ServiceWorkerRegistration>() else {
            return;
        };
        let has_controller = {
            let c = container.clone();
            move || c.controller().is_some()
        };
        if registration.waiting().is_some() && has_controller() {
            on_waiting();
        }
        let reg = registration.clone();
        let found = Closure::<dyn Fn()>::new(move || {
            let Some(installing) = reg.installing() else {
                return;
            };
            let worker = installing.clone();
            let on_waiting = on_waiting.clone();
            let has_controller = has_controller.clone();
            let changed = Closure::<dyn Fn()>::new(move || {
                if worker.state() == web_sys::ServiceWorkerState::Installed && has_controller() {
                    on_waiting();
                }
            });
            installing.set_onstatechange(Some(changed.as_ref().unchecked_ref()));
            changed.forget();
        });
        registration.set_onupdatefound(Some(found.as_ref().unchecked_ref()));
        found.forget();
        // A phone left open for days still hears of a deploy.
        let reg = registration.clone();
        on_visible(move || {
            let _ = reg.update();
        });
        // Once a worker is active (at once, or after the first install), it keeps this
        // member's offline pages, the ones not visited too.
        if let Ok(ready) = container.ready() {
            if let Ok(active) = JsFuture::from(ready).await {
                let active = active
                    .dyn_into::<web_sys::ServiceWorkerRegistration>()
                    .ok()
                    .and_then(|r| r.active());
                if let Some(active) = active {
                    let _ = active.post_message(&message("warm"));
                }
            }
        }
    }

    fn message(kind: &str) -> JsValue {
        let o = Object::new();
        let _ = Reflect::set(&o, &"type".into(), &kind.into());
        o.into()
    }

    /// Lets the waiting worker take over, then reloads the page once it has.
    pub async fn apply_update() {
        let Some(container) = container() else {
            return;
        };
        let Ok(registration) = JsFuture::from(container.get_registration()).await else {
            return;
        };
        let Ok(registration) = registration.dyn_into::<web_sys::ServiceWorkerRegistration>() else {
            return;
        };
        let Some(waiting) = registration.waiting() else {
            reload();
            return;
        };
        let changed = Closure::<dyn Fn()>::new(reload);
        container.set_oncontrollerchange(Some(changed.as_ref().unchecked_ref()));
        changed.forget();
        let _ = waiting.post_message(&message("skip-waiting"));
    }

    pub fn reload() {
        if let Some(w) = window() {
            let _ = w.location().reload();
        }
    }

    /// Deletes every member's cached pages: through the worker (which answers when done), and
    /// from the page too, so a worker that does not answer cannot leave them behind.
    pub async fn forget_cached_pages() {
        if let Some(active) = container().and_then(|c| c.controller()) {
            if let Ok(channel) = web_sys::MessageChannel::new() {
                let answered = Promise::new(&mut |resolve, _| {
                    channel.port1().set_onmessage(Some(&resolve));
                });
                let transfer = Array::of1(&channel.port2());
                if active
                    .post_message_with_transferable(&message("sign-out"), &transfer)
                    .is_ok()
                {
                    let _ = within(answered, Duration::from_secs(2)).await;
                }
            }
        }
        let Some(caches) = window().and_then(|w| w.caches().ok()) else {
            return;
        };
        let Ok(names) = JsFuture::from(caches.keys()).await else {
            return;
        };
        for name in Array::from(&names).iter().filter_map(|n| n.as_string()) {
            if name.starts_with("liner-pages-") {
                let _ = JsFuture::from(caches.delete(&name)).await;
            }
        }
    }

    /// Asks the browser not to evict this site's storage under pressure (drafts live there).
    pub fn persist_storage() {
        if let Some(w) = window() {
            let storage = w.navigator().storage();
            let _ = storage.persist();
        }
    }

    /// A Unix-milliseconds instant as the reader's local date and time.
    pub fn local_time(ms: f64) -> String {
        let date = js_sys::Date::new(&JsValue::from_f64(ms));
        String::from(date.to_locale_string("default", &JsValue::UNDEFINED))
    }
}

#[cfg(not(feature = "hydrate"))]
mod imp {
    use std::time::Duration;

    pub fn navigator_online() -> bool {
        true
    }
    pub fn on_window_event(_name: &str, _f: impl Fn() + 'static) {}
    pub fn on_visible(_f: impl Fn() + 'static) {}
    pub async fn probe(_timeout: Duration) -> bool {
        true
    }
    pub async fn register_worker(_on_waiting: impl Fn() + Clone + 'static) {}
    pub async fn apply_update() {}
    pub fn reload() {}
    pub async fn forget_cached_pages() {}
    pub fn persist_storage() {}
    pub fn local_time(_ms: f64) -> String {
        String::new()
    }
}
