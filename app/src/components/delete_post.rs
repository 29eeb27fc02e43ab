//! "Delete" and its confirmation, on the dashboard and a post's page.

use leptos::prelude::*;

/// A delete button that asks first. A published post's message stays in Discord unless the
/// person asks for it to go too: `on_delete` hears whether they did.
#[component]
pub fn DeletePostButton(
    /// The post's title, for the button's accessible name.
    title: String,
    published: bool,
    on_delete: Callback<bool>,
    /// A delete is under way: asking again is refused.
    #[prop(optional, into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let remove = move |from_discord: bool| {
        confirming.set(false);
        on_delete.run(from_discord);
    };
    view! {
        <button type="button" class="underline disabled:opacity-50" aria-label=format!("Delete {title}")
            disabled=move || busy.get() on:click=move |_| confirming.set(true)>"Delete"</button>
        <Show when=move || confirming.get()>
            <span role="alertdialog" aria-label="Confirm delete" class="ml-2 inline-flex flex-wrap items-center gap-2 rounded bg-zinc-800 px-2 py-1">
                {if published {
                    view! {
                        "Delete this post? Its message stays in Discord unless you delete it there too."
                        <button type="button" class="rounded bg-zinc-600 px-2 text-white disabled:opacity-50"
                            disabled=move || busy.get() on:click=move |_| remove(false)>"Delete from Liner only"</button>
                        <button type="button" class="rounded bg-red-600 px-2 text-white disabled:opacity-50"
                            disabled=move || busy.get() on:click=move |_| remove(true)>"Also delete from Discord"</button>
                    }.into_any()
                } else {
                    view! {
                        "Delete this post?"
                        <button type="button" class="rounded bg-red-600 px-2 text-white disabled:opacity-50"
                            disabled=move || busy.get() on:click=move |_| remove(false)>"Yes, delete"</button>
                    }.into_any()
                }}
                <button type="button" class="underline" on:click=move |_| confirming.set(false)>"Cancel"</button>
            </span>
        </Show>
    }
}
