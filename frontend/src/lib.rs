//! The wasm entry point: hydrates the page the server rendered.

// The app's view types nest deeply; compiling their hydration code needs a higher limit.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
