//! A labelled text input or text area with its character counter and inline error.

use leptos::prelude::*;
use liner::limits::discord_len;

#[component]
pub fn Input(
    /// The visible label, also the accessible name.
    #[prop(into)]
    label: String,
    #[prop(into)] id: String,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    /// The limit, shown as a counter that turns red past it.
    #[prop(optional)]
    max: Option<usize>,
    #[prop(optional)] multiline: bool,
    #[prop(optional, into)] input_type: Option<String>,
    #[prop(optional, into)] placeholder: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let count_id = format!("{id}-count");
    let hint_id = format!("{id}-hint");
    let mut described = vec![error_id.clone()];
    if max.is_some() {
        described.push(count_id.clone());
    }
    if hint.is_some() {
        described.push(hint_id.clone());
    }
    let described = described.join(" ");
    let invalid = move || error.with(Option::is_some).to_string();
    let class = "w-full rounded border border-zinc-700 bg-zinc-900 px-3 py-2 \
                 focus:border-indigo-400 focus:outline-none aria-[invalid=true]:border-red-500";
    let control = if multiline {
        view! {
            <textarea id=id.clone() class=class rows="5" placeholder=placeholder
                aria-invalid=invalid aria-describedby=described required=required
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() type=input_type.unwrap_or_else(|| "text".into()) class=class
                placeholder=placeholder aria-invalid=invalid aria-describedby=described
                required=required
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="space-y-1">
            <div class="flex items-baseline justify-between gap-2">
                <label for=id class="font-medium">{label}</label>
                {max.map(|max| {
                    let len = move || value.with(|v| discord_len(v));
                    view! {
                        <span id=count_id class="text-xs tabular-nums"
                            class:text-zinc-400={move || len() <= max}
                            class:text-red-400={move || len() > max}>
                            {len} "/" {max}
                        </span>
                    }
                })}
            </div>
            {hint.map(|h| view! { <p id=hint_id class="text-xs text-zinc-400">{h}</p> })}
            {control}
            <p id=error_id class="min-h-5 text-sm text-red-400">{move || error.get()}</p>
        </div>
    }
}
