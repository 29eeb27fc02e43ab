use crate::components::page_status::set_page_status;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    set_page_status(404);
    view! {
        <h1 class="text-2xl font-bold">"Page not found"</h1>
        <p class="mt-2"><A href="/">"Back to Liner"</A></p>
    }
}
