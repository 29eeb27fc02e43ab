//! A labelled text input with its character counter and its inline error.

use leptos::prelude::*;

#[component]
pub fn TextField(
    /// The visible label, also the input's accessible name.
    label: &'static str,
    /// The element id.
    id: &'static str,
    value: RwSignal<String>,
    /// The error to show beside the field, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Discord's limit for this field, shown as a counter.
    #[prop(optional)]
    max: Option<usize>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] required: bool,
    #[prop(optional)] input_type: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let invalid = move || error.get().is_some().to_string();
    let input_class = "w-full rounded border border-zinc-700 bg-zinc-900 px-3 py-2 \
                       focus:border-indigo-400 focus:outline-none";
    let control = if multiline {
        view! {
            <textarea
                id=id
                class=input_class
                rows="6"
                required=required
                aria-invalid=invalid
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                type=input_type.unwrap_or("text")
                class=input_class
                required=required
                aria-invalid=invalid
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="space-y-1">
            <div class="flex items-baseline justify-between">
                <label for=id class="font-medium">{label}</label>
                {max.map(|max| view! {
                    <span class="text-xs text-zinc-400" aria-hidden="true">
                        {move || liner::limits::discord_len(&value.get())} "/" {max}
                    </span>
                })}
            </div>
            {control}
            <p id=error_id class="min-h-5 text-sm text-red-400" role="status">
                {move || error.get()}
            </p>
        </div>
    }
}
