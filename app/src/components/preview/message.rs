//! A whole message: avatar, name, APP tag, time, content, embeds and link buttons.

use super::embed::EmbedView;
use super::markdown::{MarkdownView, RenderContext};
use leptos::prelude::*;
use liner::message::DiscordMessage;
use liner::validate::check_http_url;

#[component]
pub fn DiscordMessageView(
    #[prop(into)] username: Signal<String>,
    #[prop(into)] timestamp: Signal<String>,
    #[prop(into)] message: Signal<DiscordMessage>,
    #[prop(into)] ctx: Signal<RenderContext>,
    /// Discord's light theme instead of its dark one.
    #[prop(optional, into)]
    light: Signal<bool>,
) -> impl IntoView {
    let content = Memo::new(move |_| message.with(|m| m.content.clone()));
    let embeds = Memo::new(move |_| message.with(|m| m.embeds.clone()));
    let rows = Memo::new(move |_| message.with(|m| m.components.clone()));
    let initial = move || username.with(|u| u.chars().next().unwrap_or('?').to_string());
    // A webhook identity's avatar, when it is a web image; else Discord's initial.
    let avatar = Memo::new(move |_| {
        message.with(|m| {
            m.avatar_url
                .clone()
                .filter(|u| u.starts_with("https://") && check_http_url(u).is_ok())
        })
    });
    view! {
        <article
            class="dc-message"
            class:dc-light=move || light.get()
            aria-label=move || format!("Message from {}", username.get())
        >
            {move || match avatar.get() {
                Some(src) => view! { <img class="dc-avatar object-cover" src=src alt="" width="40" height="40"/> }.into_any(),
                None => view! { <div class="dc-avatar" aria-hidden="true">{initial}</div> }.into_any(),
            }}
            <div class="min-w-0 flex-1">
                <div class="flex items-baseline gap-2">
                    <span class="dc-username">{move || username.get()}</span>
                    // Discord tags webhook and bot messages "APP" (it read "BOT" until 2024).
                    <span class="dc-app-tag">"APP"</span>
                    <span class="dc-time">{move || timestamp.get()}</span>
                </div>
                {move || content.get().map(|c| view! {
                    <div class="dc-content"><MarkdownView text=c ctx=ctx/></div>
                })}
                <For each=move || 0..embeds.with(Vec::len) key=|i| *i let:i>
                    <EmbedView embed=Signal::derive(move || embeds.with(|e| e.get(i).cloned().unwrap_or_default())) ctx/>
                </For>
                {move || rows.get().into_iter().map(|row| view! {
                    <div class="dc-buttons">
                        {row.components.into_iter().map(|b| view! {
                            // Only web links get an href: a stored draft may hold anything.
                            <a class="dc-button" href=check_http_url(&b.url).is_ok().then_some(b.url)
                                target="_blank" rel="noopener noreferrer nofollow">
                                {b.label}
                                <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none">
                                    <path fill="currentColor" d="M15 2a1 1 0 0 0 0 2h3.59l-7.3 7.3a1 1 0 0 0 1.42 1.4L20 5.42V9a1 1 0 1 0 2 0V3a1 1 0 0 0-1-1h-6Z"/>
                                    <path fill="currentColor" d="M5 5a3 3 0 0 0-3 3v11a3 3 0 0 0 3 3h11a3 3 0 0 0 3-3v-5a1 1 0 1 0-2 0v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h5a1 1 0 1 0 0-2H5Z"/>
                                </svg>
                            </a>
                        }).collect_view()}
                    </div>
                }).collect_view()}
            </div>
        </article>
    }
}
