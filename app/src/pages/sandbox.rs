//! What the sandbox's fake Discord received, drawn like Discord.

use crate::components::preview::{Clock, DiscordMessageView, RenderContext};
use crate::serverfns::sandbox_messages;
use leptos::prelude::*;

#[component]
pub fn SandboxPage() -> impl IntoView {
    let messages = Resource::new(|| (), |_| sandbox_messages());
    let clock = RwSignal::new(Clock::default());
    Effect::new(move || clock.set(Clock::browser()));
    let ctx = Signal::derive(move || RenderContext {
        clock: clock.get(),
        ..RenderContext::default()
    });
    view! {
        <h1 class="text-2xl font-bold">"Sandbox Discord"</h1>
        <p class="mt-2 text-zinc-400">"Messages the built-in fake Discord received, newest first."</p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || messages.get().map(|res| match res {
                Err(e) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="mt-6">"No messages yet."</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="mt-6 space-y-4">
                        {list.into_iter().map(|m| view! {
                            <li>
                                <p class="mb-1 text-sm text-zinc-400">
                                    "#" {m.channel_name}
                                    {m.message.thread_name.clone().map(|t| format!(" › new thread “{t}”"))}
                                    {m.edited.then_some(" · (edited)")}
                                </p>
                                <DiscordMessageView
                                    username=m.username
                                    timestamp=m.timestamp.format("%Y-%m-%d %H:%M UTC").to_string()
                                    message=m.message
                                    ctx
                                />
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Suspense>
    }
}
