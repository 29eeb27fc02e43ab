use super::*;
use proptest::prelude::*;
use Inline::*;

fn t(s: &str) -> Inline {
    Text(s.into())
}

fn para(nodes: Vec<Inline>) -> Vec<Block> {
    vec![Block::Paragraph(nodes)]
}

#[test]
fn inline_table() {
    let cases: Vec<(&str, Vec<Inline>)> = vec![
        ("plain", vec![t("plain")]),
        ("**bold**", vec![Bold(vec![t("bold")])]),
        ("*it*", vec![Italic(vec![t("it")])]),
        ("_it_", vec![Italic(vec![t("it")])]),
        ("__under__", vec![Underline(vec![t("under")])]),
        ("~~gone~~", vec![Strikethrough(vec![t("gone")])]),
        ("||secret||", vec![Spoiler(vec![t("secret")])]),
        ("***both***", vec![Bold(vec![Italic(vec![t("both")])])]),
        (
            "**a *b* c**",
            vec![Bold(vec![t("a "), Italic(vec![t("b")]), t(" c")])],
        ),
        ("snake_case_name", vec![t("snake_case_name")]),
        ("2 * 3 * 4", vec![t("2 * 3 * 4")]),
        ("**unclosed", vec![t("**unclosed")]),
        (
            "`code **not bold**`",
            vec![Code("code **not bold**".into())],
        ),
        ("``a ` b``", vec![Code("a ` b".into())]),
        ("\\*not italic\\*", vec![t("*not italic*")]),
        ("\\\\", vec![t("\\")]),
        ("a\nb", vec![t("a"), LineBreak, t("b")]),
        (
            "[Listen](https://open.spotify.com/album/1)",
            vec![Link {
                label: vec![t("Listen")],
                url: "https://open.spotify.com/album/1".into(),
            }],
        ),
        (
            "[x](javascript:alert(1))",
            vec![t("[x](javascript:alert(1))")],
        ),
        (
            "see https://example.com/a.",
            vec![t("see "), Url("https://example.com/a".into()), t(".")],
        ),
        (
            "(https://en.wikipedia.org/wiki/Blue_(album))",
            vec![
                t("("),
                Url("https://en.wikipedia.org/wiki/Blue_(album)".into()),
                t(")"),
            ],
        ),
        (
            "<https://example.com>",
            vec![Url("https://example.com".into())],
        ),
        ("<@123>", vec![Mention(super::Mention::User("123".into()))]),
        ("<@!123>", vec![Mention(super::Mention::User("123".into()))]),
        ("<@&42>", vec![Mention(super::Mention::Role("42".into()))]),
        ("<#7>", vec![Mention(super::Mention::Channel("7".into()))]),
        ("@everyone", vec![Mention(super::Mention::Everyone)]),
        ("@here!", vec![Mention(super::Mention::Here), t("!")]),
        (
            "<:blob:99>",
            vec![Emoji {
                name: "blob".into(),
                id: "99".into(),
                animated: false,
            }],
        ),
        (
            "<a:dance:100>",
            vec![Emoji {
                name: "dance".into(),
                id: "100".into(),
                animated: true,
            }],
        ),
        (
            "<t:1700000000>",
            vec![Timestamp {
                unix: 1_700_000_000,
                style: TimestampStyle::ShortDateTime,
            }],
        ),
        (
            "<t:1700000000:R>",
            vec![Timestamp {
                unix: 1_700_000_000,
                style: TimestampStyle::Relative,
            }],
        ),
        ("<t:1700000000:X>", vec![t("<t:1700000000:X>")]),
        ("<@abc>", vec![t("<@abc>")]),
        (
            "<script>alert(1)</script>",
            vec![t("<script>alert(1)</script>")],
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(parse_inline(input), expected, "{input:?}");
    }
}

#[test]
fn block_table() {
    let cases: Vec<(&str, Vec<Block>)> = vec![
        (
            "# Big",
            vec![Block::Heading {
                level: 1,
                content: vec![t("Big")],
            }],
        ),
        (
            "### Small\ntext",
            vec![
                Block::Heading {
                    level: 3,
                    content: vec![t("Small")],
                },
                Block::Paragraph(vec![t("text")]),
            ],
        ),
        ("#### not a heading", para(vec![t("#### not a heading")])),
        ("#nospace", para(vec![t("#nospace")])),
        (
            "-# small print",
            vec![Block::Subtext(vec![t("small print")])],
        ),
        (
            "> quoted\n> more\nafter",
            vec![
                Block::Quote(para(vec![t("quoted"), LineBreak, t("more")])),
                Block::Paragraph(vec![t("after")]),
            ],
        ),
        (
            ">>> all\nof it",
            vec![Block::Quote(para(vec![t("all"), LineBreak, t("of it")]))],
        ),
        (
            "```rust\nfn main() {}\n```",
            vec![Block::CodeBlock {
                language: Some("rust".into()),
                code: "fn main() {}".into(),
            }],
        ),
        (
            "before\n```\n**raw** <b>\n```\nafter",
            vec![
                Block::Paragraph(vec![t("before")]),
                Block::CodeBlock {
                    language: None,
                    code: "**raw** <b>".into(),
                },
                Block::Paragraph(vec![t("after")]),
            ],
        ),
        (
            "- one\n- two",
            vec![Block::List {
                start: None,
                items: vec![para(vec![t("one")]), para(vec![t("two")])],
            }],
        ),
        (
            "3. three\n4. four",
            vec![Block::List {
                start: Some(3),
                items: vec![para(vec![t("three")]), para(vec![t("four")])],
            }],
        ),
        (
            "- top\n  - nested",
            vec![Block::List {
                start: None,
                items: vec![vec![
                    Block::Paragraph(vec![t("top")]),
                    Block::List {
                        start: None,
                        items: vec![para(vec![t("nested")])],
                    },
                ]],
            }],
        ),
        ("trailing\n\n\n", para(vec![t("trailing")])),
    ];
    for (input, expected) in cases {
        assert_eq!(parse(input), expected, "{input:?}");
    }
}

#[test]
fn hostile_markup_stays_text() {
    let hostile =
        r#"<img src=x onerror=alert(1)> <style>*{}</style> [a](https://x" onmouseover="y)"#;
    let text = Inline::plain_text(&parse_inline(hostile));
    assert!(text.contains("<img src=x onerror=alert(1)>"));
    assert!(text.contains("<style>*{}</style>"));
}

#[test]
fn deep_nesting_is_bounded() {
    let deep = format!("{}x{}", "**_".repeat(2000), "_**".repeat(2000));
    let _ = parse(&deep);
    let lists: String = (0..2000)
        .map(|i| format!("{}- x\n", " ".repeat(i * 2)))
        .collect();
    let _ = parse(&lists);
}

#[test]
fn timestamps_format_like_discord() {
    // 2026-11-28 21:01:30 UTC, a Saturday.
    let at = 1_795_899_690;
    let f = |style| format_timestamp(at, style, 0, at);
    assert_eq!(f(TimestampStyle::ShortTime), "9:01 PM");
    assert_eq!(f(TimestampStyle::LongTime), "9:01:30 PM");
    assert_eq!(f(TimestampStyle::ShortDate), "11/28/2026");
    assert_eq!(f(TimestampStyle::LongDate), "November 28, 2026");
    assert_eq!(
        f(TimestampStyle::ShortDateTime),
        "November 28, 2026 9:01 PM"
    );
    assert_eq!(
        f(TimestampStyle::LongDateTime),
        "Saturday, November 28, 2026 9:01 PM"
    );
    // The reader's offset moves the wall time (UTC+1 is past midnight).
    assert_eq!(
        format_timestamp(at + 3 * 3600, TimestampStyle::ShortDate, 3600, at),
        "11/29/2026"
    );
    let rel = |delta| format_timestamp(at + delta, TimestampStyle::Relative, 0, at);
    assert_eq!(rel(10), "in a few seconds");
    assert_eq!(rel(-300), "5 minutes ago");
    assert_eq!(rel(3 * 86_400), "in 3 days");
    assert_eq!(rel(-2 * 365 * 86_400), "2 years ago");
    assert_eq!(
        format_timestamp(i64::MAX, TimestampStyle::LongDate, 0, 0),
        "Invalid Date"
    );
}

proptest! {
    #[test]
    fn never_panics(src in "(?s).{0,400}") {
        let _ = parse(&src);
    }

    #[test]
    fn never_panics_on_markup_soup(src in r"[*_~|`<>\[\]()\\#>\- \nah:/t@&0-9]{0,300}") {
        let _ = parse(&src);
    }

    #[test]
    fn plain_words_survive(words in "[a-zA-Z][a-zA-Z0-9 ,.]{0,200}") {
        let text: String = parse(&words)
            .iter()
            .map(|b| match b { Block::Paragraph(i) => Inline::plain_text(i), _ => String::new() })
            .collect();
        prop_assert_eq!(text, words.trim_end().to_string());
    }
}
