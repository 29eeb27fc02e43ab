//! Inline Discord markdown: emphasis, spoilers, code, links, mentions, timestamps and emoji.
//!
//! A hand-written scanner rather than a CommonMark crate: Discord's rules are not CommonMark's
//! (`__` underlines, `||` spoilers, `<t:…>`), and the preview re-parses on every keystroke, so
//! the parser is linear in practice: a delimiter with no closer is remembered and never searched
//! for again. Nesting deeper than [`MAX_DEPTH`] is left as literal text, so hostile input cannot
//! exhaust the stack.

use super::{Inline, Mention, TimestampStyle};

/// Formatting nested deeper than this is shown literally.
const MAX_DEPTH: u8 = 10;
/// How far a `<…>` or `[…]` construct may reach before it is taken as literal text.
const ANGLE_MAX: usize = 128;
const LABEL_MAX: usize = 1024;

/// Parses one run of inline text (line breaks become [`Inline::LineBreak`]).
pub fn parse_inline(src: &str) -> Vec<Inline> {
    Parser::new(src, 0).run()
}

#[derive(Clone, Copy)]
enum Delim {
    Bold,
    Underline,
    Strike,
    Spoiler,
    ItalicStar,
}

impl Delim {
    fn index(self) -> usize {
        self as usize
    }
}

