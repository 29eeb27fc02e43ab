//! Discord markdown, parsed into a typed tree.
//!
//! The preview and the sandbox channel view both draw this tree as DOM nodes, so user text is
//! only ever inserted as text: there is no HTML string anywhere in which a `<script>` or an
//! attribute could hide. The rules follow what Discord's client renders in message content, embed
//! descriptions and field values.

mod block;
mod inline;
mod timestamp;

#[cfg(test)]
mod tests;

pub use block::parse;
pub use inline::parse_inline;
pub use timestamp::{format_timestamp, TimestampStyle};

use serde::{Deserialize, Serialize};

/// A block of a rendered message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    /// Plain lines; line breaks inside are [`Inline::LineBreak`].
    Paragraph(Vec<Inline>),
    /// `#`, `##` or `###` at the start of a line.
    Heading { level: u8, content: Vec<Inline> },
    /// `-# ` at the start of a line: small, dimmed text.
    Subtext(Vec<Inline>),
    /// `> ` lines, or everything after `>>> `.
    Quote(Vec<Block>),
    /// A fenced code block, shown verbatim.
    CodeBlock {
        language: Option<String>,
        code: String,
    },
    /// `- ` / `* ` items, or numbered items starting at `start`.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
}

/// Formatted text inside a block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inline {
    Text(String),
    LineBreak,
    Bold(Vec<Inline>),
    Italic(Vec<Inline>),
    Underline(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    /// Hidden until clicked.
    Spoiler(Vec<Inline>),
    Code(String),
    /// `[label](https://…)`.
    Link {
        label: Vec<Inline>,
        url: String,
    },
    /// A bare URL, or one in `<…>` (which only suppresses Discord's link preview).
    Url(String),
    /// `<t:unix:style>`, shown in the reader's own time zone.
    Timestamp {
        unix: i64,
        style: TimestampStyle,
    },
    Mention(Mention),
    /// `<:name:id>` or `<a:name:id>`.
    Emoji {
        name: String,
        id: String,
        animated: bool,
    },
}

/// Who or what a mention points at. Ids are Discord snowflakes, kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mention {
    User(String),
    Role(String),
    Channel(String),
    Everyone,
    Here,
}

impl Inline {
    /// The text a reader sees, without formatting (for accessible names and tests).
    pub fn plain_text(nodes: &[Inline]) -> String {
        let mut out = String::new();
        for node in nodes {
            node.write_plain(&mut out);
        }
        out
    }

    fn write_plain(&self, out: &mut String) {
        match self {
            Inline::Text(t) | Inline::Code(t) | Inline::Url(t) => out.push_str(t),
            Inline::LineBreak => out.push('\n'),
            Inline::Bold(c)
            | Inline::Italic(c)
            | Inline::Underline(c)
            | Inline::Strikethrough(c)
            | Inline::Spoiler(c)
            | Inline::Link { label: c, .. } => {
                for node in c {
                    node.write_plain(out);
                }
            }
            Inline::Timestamp { unix, .. } => out.push_str(&unix.to_string()),
            Inline::Mention(m) => out.push_str(match m {
                Mention::Everyone => "@everyone",
                Mention::Here => "@here",
                Mention::User(_) | Mention::Role(_) => "@mention",
                Mention::Channel(_) => "#channel",
            }),
            Inline::Emoji { name, .. } => {
                out.push(':');
                out.push_str(name);
                out.push(':');
            }
        }
    }
}
