//! One embed: colour bar, author, title link, description, the inline-field grid, thumbnail or
//! large image, footer and timestamp.

use super::markdown::{MarkdownView, RenderContext};
use leptos::prelude::*;
use liner::markdown::{format_timestamp, TimestampStyle};
use liner::message::{Embed, EmbedFieldJson};
use liner::validate::check_http_url;

/// Discord lays inline fields out up to three to a row; a non-inline field takes a row alone.
pub fn field_rows(fields: &[EmbedFieldJson]) -> Vec<Vec<EmbedFieldJson>> {
    let mut rows: Vec<Vec<EmbedFieldJson>> = Vec::new();
    let mut open_inline = false;
    for f in fields {
        match rows.last_mut() {
            Some(row) if f.inline && open_inline && row.len() < 3 => row.push(f.clone()),
            _ => rows.push(vec![f.clone()]),
        }
        open_inline = f.inline;
    }
    rows
}

/// One embed. Each part is its own memo, so a keystroke redraws only the part it changed (the
/// preview of a maximal post must keep up with typing).
#[component]
pub fn EmbedView(
    #[prop(into)] embed: Signal<Embed>,
    #[prop(into)] ctx: Signal<RenderContext>,
) -> impl IntoView {
    let color = Memo::new(move |_| format!("#{:06x}", embed.with(|e| e.color.unwrap_or(0x1e1f22))));
    let author = Memo::new(move |_| embed.with(|e| e.author.as_ref().map(|a| a.name.clone())));
    // Only web links become links: a stored draft may hold anything until it is published.
    let title = Memo::new(move |_| {
        embed.with(|e| {
            e.title
                .clone()
                .map(|t| (t, e.url.clone().filter(|u| check_http_url(u).is_ok())))
        })
    });
    let description = Memo::new(move |_| embed.with(|e| e.description.clone()));
    let rows = Memo::new(move |_| embed.with(|e| field_rows(&e.fields)));
    let thumbnail = Memo::new(move |_| {
        embed.with(|e| {
            e.thumbnail
                .as_ref()
                .map(|t| t.url.clone())
                .filter(|u| check_http_url(u).is_ok())
        })
    });
    let image = Memo::new(move |_| {
        embed.with(|e| {
            e.image
                .as_ref()
                .map(|i| i.url.clone())
                .filter(|u| check_http_url(u).is_ok())
        })
    });
    let footer = Memo::new(move |_| embed.with(|e| e.footer.as_ref().map(|f| f.text.clone())));
    let timestamp = Memo::new(move |_| {
        embed.with(|e| {
            e.timestamp
                .as_deref()
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .map(|d| d.timestamp())
        })
    });
    let footer_line = move || {
        let clock = ctx.with(|c| c.clock);
        let when = timestamp.get().map(|t| {
            format!(
                "{} {}",
                format_timestamp(
                    t,
                    TimestampStyle::ShortDate,
                    clock.offset_seconds,
                    clock.now_unix
                ),
                format_timestamp(
                    t,
                    TimestampStyle::ShortTime,
                    clock.offset_seconds,
                    clock.now_unix
                )
            )
        });
        match (footer.get(), when) {
            (Some(f), Some(w)) => Some(format!("{f} • {w}")),
            (Some(f), None) => Some(f),
            (None, Some(w)) => Some(w),
            (None, None) => None,
        }
    };
    let description_text = Signal::derive(move || description.get().unwrap_or_default());
    view! {
        <div class="dc-embed" style=move || format!("border-left-color: {}", color.get()) data-testid="embed">
            <div class="dc-embed-grid">
                <div class="dc-embed-body">
                    {move || author.get().map(|a| view! { <div class="dc-embed-author">{a}</div> })}
                    {move || title.get().map(|(t, url)| match url {
                        Some(url) => view! {
                            <a class="dc-embed-title dc-link" href=url target="_blank" rel="noopener noreferrer nofollow">{t}</a>
                        }
                        .into_any(),
                        None => view! { <span class="dc-embed-title">{t}</span> }.into_any(),
                    })}
                    <Show when=move || description.with(Option::is_some)>
                        <div class="dc-embed-description"><MarkdownView text=description_text ctx=ctx/></div>
                    </Show>
                    <Show when=move || rows.with(|r| !r.is_empty())>
                        <div class="dc-embed-fields">
                            // Keyed by place and content: a row that did not change keeps its nodes.
                            <For each=move || rows.get().into_iter().enumerate() key=|row| row.clone() let:row>
                                {
                                    let (_, row) = row;
                                    let cols = row.len();
                                    view! {
                                        <div class="dc-field-row" style=format!("grid-template-columns: repeat({cols}, minmax(0, 1fr))")>
                                            {row.into_iter().map(|f| view! {
                                                <div class="dc-field" role="group" aria-label=f.name.clone()>
                                                    <div class="dc-field-name">{f.name.clone()}</div>
                                                    <div class="dc-field-value"><MarkdownView text=f.value ctx=ctx/></div>
                                                </div>
                                            }).collect_view()}
                                        </div>
                                    }
                                }
                            </For>
                        </div>
                    </Show>
                </div>
                {move || thumbnail.get().map(|url| view! {
                    <img class="dc-embed-thumbnail" src=url alt="Cover (thumbnail)"/>
                })}
            </div>
            {move || image.get().map(|url| view! { <img class="dc-embed-image" src=url alt="Cover"/> })}
            {move || footer_line().map(|f| view! { <div class="dc-embed-footer">{f}</div> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str, inline: bool) -> EmbedFieldJson {
        EmbedFieldJson {
            name: name.into(),
            value: "v".into(),
            inline,
        }
    }

    #[test]
    fn inline_fields_fill_rows_of_three() {
        let rows = field_rows(&[
            f("a", true),
            f("b", true),
            f("c", true),
            f("d", true),
            f("e", false),
            f("g", true),
        ]);
        let names: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(|f| f.name.as_str()).collect())
            .collect();
        assert_eq!(
            names,
            vec![vec!["a", "b", "c"], vec!["d"], vec!["e"], vec!["g"]]
        );
    }
}