struct Parser<'a> {
    src: &'a str,
    depth: u8,
    out: Vec<Inline>,
    text: String,
    /// For each delimiter, a position from which no closer exists.
    no_closer_from: [usize; 5],
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, depth: u8) -> Self {
        Parser {
            src,
            depth,
            out: Vec::new(),
            text: String::new(),
            no_closer_from: [usize::MAX; 5],
        }
    }

    fn run(mut self) -> Vec<Inline> {
        let mut i = 0;
        while let Some(c) = self.src.get(i..).and_then(|r| r.chars().next()) {
            if c == '\n' {
                self.flush();
                self.out.push(Inline::LineBreak);
                i += 1;
                continue;
            }
            if c == '\\' {
                if let Some(next) = self.src[i + 1..].chars().next() {
                    if !next.is_alphanumeric() && !next.is_whitespace() {
                        self.text.push(next);
                        i += 1 + next.len_utf8();
                        continue;
                    }
                }
            }
            if let Some((node, used)) = self.rule_at(i, c) {
                self.flush();
                self.out.push(node);
                i += used;
                continue;
            }
            // A run of backticks that opened nothing stays literal as a whole, so its tail
            // cannot open a shorter code span.
            let run = if c == '`' {
                self.src[i..].bytes().take_while(|b| *b == b'`').count()
            } else {
                c.len_utf8()
            };
            self.text.push_str(&self.src[i..i + run]);
            i += run;
        }
        self.flush();
        self.out
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.out.push(Inline::Text(std::mem::take(&mut self.text)));
        }
    }

    fn rule_at(&mut self, i: usize, c: char) -> Option<(Inline, usize)> {
        let rest = &self.src[i..];
        match c {
            '`' => code_span(rest),
            '<' => angle(rest),
            '@' => everyone_or_here(rest),
            '[' => self.masked_link(rest),
            'h' => self.autolink(i),
            '*' | '_' | '~' | '|' if self.depth < MAX_DEPTH => self.emphasis(i, c),
            _ => None,
        }
    }

    fn nested(&self, inner: &str) -> Vec<Inline> {
        Parser::new(inner, self.depth + 1).run()
    }

    fn emphasis(&mut self, i: usize, c: char) -> Option<(Inline, usize)> {
        let rest = &self.src[i..];
        let double = match c {
            '*' if rest.starts_with("**") => Some((Delim::Bold, "**")),
            '_' if rest.starts_with("__") => Some((Delim::Underline, "__")),
            '~' if rest.starts_with("~~") => Some((Delim::Strike, "~~")),
            '|' if rest.starts_with("||") => Some((Delim::Spoiler, "||")),
            _ => None,
        };
        if let Some((delim, marker)) = double {
            if let Some((inner, used)) = self.doubled(i, delim, marker) {
                let content = self.nested(inner);
                let node = match delim {
                    Delim::Bold => Inline::Bold(content),
                    Delim::Underline => Inline::Underline(content),
                    Delim::Strike => Inline::Strikethrough(content),
                    _ => Inline::Spoiler(content),
                };
                return Some((node, used));
            }
        }
        let (inner, used) = match c {
            '*' => self.italic_star(i)?,
            '_' => self.italic_underscore(i)?,
            _ => return None,
        };
        Some((Inline::Italic(self.nested(inner)), used))
    }

    /// `**x**`-style spans. A closer followed by more of its character moves right, so
    /// `***x***` is bold around italic, as in Discord.
    fn doubled(&mut self, i: usize, delim: Delim, marker: &str) -> Option<(&'a str, usize)> {
        let from = i + marker.len();
        if from >= self.no_closer_from[delim.index()] {
            return None;
        }
        let src = self.src;
        let mut search = from + src.get(from..)?.chars().next()?.len_utf8();
        loop {
            let Some(found) = src.get(search..).and_then(|r| r.find(marker)) else {
                self.no_closer_from[delim.index()] = from;
                return None;
            };
            let mut close = search + found;
            let ch = marker.as_bytes()[0];
            while src.as_bytes().get(close + marker.len()) == Some(&ch) {
                close += 1;
            }
            let inner = &src[from..close];
            if !inner.trim().is_empty() {
                return Some((inner, close + marker.len() - i));
            }
            search = close + marker.len();
        }
    }

    fn italic_star(&mut self, i: usize) -> Option<(&'a str, usize)> {
        let src = self.src;
        let first = src[i + 1..].chars().next()?;
        if first.is_whitespace() || i + 1 >= self.no_closer_from[Delim::ItalicStar.index()] {
            return None;
        }
        let bytes = src.as_bytes();
        let mut j = i + 1;
        while j < bytes.len() {
            match bytes[j] {
                b'\\' => j += 2,
                b'*' if bytes.get(j + 1) == Some(&b'*') => j += 2,
                b'*' if j > i + 1 && !bytes[j - 1].is_ascii_whitespace() => {
                    return Some((&src[i + 1..j], j + 1 - i));
                }
                _ => j += 1,
            }
        }
        self.no_closer_from[Delim::ItalicStar.index()] = i + 1;
        None
    }

    /// `_x_` needs a word boundary on both sides, so `snake_case_name` stays as typed.
    fn italic_underscore(&mut self, i: usize) -> Option<(&'a str, usize)> {
        let src = self.src;
        if src[..i].chars().next_back().is_some_and(is_word) {
            return None;
        }
        let first = src[i + 1..].chars().next()?;
        if first.is_whitespace() || first == '_' {
            return None;
        }
        let bytes = src.as_bytes();
        let mut j = i + 1;
        while j < bytes.len() {
            match bytes[j] {
                b'\\' => j += 2,
                b'_' if bytes.get(j + 1) == Some(&b'_') => j += 2,
                b'_' => {
                    let after = src[j + 1..].chars().next();
                    return if j > i + 1 && !after.is_some_and(is_word) {
                        Some((&src[i + 1..j], j + 1 - i))
                    } else {
                        None
                    };
                }
                _ => j += 1,
            }
        }
        None
    }

    fn masked_link(&self, rest: &str) -> Option<(Inline, usize)> {
        let mut depth = 0usize;
        let mut close = None;
        for (k, ch) in rest.char_indices().take(LABEL_MAX) {
            match ch {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(k);
                        break;
                    }
                }
                '\n' => return None,
                _ => {}
            }
        }
        let close = close?;
        let label = &rest[1..close];
        let after = rest[close + 1..].strip_prefix('(')?;
        let end = after.find(')')?;
        let url = after[..end].trim();
        if label.trim().is_empty() || !is_web_url(url) || url.contains(char::is_whitespace) {
            return None;
        }
        let used = close + 2 + end + 1;
        Some((
            Inline::Link {
                label: self.nested(label),
                url: url.to_string(),
            },
            used,
        ))
    }

    fn autolink(&self, i: usize) -> Option<(Inline, usize)> {
        let rest = &self.src[i..];
        if !(rest.starts_with("https://") || rest.starts_with("http://")) {
            return None;
        }
        if self.src[..i].chars().next_back().is_some_and(is_word) {
            return None;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '<')
            .unwrap_or(rest.len());
        let mut url = &rest[..end];
        // Trailing punctuation belongs to the sentence, and a closing paren only to a URL that
        // opened one (Wikipedia-style links).
        while let Some(last) = url.chars().next_back() {
            let strip = match last {
                '.' | ',' | ':' | ';' | '"' | '\'' | '!' | '?' | '*' | '_' | '~' | '|' => true,
                ')' => url.matches(')').count() > url.matches('(').count(),
                ']' => url.matches(']').count() > url.matches('[').count(),
                _ => false,
            };
            if !strip {
                break;
            }
            url = &url[..url.len() - last.len_utf8()];
        }
        let host = url.split_once("://").map(|(_, h)| h)?;
        if host.is_empty() {
            return None;
        }
        Some((Inline::Url(url.to_string()), url.len()))
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_web_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://")) && url.len() > "https://".len()
}

