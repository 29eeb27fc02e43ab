//! A Discord message drawn the way Discord's dark theme draws it: avatar, name, BOT tag, and an
//! embed with its colour bar. Text is always inserted as text, never as HTML.

use leptos::prelude::*;
use liner::message::DiscordMessage;

fn hex_color(color: Option<u32>) -> String {
    format!("#{:06x}", color.unwrap_or(0x1e1f22))
}

#[component]
pub fn DiscordMessageView(
    username: String,
    timestamp: String,
    message: DiscordMessage,
) -> impl IntoView {
    let initial = username.chars().next().unwrap_or('?').to_string();
    view! {
        <article class="flex gap-3 rounded bg-[#313338] p-3 text-[#dbdee1]" aria-label=format!("Message from {username}")>
            <div class="flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-indigo-500 font-bold" aria-hidden="true">
                {initial}
            </div>
            <div class="min-w-0 flex-1">
                <div class="flex items-baseline gap-2">
                    <span class="font-medium text-white">{username.clone()}</span>
                    <span class="rounded bg-indigo-500 px-1 text-[10px] font-bold text-white">"BOT"</span>
                    <span class="text-xs text-zinc-400">{timestamp}</span>
                </div>
                {message.content.map(|c| view! { <p class="whitespace-pre-wrap">{c}</p> })}
                {message.embeds.into_iter().map(|embed| view! {
                    <div
                        class="mt-1 max-w-lg rounded border-l-4 bg-[#2b2d31] p-3"
                        style=format!("border-left-color: {}", hex_color(embed.color))
                    >
                        {embed.author.map(|a| view! { <p class="text-sm font-semibold text-white">{a.name}</p> })}
                        {embed.title.map(|t| view! { <h3 class="font-semibold text-white">{t}</h3> })}
                        {embed.description.map(|d| view! { <p class="mt-1 whitespace-pre-wrap text-sm">{d}</p> })}
                        {embed.image.map(|i| view! {
                            <img src=i.url alt="Cover image" class="mt-2 max-h-72 rounded"/>
                        })}
                    </div>
                }).collect_view()}
            </div>
        </article>
    }
}
