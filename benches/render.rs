//! What every keystroke in the composer costs in the domain core: validating the whole draft,
//! building the Discord message, and parsing every markdown text of a maximal post (6000
//! characters in the embed, 25 fields). `make bench` runs it; the figures go in the issue note.

use criterion::{criterion_group, criterion_main, Criterion};
use liner::draft::{Draft, DraftId};
use liner::markdown::parse;
use liner::message::DiscordMessage;
use liner::post::EmbedField;
use liner::validate::embed_total_len;
use liner::Check;
use std::hint::black_box;

/// A post at Discord's limits, with markdown of every kind in it.
pub fn maximal_draft() -> Draft {
    let id =
        DraftId::parse("0b6c3f0e-8a4b-4c47-9d0e-2f8f7f1f2a3b").unwrap_or_else(|| unreachable!());
    let mut d = Draft::new(id);
    d.release.title = "Blue Lines".into();
    d.release.artists = "Massive Attack".into();
    let line = "**Bold** *italic* __under__ ~~gone~~ ||spoiler|| `code` [link](https://example.com) <t:1700000000:R> <@&42> https://example.com/x\n";
    d.body.content = line.repeat(15).chars().take(2000).collect();
    d.body.title = "T".repeat(256);
    d.body.author = "A".repeat(256);
    d.body.description = format!(
        "# Heading\n> quote\n- item\n```rust\nfn main() {{}}\n```\n{}",
        line.repeat(40)
    )
    .chars()
    .take(2448)
    .collect();
    d.body.fields = (0..25)
        .map(|i| EmbedField {
            name: format!("Field {i}"),
            value: line.chars().take(110).collect(),
            inline: i % 4 != 0,
        })
        .collect();
    d.body.footer = "F".repeat(100);
    d
}

fn keystroke(c: &mut Criterion) {
    let draft = maximal_draft();
    let total = embed_total_len(&draft.body);
    assert!(
        (5900..=6000).contains(&total),
        "the bench post is {total} characters"
    );
    let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
    c.bench_function(
        "keystroke on a maximal post (validate + build + parse all)",
        |b| {
            b.iter(|| {
                let d = black_box(&draft);
                let errors = d.validate(Check::Publish);
                let message = DiscordMessage::for_post(&d.body, &d.release, now);
                let mut blocks = 0;
                if let Some(content) = &message.content {
                    blocks += parse(content).len();
                }
                for embed in &message.embeds {
                    if let Some(desc) = &embed.description {
                        blocks += parse(desc).len();
                    }
                    for f in &embed.fields {
                        blocks += parse(&f.value).len();
                    }
                }
                black_box((errors, blocks))
            })
        },
    );
    c.bench_function("parse a 4096-character description", |b| {
        let text: String = draft.body.content.repeat(3).chars().take(4096).collect();
        b.iter(|| black_box(parse(black_box(&text))))
    });
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