fn code_span(rest: &str) -> Option<(Inline, usize)> {
    let run = rest.bytes().take_while(|b| *b == b'`').count();
    if run > 2 {
        return None;
    }
    let body = &rest[run..];
    let bytes = body.as_bytes();
    let mut k = 1;
    while k < bytes.len() {
        if bytes[k] == b'`' {
            let closing = bytes[k..].iter().take_while(|b| **b == b'`').count();
            if closing == run {
                let code = body[..k].trim();
                if code.is_empty() {
                    return None;
                }
                return Some((Inline::Code(code.to_string()), run + k + run));
            }
            k += closing;
        } else {
            k += 1;
        }
    }
    None
}

fn everyone_or_here(rest: &str) -> Option<(Inline, usize)> {
    if rest.starts_with("@everyone") {
        Some((Inline::Mention(Mention::Everyone), "@everyone".len()))
    } else if rest.starts_with("@here") {
        Some((Inline::Mention(Mention::Here), "@here".len()))
    } else {
        None
    }
}

fn snowflake(s: &str) -> Option<String> {
    (!s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.to_string())
}

/// `<t:…>`, `<@…>`, `<@&…>`, `<#…>`, `<:emoji:id>` and `<https://…>`.
fn angle(rest: &str) -> Option<(Inline, usize)> {
    let (close, _) = rest
        .char_indices()
        .take(ANGLE_MAX)
        .find(|(_, c)| *c == '>')?;
    let inner = &rest[1..close];
    let used = close + 1;
    let node = if let Some(t) = inner.strip_prefix("t:") {
        let (num, style) = match t.split_once(':') {
            Some((num, flag)) => {
                let mut chars = flag.chars();
                let style = TimestampStyle::from_flag(chars.next()?)?;
                if chars.next().is_some() {
                    return None;
                }
                (num, style)
            }
            None => (t, TimestampStyle::default()),
        };
        let unix = num.parse::<i64>().ok()?;
        Inline::Timestamp { unix, style }
    } else if let Some(id) = inner.strip_prefix("@&") {
        Inline::Mention(Mention::Role(snowflake(id)?))
    } else if let Some(id) = inner.strip_prefix('@') {
        Inline::Mention(Mention::User(snowflake(
            id.strip_prefix('!').unwrap_or(id),
        )?))
    } else if let Some(id) = inner.strip_prefix('#') {
        Inline::Mention(Mention::Channel(snowflake(id)?))
    } else if inner.starts_with(':') || inner.starts_with("a:") {
        let animated = inner.starts_with('a');
        let body = inner.strip_prefix('a').unwrap_or(inner).strip_prefix(':')?;
        let (name, id) = body.split_once(':')?;
        let name_ok = (2..=32).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !name_ok {
            return None;
        }
        Inline::Emoji {
            name: name.to_string(),
            id: snowflake(id)?,
            animated,
        }
    } else if is_web_url(inner) && !inner.contains(char::is_whitespace) {
        Inline::Url(inner.to_string())
    } else {
        return None;
    };
    Some((node, used))
}
