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

#[component]
pub fn EmbedView(embed: Embed, #[prop(into)] ctx: Signal<RenderContext>) -> impl IntoView {
    let color = format!("#{:06x}", embed.color.unwrap_or(0x1e1f22));
    let timestamp = embed.timestamp.as_deref().and_then(|t| {
        chrono::DateTime::parse_from_rfc3339(t)
            .ok()
            .map(|d| d.timestamp())
    });
    let footer_line = {
        let footer = embed.footer.as_ref().map(|f| f.text.clone());
        move || {
            let clock = ctx.with(|c| c.clock);
            let when = timestamp.map(|t| {
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
            match (footer.clone(), when) {
                (Some(f), Some(w)) => Some(format!("{f} • {w}")),
                (Some(f), None) => Some(f),
                (None, Some(w)) => Some(w),
                (None, None) => None,
            }
        }
    };
    let rows = field_rows(&embed.fields);
    // Only web links become links: a stored draft may hold anything until it is published.
    let title_url = embed.url.clone().filter(|u| check_http_url(u).is_ok());
    let title = embed.title.clone().map(|t| match title_url.clone() {
        Some(url) => view! {
            <a class="dc-embed-title dc-link" href=url target="_blank" rel="noopener noreferrer nofollow">{t}</a>
        }
        .into_any(),
        None => view! { <span class="dc-embed-title">{t}</span> }.into_any(),
    });
    view! {
        <div class="dc-embed" style=format!("border-left-color: {color}") data-testid="embed">
            <div class="dc-embed-grid">
                <div class="dc-embed-body">
                    {embed.author.map(|a| view! { <div class="dc-embed-author">{a.name}</div> })}
                    {title}
                    {embed.description.map(|d| view! {
                        <div class="dc-embed-description"><MarkdownView text=d ctx=ctx/></div>
                    })}
                    {(!rows.is_empty()).then(|| view! {
                        <div class="dc-embed-fields">
                            {rows.into_iter().map(|row| {
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
                            }).collect_view()}
                        </div>
                    })}
                </div>
                {embed.thumbnail.filter(|t| check_http_url(&t.url).is_ok()).map(|t| view! {
                    <img class="dc-embed-thumbnail" src=t.url alt="Cover (thumbnail)"/>
                })}
            </div>
            {embed.image.filter(|i| check_http_url(&i.url).is_ok()).map(|i| view! { <img class="dc-embed-image" src=i.url alt="Cover"/> })}
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
