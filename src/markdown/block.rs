//! Block-level Discord markdown: code blocks, quotes, headings, subtext and lists. Everything
//! else is a paragraph whose line breaks are kept, as Discord keeps them.

use super::inline::parse_inline;
use super::Block;

/// Lists nested deeper than this are shown as plain lines.
const MAX_LIST_DEPTH: u8 = 8;

/// Parses message content, an embed description or a field value.
pub fn parse(src: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut rest = src.trim_end();
    while !rest.is_empty() {
        match find_code_block(rest) {
            Some((start, language, code, end)) => {
                let before = rest[..start].strip_suffix('\n').unwrap_or(&rest[..start]);
                parse_lines(before, true, 0, &mut blocks);
                blocks.push(Block::CodeBlock {
                    language: language.map(str::to_string),
                    code: code.to_string(),
                });
                rest = &rest[end..];
                rest = rest.strip_prefix('\n').unwrap_or(rest);
            }
            None => {
                parse_lines(rest, true, 0, &mut blocks);
                break;
            }
        }
    }
    blocks
}

/// The first fenced code block: (start, language, code, end), byte offsets into `src`.
fn find_code_block(src: &str) -> Option<(usize, Option<&str>, &str, usize)> {
    let start = src.find("```")?;
    let body_start = start + 3;
    let close = src[body_start..].find("```")? + body_start;
    let body = &src[body_start..close];
    let (language, code) = match body.split_once('\n') {
        Some((first, tail))
            if !first.is_empty()
                && first
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_+-.#".contains(&b)) =>
        {
            (Some(first), tail)
        }
        _ => (None, body),
    };
    let code = code.strip_prefix('\n').unwrap_or(code);
    let code = code.strip_suffix('\n').unwrap_or(code);
    Some((start, language, code, close + 3))
}

fn parse_lines(text: &str, allow_quote: bool, list_depth: u8, out: &mut Vec<Block>) {
    if text.is_empty() {
        return;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if allow_quote {
            if let Some(first) = line.strip_prefix(">>> ") {
                flush(&mut paragraph, out);
                let mut inner = vec![first];
                inner.extend_from_slice(&lines[i + 1..]);
                let mut quoted = Vec::new();
                parse_lines(&inner.join("\n"), false, list_depth, &mut quoted);
                out.push(Block::Quote(quoted));
                return;
            }
            if let Some(first) = quote_line(line) {
                flush(&mut paragraph, out);
                let mut inner = vec![first];
                i += 1;
                while let Some(next) = lines.get(i).and_then(|l| quote_line(l)) {
                    inner.push(next);
                    i += 1;
                }
                let mut quoted = Vec::new();
                parse_lines(&inner.join("\n"), false, list_depth, &mut quoted);
                out.push(Block::Quote(quoted));
                continue;
            }
        }
        if let Some((level, content)) = heading(line) {
            flush(&mut paragraph, out);
            out.push(Block::Heading {
                level,
                content: parse_inline(content),
            });
            i += 1;
            continue;
        }
        if let Some(content) = line.strip_prefix("-# ").filter(|c| !c.trim().is_empty()) {
            flush(&mut paragraph, out);
            out.push(Block::Subtext(parse_inline(content)));
            i += 1;
            continue;
        }
        if list_depth < MAX_LIST_DEPTH {
            if let Some(item) = list_item(line) {
                flush(&mut paragraph, out);
                i = parse_list(&lines, i, item, allow_quote, list_depth, out);
                continue;
            }
        }
        paragraph.push(line);
        i += 1;
    }
    flush(&mut paragraph, out);
}

fn flush(paragraph: &mut Vec<&str>, out: &mut Vec<Block>) {
    if paragraph.is_empty() {
        return;
    }
    let text = paragraph.join("\n");
    paragraph.clear();
    out.push(Block::Paragraph(parse_inline(&text)));
}

fn quote_line(line: &str) -> Option<&str> {
    if line == ">" {
        Some("")
    } else {
        line.strip_prefix("> ")
    }
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    if !(1..=3).contains(&hashes) {
        return None;
    }
    let content = line[hashes..].strip_prefix(' ')?;
    (!content.trim().is_empty()).then_some((hashes as u8, content))
}

struct ListItem<'a> {
    indent: usize,
    number: Option<u64>,
    text: &'a str,
}

fn list_item(line: &str) -> Option<ListItem<'_>> {
    let indent = line.bytes().take_while(|b| *b == b' ').count();
    let rest = &line[indent..];
    let (number, text) = if let Some(text) = rest.strip_prefix("- ").or(rest.strip_prefix("* ")) {
        (None, text)
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let text = rest.get(digits..)?.strip_prefix(". ")?;
        (Some(rest[..digits].parse::<u64>().ok()?), text)
    };
    (!text.trim().is_empty()).then_some(ListItem {
        indent,
        number,
        text,
    })
}

/// Collects the list starting at `lines[i]`; returns the index after it.
fn parse_list(
    lines: &[&str],
    mut i: usize,
    first: ListItem<'_>,
    allow_quote: bool,
    list_depth: u8,
    out: &mut Vec<Block>,
) -> usize {
    let base = first.indent;
    let ordered = first.number.is_some();
    let mut items: Vec<(String, Vec<String>)> = vec![(first.text.to_string(), Vec::new())];
    i += 1;
    while let Some(line) = lines.get(i) {
        match list_item(line) {
            Some(item) if item.indent <= base + 1 && item.number.is_some() == ordered => {
                items.push((item.text.to_string(), Vec::new()));
            }
            Some(item) if item.indent > base + 1 => {
                let child = line.get(base + 2..).unwrap_or(line.trim_start());
                if let Some((_, children)) = items.last_mut() {
                    children.push(child.to_string());
                }
            }
            _ => break,
        }
        i += 1;
    }
    let items = items
        .into_iter()
        .map(|(text, children)| {
            let mut blocks = vec![Block::Paragraph(parse_inline(&text))];
            parse_lines(
                &children.join("\n"),
                allow_quote,
                list_depth + 1,
                &mut blocks,
            );
            blocks
        })
        .collect();
    out.push(Block::List {
        start: first.number,
        items,
    });
    i
}
