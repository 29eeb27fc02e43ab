//! The live preview: the message exactly as Discord will render it, on every keystroke.

use super::use_composer;
use crate::components::preview::{Clock, DiscordMessageView, RenderContext};
use leptos::prelude::*;
use liner::message::DiscordMessage;
use liner::post::WebhookIdentity;
use std::sync::Arc;

#[component]
pub fn PreviewPanel() -> impl IntoView {
    let c = use_composer();
    let clock = RwSignal::new(Clock::default());
    Effect::new(move || clock.set(Clock::browser()));
    let light = RwSignal::new(false);
    let channels = c.channels;
    // Only a change of channel re-draws the message view, not every keystroke.
    let channel_id = Memo::new(move |_| c.draft.with(|d| d.schedule.channel_id));
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
            // The channel's default name and avatar are known once its list has loaded.
            <Suspense fallback=move || view! { <Message c clock light channel=None/> }>
                {move || {
                    let channel = channels.get().and_then(Result::ok).and_then(|list| {
                        let id = channel_id.get()?;
                        list.into_iter().find(|ch| ch.id == id)
                    });
                    view! { <Message c clock light channel/> }
                }}
            </Suspense>
        </div>
    }
}

/// The message itself, as the chosen channel would show it.
#[component]
fn Message(
    c: super::Composer,
    clock: RwSignal<Clock>,
    light: RwSignal<bool>,
    channel: Option<liner::views::ChannelView>,
) -> impl IntoView {
    let (defaults, as_bot) = channel
        .map(|ch| (ch.identity, ch.posts_as_bot))
        .unwrap_or_default();
    let identity = Memo::new(move |_| {
        if as_bot {
            return WebhookIdentity::default();
        }
        c.draft.with(|d| d.body.identity.or(&defaults))
    });
    let username = Signal::derive(move || {
        identity.with(|i| {
            if i.username.is_empty() {
                DEFAULT_NAME.to_string()
            } else {
                i.username.clone()
            }
        })
    });
    let message = Memo::new(move |_| {
        let sent_at = chrono::DateTime::from_timestamp(clock.get().now_unix, 0).unwrap_or_default();
        c.draft
            .with(|d| DiscordMessage::for_post(&d.body, &d.release, sent_at))
            .with_identity(&identity.get())
            .images_within(c.hosts.get())
    });
    let ctx = Memo::new(move |_| RenderContext {
        roles: Arc::new(c.draft.with(|d| d.body.mentions.clone())),
        clock: clock.get(),
    });
    view! {
        <DiscordMessageView username timestamp="Today at 12:00" message ctx light/>
    }
}

/// The name a message shows without an identity: the sandbox's and Liner's suggested webhook
/// name.
const DEFAULT_NAME: &str = "Liner";
