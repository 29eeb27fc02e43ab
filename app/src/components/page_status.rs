//! Sets the HTTP status of a server-rendered page; nothing to do in the browser.

pub fn set_page_status(code: u16) {
    imp::set(code);
}

#[cfg(feature = "ssr")]
mod imp {
    use leptos::prelude::use_context;

    pub fn set(code: u16) {
        let options = use_context::<leptos_axum::ResponseOptions>();
        if let (Some(options), Ok(status)) = (options, http::StatusCode::from_u16(code)) {
            options.set_status(status);
        }
    }
}

#[cfg(not(feature = "ssr"))]
mod imp {
    pub fn set(_code: u16) {}
}
