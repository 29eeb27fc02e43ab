//! The live preview: the message exactly as Discord will render it, on every keystroke.

use super::use_composer;
use crate::components::preview::{Clock, DiscordMessageView, RenderContext};
use leptos::prelude::*;
use liner::message::DiscordMessage;
use std::sync::Arc;

#[component]
pub fn PreviewPanel() -> impl IntoView {
    let c = use_composer();
    let clock = RwSignal::new(Clock::default());
    Effect::new(move || clock.set(Clock::browser()));
    let light = RwSignal::new(false);
    let message = Memo::new(move |_| {
        let sent_at = chrono::DateTime::from_timestamp(clock.get().now_unix, 0).unwrap_or_default();
        c.draft
            .with(|d| DiscordMessage::for_post(&d.body, &d.release, sent_at))
    });
    let ctx = Memo::new(move |_| RenderContext {
        roles: Arc::new(c.draft.with(|d| d.body.mentions.clone())),
        clock: clock.get(),
    });
    view! {
        <div class="mb-2 flex items-center justify-between">
            <h2 class="text-lg font-semibold">"Preview"</h2>
            <label class="flex items-center gap-2 text-sm">
                <input type="checkbox" prop:checked=move || light.get()
                    on:change=move |ev| light.set(event_target_checked(&ev))/>
                "Light theme"
            </label>
        </div>
        <div role="region" aria-label="Message preview" aria-live="off">
            <DiscordMessageView username="Liner" timestamp="Today at 12:00" message ctx light/>
        </div>
    }
}
