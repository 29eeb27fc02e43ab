//! The few browser APIs the app uses (localStorage, `crypto.randomUUID`, `Intl`, focus, the
//! address bar), behind plain functions. On the server they do nothing, so components can call
//! them from Effects without `cfg` of their own.

pub use imp::*;

#[cfg(feature = "hydrate")]
mod imp {
    use wasm_bindgen::JsCast;

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// A stored value, if storage is available and holds `key`.
    pub fn storage_get(key: &str) -> Option<String> {
        storage()?.get_item(key).ok().flatten()
    }

    /// Stores a value; false when storage is unavailable or full.
    pub fn storage_set(key: &str, value: &str) -> bool {
        storage().is_some_and(|s| s.set_item(key, value).is_ok())
    }

    pub fn storage_remove(key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
        }
    }

    /// Every stored key starting with `prefix`.
    pub fn storage_keys(prefix: &str) -> Vec<String> {
        let Some(s) = storage() else {
            return Vec::new();
        };
        let len = s.length().unwrap_or(0);
        (0..len)
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix))
            .collect()
    }

    /// A random v4 UUID from the browser's CSPRNG.
    pub fn random_uuid() -> Option<String> {
        Some(web_sys::window()?.crypto().ok()?.random_uuid())
    }

    /// The browser's IANA time zone, e.g. `Europe/Berlin`.
    pub fn time_zone() -> Option<String> {
        let format =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        let options = format.resolved_options();
        js_sys::Reflect::get(&options, &"timeZone".into())
            .ok()?
            .as_string()
    }

    /// Every IANA time zone the browser knows (`Intl.supportedValuesOf`), for suggestions.
    pub fn time_zones() -> Vec<String> {
        let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok();
        let f = intl
            .as_ref()
            .and_then(|i| js_sys::Reflect::get(i, &"supportedValuesOf".into()).ok())
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        match (intl, f) {
            (Some(intl), Some(f)) => f
                .call1(&intl, &"timeZone".into())
                .ok()
                .map(|arr| {
                    js_sys::Array::from(&arr)
                        .iter()
                        .filter_map(|v| v.as_string())
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Now, in Unix milliseconds.
    pub fn now_ms() -> f64 {
        js_sys::Date::now()
    }

    /// Moves keyboard focus to the element with `id`.
    pub fn focus(id: &str) {
        let el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = el {
            let _ = el.focus();
        }
    }

    /// Replaces the address bar's URL without navigating (so a reload reopens the same draft).
    pub fn replace_url(url: &str) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod imp {
    pub fn storage_get(_key: &str) -> Option<String> {
        None
    }
    pub fn storage_set(_key: &str, _value: &str) -> bool {
        false
    }
    pub fn storage_remove(_key: &str) {}
    pub fn storage_keys(_prefix: &str) -> Vec<String> {
        Vec::new()
    }
    pub fn random_uuid() -> Option<String> {
        None
    }
    pub fn time_zone() -> Option<String> {
        None
    }
    pub fn time_zones() -> Vec<String> {
        Vec::new()
    }
    pub fn now_ms() -> f64 {
        0.0
    }
    pub fn focus(_id: &str) {}
    pub fn replace_url(_url: &str) {}
}
