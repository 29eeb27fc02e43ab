//! Discord markdown trees as DOM nodes.

use leptos::prelude::*;
use liner::markdown::{format_timestamp, parse, Block, Inline, Mention, TimestampStyle};
use liner::post::RoleRef;
use std::sync::Arc;

/// The reader's clock, for `<t:…>` timestamps: their UTC offset and "now". Both sides start at
/// zero so the server's render and the browser's first render agree; the browser then sets it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    pub offset_seconds: i32,
    pub now_unix: i64,
}

impl Clock {
    /// The browser's clock (the server's render keeps the default).
    pub fn browser() -> Clock {
        #[cfg(feature = "hydrate")]
        {
            let date = js_sys::Date::new_0();
            Clock {
                offset_seconds: (-date.get_timezone_offset() * 60.0) as i32,
                now_unix: (js_sys::Date::now() / 1000.0) as i64,
            }
        }
        #[cfg(not(feature = "hydrate"))]
        Clock::default()
    }
}

/// What rendering needs besides the text: role names for mentions, and the clock.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderContext {
    pub roles: Arc<Vec<RoleRef>>,
    pub clock: Clock,
}

/// Renders Discord markdown.
#[component]
pub fn MarkdownView(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] ctx: Signal<RenderContext>,
) -> impl IntoView {
    let blocks = Memo::new(move |_| text.with(|t| parse(t)));
    move || {
        let ctx = ctx.get();
        blocks.with(|b| blocks_view(b, &ctx))
    }
}

fn blocks_view(blocks: &[Block], ctx: &RenderContext) -> AnyView {
    blocks
        .iter()
        .map(|b| block_view(b, ctx))
        .collect_view()
        .into_any()
}

fn block_view(block: &Block, ctx: &RenderContext) -> AnyView {
    match block {
        Block::Paragraph(nodes) => view! { <div class="md-p">{inlines(nodes, ctx)}</div> }.into_any(),
        Block::Heading { level: 1, content } => {
            view! { <h3 class="md-h1">{inlines(content, ctx)}</h3> }.into_any()
        }
        Block::Heading { level: 2, content } => {
            view! { <h4 class="md-h2">{inlines(content, ctx)}</h4> }.into_any()
        }
        Block::Heading { content, .. } => {
            view! { <h5 class="md-h3">{inlines(content, ctx)}</h5> }.into_any()
        }
        Block::Subtext(nodes) => view! { <small class="md-sub">{inlines(nodes, ctx)}</small> }.into_any(),
        Block::Quote(inner) => {
            view! { <blockquote class="md-quote">{blocks_view(inner, ctx)}</blockquote> }.into_any()
        }
        Block::CodeBlock { language, code } => view! {
            <pre class="md-pre" data-language=language.clone()><code>{code.clone()}</code></pre>
        }
        .into_any(),
        Block::List { start: Some(start), items } => view! {
            <ol class="md-ol" start=start.to_string()>
                {items.iter().map(|item| view! { <li>{blocks_view(item, ctx)}</li> }).collect_view()}
            </ol>
        }
        .into_any(),
        Block::List { start: None, items } => view! {
            <ul class="md-ul">
                {items.iter().map(|item| view! { <li>{blocks_view(item, ctx)}</li> }).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

/// Inline nodes as DOM nodes.
pub fn inlines(nodes: &[Inline], ctx: &RenderContext) -> AnyView {
    nodes
        .iter()
        .map(|n| inline_view(n, ctx))
        .collect_view()
        .into_any()
}

fn inline_view(node: &Inline, ctx: &RenderContext) -> AnyView {
    match node {
        Inline::Text(t) => t.clone().into_any(),
        Inline::LineBreak => view! { <br/> }.into_any(),
        Inline::Bold(c) => view! { <strong>{inlines(c, ctx)}</strong> }.into_any(),
        Inline::Italic(c) => view! { <em>{inlines(c, ctx)}</em> }.into_any(),
        Inline::Underline(c) => view! { <u>{inlines(c, ctx)}</u> }.into_any(),
        Inline::Strikethrough(c) => view! { <s>{inlines(c, ctx)}</s> }.into_any(),
        Inline::Spoiler(c) => {
            let content = inlines(c, ctx);
            view! { <Spoiler>{content}</Spoiler> }.into_any()
        }
        Inline::Code(code) => view! { <code class="md-code">{code.clone()}</code> }.into_any(),
        Inline::Link { label, url } => view! {
            <a class="md-link" href=url.clone() target="_blank" rel="noopener noreferrer nofollow">
                {inlines(label, ctx)}
            </a>
        }
        .into_any(),
        Inline::Url(url) => view! {
            <a class="md-link" href=url.clone() target="_blank" rel="noopener noreferrer nofollow">
                {url.clone()}
            </a>
        }
        .into_any(),
        Inline::Timestamp { unix, style } => {
            let text =
                format_timestamp(*unix, *style, ctx.clock.offset_seconds, ctx.clock.now_unix);
            let full = format_timestamp(
                *unix,
                TimestampStyle::LongDateTime,
                ctx.clock.offset_seconds,
                ctx.clock.now_unix,
            );
            view! { <time class="md-time" title=full>{text}</time> }.into_any()
        }
        Inline::Mention(m) => {
            let text = match m {
                Mention::Everyone => "@everyone".to_string(),
                Mention::Here => "@here".to_string(),
                Mention::Role(id) => ctx
                    .roles
                    .iter()
                    .find(|r| &r.id == id)
                    .map(|r| format!("@{}", r.name))
                    .unwrap_or_else(|| "@unknown-role".into()),
                Mention::User(_) => "@Unknown User".into(),
                Mention::Channel(_) => "#unknown".into(),
            };
            view! { <span class="md-mention">{text}</span> }.into_any()
        }
        Inline::Emoji { name, id, animated } => {
            let ext = if *animated { "gif" } else { "webp" };
            view! {
                <img class="md-emoji" alt=format!(":{name}:") title=format!(":{name}:")
                    src=format!("https://cdn.discordapp.com/emojis/{id}.{ext}?size=44")/>
            }
            .into_any()
        }
    }
}

/// Hidden text, revealed by a click or Enter, as in Discord.
#[component]
fn Spoiler(children: Children) -> impl IntoView {
    let shown = RwSignal::new(false);
    view! {
        <span
            class="md-spoiler"
            class:md-spoiler-shown=move || shown.get()
            role="button"
            tabindex="0"
            aria-label=move || if shown.get() { "Spoiler, shown" } else { "Spoiler, hidden" }
            aria-expanded=move || shown.get().to_string()
            on:click=move |_| shown.set(true)
            on:keydown=move |ev| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    shown.set(true);
                }
            }
        >
            {children()}
        </span>
    }
}
