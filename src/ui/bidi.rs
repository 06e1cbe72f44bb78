//! Names that cannot deceive: every name the page shows (a file, a site, a
//! person, a label, a column, a sheet) is set apart from the text around
//! it, so that a right-to-left override or mark in it, or right-to-left
//! letters, cannot reorder that text. In HTML a name goes in a `<bdi>`;
//! where no element can go (SVG text and tooltips, `<option>` text,
//! attributes) it goes between U+2068 FIRST STRONG ISOLATE and U+2069 POP
//! DIRECTIONAL ISOLATE, which do the same.
//!
//! The engine's own sentences (notices, refusals, reasons for rejecting a
//! row) hold names too: [`parts`] finds them (the page's file names, and
//! quoted values) so that each is isolated, and writes any direction mark
//! left in the sentence itself visibly, as `\u{202e}`.
//!
//! The engine removes direction marks from the names it reads (sites,
//! mentees, mentors); a file's name comes from the computer as it is, so
//! the page shows its direction marks written out too ([`file_name`]):
//! `report\u{202e}fdp.csv` rather than a name that looks like
//! `reportvsc.pdf`.

use yew::prelude::*;

/// U+2068 FIRST STRONG ISOLATE.
pub const FSI: char = '\u{2068}';
/// U+2069 POP DIRECTIONAL ISOLATE.
pub const PDI: char = '\u{2069}';

/// Whether `c` is an explicit direction mark, embedding, override or
/// isolate (the characters that can reorder text around them).
pub fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` between FSI and PDI: for SVG text, tooltips, option text and
/// attributes.
pub fn isolate(text: &str) -> String {
    format!("{FSI}{text}{PDI}")
}

/// A name shown in HTML: in a `<bdi>`.
#[inline(never)]
pub fn name(text: &str) -> Html {
    html! { <bdi>{ text.to_string() }</bdi> }
}

/// A piece of a sentence: its own text, or a name within it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// The sentence's own words (direction marks written out).
    Text(String),
    /// A name or a quoted value, shown isolated.
    Name(String),
    /// One of the file names given, shown isolated with its direction
    /// marks written out.
    File(String),
}

/// `text` with its direction marks written out (`\u{202e}`).
pub fn marks_written_out(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if is_direction_mark(c) {
            shown.push_str(&c.escape_unicode().to_string());
        } else {
            shown.push(c);
        }
    }
    shown
}

/// A file's name shown in HTML: in a `<bdi>`, its direction marks written
/// out.
#[inline(never)]
pub fn file_name(text: &str) -> Html {
    name(&marks_written_out(text))
}

fn push_text(parts: &mut Vec<Part>, text: &str) {
    if text.is_empty() {
        return;
    }
    let shown = marks_written_out(text);
    match parts.last_mut() {
        Some(Part::Text(last)) => last.push_str(&shown),
        _ => parts.push(Part::Text(shown)),
    }
}

/// Where a quoted value that starts at the beginning of `rest` (with its
/// opening quote) ends: the byte length of the value between the quotes,
/// and of the closing quote. Rust's quoting (`"…"`, with `\"` inside) and
/// the page's (`“…”`) are recognised.
fn quoted(rest: &str) -> Option<(usize, usize, usize)> {
    let mut chars = rest.char_indices();
    let (_, open) = chars.next()?;
    let close = match open {
        '"' => '"',
        '“' => '”',
        _ => return None,
    };
    let start = open.len_utf8();
    let mut escaped = false;
    for (i, c) in chars {
        if open == '"' && escaped {
            escaped = false;
        } else if open == '"' && c == '\\' {
            escaped = true;
        } else if c == close {
            return Some((start, i - start, close.len_utf8()));
        }
    }
    None
}

/// Splits a sentence into its own text and the names in it: each of the
/// file names `files` where it occurs (the longest first), and every
/// quoted value.
pub fn parts(text: &str, files: &[&str]) -> Vec<Part> {
    let mut names: Vec<&str> = files.iter().copied().filter(|n| !n.is_empty()).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    let mut parts = Vec::new();
    let mut plain = 0; // start of the text not yet pushed
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some(found) = names.iter().find(|n| rest.starts_with(**n)) {
            push_text(&mut parts, &text[plain..i]);
            parts.push(Part::File(found.to_string()));
            i += found.len();
            plain = i;
            continue;
        }
        if let Some((open, len, close)) = quoted(rest) {
            push_text(&mut parts, &text[plain..i + open]);
            parts.push(Part::Name(rest[open..open + len].to_string()));
            push_text(&mut parts, &rest[open + len..open + len + close]);
            i += open + len + close;
            plain = i;
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    push_text(&mut parts, &text[plain..]);
    parts
}

/// A sentence of the engine or the page, with each name in it isolated
/// (see [`parts`]); `files` are the names of the files given.
#[inline(never)]
pub fn prose(text: &str, files: &[&str]) -> Html {
    parts(text, files)
        .into_iter()
        .map(|part| match part {
            Part::Text(t) => Html::from(t),
            Part::Name(n) if n.is_empty() => Html::default(),
            Part::Name(n) => name(&n),
            Part::File(n) => file_name(&n),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> Part {
        Part::Name(s.to_string())
    }

    fn text(s: &str) -> Part {
        Part::Text(s.to_string())
    }

    fn file(s: &str) -> Part {
        Part::File(s.to_string())
    }

    #[test]
    fn file_names_and_quoted_values_are_names() {
        let notice = "log\u{202e}vsc.csv: columns found by the words of their header: site in \"Which site?\" and mode in \"How\"";
        assert_eq!(
            parts(notice, &["log\u{202e}vsc.csv", "other.csv"]),
            vec![
                file("log\u{202e}vsc.csv"),
                text(": columns found by the words of their header: site in \""),
                name("Which site?"),
                text("\" and mode in \""),
                name("How"),
                text("\""),
            ]
        );
    }

    #[test]
    fn the_longest_name_is_taken_and_quotes_inside_a_name_are_part_of_it() {
        assert_eq!(
            parts("a.csv.csv: a \"b", &["a.csv", "a.csv.csv"]),
            vec![file("a.csv.csv"), text(": a \"b")]
        );
        assert_eq!(
            parts("x\"y.csv: read", &["x\"y.csv"]),
            vec![file("x\"y.csv"), text(": read")]
        );
    }

    #[test]
    fn rust_escapes_and_curly_quotes_are_read() {
        assert_eq!(
            parts(r#"site "St \"G\"" as “St G”."#, &[]),
            vec![
                text("site \""),
                name(r#"St \"G\""#),
                text("\" as “"),
                name("St G"),
                text("”."),
            ]
        );
        // An unclosed quote is the sentence's own text.
        assert_eq!(parts("a \"b", &[]), vec![text("a \"b")]);
    }

    #[test]
    fn direction_marks_in_the_sentence_itself_are_written_out() {
        assert_eq!(
            parts("columns not used: Notes\u{202e}, Ward", &[]),
            vec![text("columns not used: Notes\\u{202e}, Ward")]
        );
        assert!(is_direction_mark('\u{2067}'));
        assert!(!is_direction_mark('a'));
        assert_eq!(
            isolate("Ash\u{202e}ford"),
            "\u{2068}Ash\u{202e}ford\u{2069}"
        );
        assert_eq!(
            marks_written_out("a\u{202e}b\u{200f}"),
            "a\\u{202e}b\\u{200f}"
        );
    }
}
