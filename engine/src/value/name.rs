//! Names of sites, mentees, mentors and topics.
//!
//! A name is *normalised* before anything else is done with it
//! ([`normalize_name`]):
//! - it is trimmed, and inner runs of white space become one space; white
//!   space is Unicode white space, so a tab, a line break or a no-break space
//!   (U+00A0, U+202F, U+2007) between two words is one space;
//! - zero-width characters are removed: zero-width space, non-joiner and
//!   joiner (U+200B, U+200C, U+200D), word joiner (U+2060), byte order mark
//!   (U+FEFF) and soft hyphen (U+00AD); so are the direction marks,
//!   embeddings, overrides and isolates (U+200E, U+200F, U+061C, U+202A to
//!   U+202E, U+2066 to U+2069), which would reverse the text shown around
//!   a name;
//! - curly apostrophes and quotes become straight ones: `‘ ’ ‚ ‛ ′ ʼ` become
//!   `'` and `“ ” „ ‟ ″` become `"`.
//!
//! Names that are still different but equal once punctuation, spaces and
//! case are set aside (`St George's`, `St. Georges`) share a *shape*
//! ([`name_shape`]), under which near-duplicates are found.
//!
//! A mentee cell may name several mentees ([`split_mentees`]): it splits on
//! `;`, `|`, a line break, `&`, the word `and` and ` / `, then on commas,
//! except that `Cole, Amy` (two single words around one comma) is one name
//! written surname first.
//!
//! These run for every row: a name that needs no change (the common case) is
//! borrowed, not copied.

use std::borrow::Cow;

/// What normalising does to one character of a name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    /// Kept as it is.
    Keep,
    /// White space: runs of it become one space, and none at either end.
    Space,
    /// A zero-width character: removed.
    Drop,
    /// A curly apostrophe or quote: replaced by this straight one.
    Straight(char),
}

/// What normalising does to `c`.
fn action(c: char) -> Action {
    match c {
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' => Action::Drop,
        // Direction marks, embeddings, overrides and isolates.
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Action::Drop,
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2BC}' => {
            Action::Straight('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => Action::Straight('"'),
        c if c.is_whitespace() => Action::Space,
        _ => Action::Keep,
    }
}

/// The alphabets a word may mix up by mistake or by deceit: letters that
/// look alike across them (`A` and Cyrillic `А`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
}

fn script(c: char) -> Option<Script> {
    match c {
        'A'..='Z' | 'a'..='z' => Some(Script::Latin),
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' if c.is_alphabetic() => Some(Script::Latin),
        '\u{370}'..='\u{3FF}' | '\u{1F00}'..='\u{1FFF}' if c.is_alphabetic() => Some(Script::Greek),
        '\u{400}'..='\u{52F}' if c.is_alphabetic() => Some(Script::Cyrillic),
        _ => None,
    }
}

/// Whether a word of the name mixes Latin letters with Cyrillic or Greek
/// ones (`Аshford` with a Cyrillic `А`): such a name looks like another.
#[must_use]
pub(crate) fn mixes_scripts(name: &str) -> bool {
    if name.is_ascii() {
        return false;
    }
    name.split(|c: char| !c.is_alphanumeric()).any(|word| {
        let mut seen: Option<Script> = None;
        word.chars().filter_map(script).any(|s| match seen {
            None => {
                seen = Some(s);
                false
            }
            Some(first) => first != s,
        })
    })
}

/// The letters of a name that stand out in their word: in each word that
/// mixes Latin with Cyrillic or Greek letters, those of the scripts the word
/// has fewer of (the Cyrillic `А` of `Аshford`), each once, with their
/// script's name.
#[must_use]
pub(crate) fn odd_letters(name: &str) -> Vec<(char, &'static str)> {
    let mut odd: Vec<(char, &'static str)> = Vec::new();
    for word in name.split(|c: char| !c.is_alphanumeric()) {
        let counts = [Script::Latin, Script::Greek, Script::Cyrillic]
            .map(|s| (s, word.chars().filter(|&c| script(c) == Some(s)).count()));
        if counts.iter().filter(|(_, n)| *n > 0).count() < 2 {
            continue;
        }
        let main = counts.iter().max_by_key(|(_, n)| *n).map(|(s, _)| *s);
        for c in word.chars() {
            if let Some(s) = script(c).filter(|s| Some(*s) != main) {
                if !odd.iter().any(|(o, _)| *o == c) {
                    odd.push((c, s.name()));
                }
            }
        }
    }
    odd
}

impl Script {
    fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Greek => "Greek",
            Script::Cyrillic => "Cyrillic",
        }
    }
}

/// Normalises a name: trims it, turns inner runs of white space into one
/// space, removes zero-width characters and makes curly apostrophes and
/// quotes straight (see the module docs for the characters). Keeps case.
/// Borrows when nothing but trimming is needed.
///
/// ```
/// use mentoring_stats_engine::normalize_name;
/// assert_eq!(normalize_name("  Amy   O\u{2019}Brien "), "Amy O'Brien");
/// assert_eq!(normalize_name("Ashford"), "Ashford");
/// ```
#[must_use]
pub fn normalize_name(text: &str) -> Cow<'_, str> {
    let trimmed = super::trim_cell(text);
    if is_normal(trimmed) {
        return Cow::Borrowed(trimmed);
    }
    let mut name = String::with_capacity(trimmed.len());
    let mut space_pending = false;
    for c in trimmed.chars() {
        match action(c) {
            Action::Drop => {}
            Action::Space => space_pending = !name.is_empty(),
            kept => {
                if space_pending {
                    name.push(' ');
                    space_pending = false;
                }
                name.push(match kept {
                    Action::Straight(straight) => straight,
                    _ => c,
                });
            }
        }
    }
    Cow::Owned(name)
}

/// Whether a trimmed name is already normal: single ASCII spaces between
/// words, and no zero-width character or curly quote.
fn is_normal(trimmed: &str) -> bool {
    let mut after_space = false;
    if trimmed.is_ascii() {
        // The common case, byte by byte. Trimmed, so no space at either end.
        for &byte in trimmed.as_bytes() {
            if byte == b' ' {
                if after_space {
                    return false;
                }
                after_space = true;
            } else if byte.is_ascii_whitespace() || byte == 0x0B {
                return false;
            } else {
                after_space = false;
            }
        }
        return true;
    }
    for c in trimmed.chars() {
        match action(c) {
            Action::Keep => after_space = false,
            Action::Space if c == ' ' && !after_space => after_space = true,
            _ => return false,
        }
    }
    true
}

/// The shape of a name: the key under which near-duplicate names are found.
/// It is the name normalised ([`normalize_name`]), lower-cased (Unicode
/// lower case) and stripped of everything but letters and digits, so
/// `St George's`, `St Georges`, `St. Georges`, `ST GEORGES` and
/// `St George’s` all have the shape `stgeorges`.
///
/// ```
/// use mentoring_stats_engine::name_shape;
/// assert_eq!(name_shape("St. George\u{2019}s"), "stgeorges");
/// assert_eq!(name_shape("ST GEORGES"), name_shape("St Georges"));
/// ```
#[must_use]
pub fn name_shape(name: &str) -> String {
    let name = normalize_name(name);
    if name.is_ascii() {
        return name
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    // The whole name is lower-cased at once so that a word-final capital
    // sigma becomes a final sigma, as a name typed in lower case has it.
    let mut shape = name.to_lowercase();
    shape.retain(char::is_alphanumeric);
    shape
}

/// Splits a mentee cell into normalised names ([`normalize_name`]),
/// skipping empty parts.
///
/// The cell first splits on `;`, `|`, a line break (`\n`, `\r`), `&`, the
/// word `and` in any case (a whole word: not in `Sandy` or `Andrew`), and a
/// slash with white space on both sides (` / `; not `A/B`). Each part then
/// splits on commas, except a part of exactly two single words around one
/// comma, which is one name written surname first (`Cole, Amy`). So
/// `Amy Cole, Ben Dunn` is two names, `Cole, Amy; Dunn, Ben` two, and
/// `Amy & Ben and Chloe` three.
///
/// A cell with one name and no separator is not copied.
///
/// ```
/// use mentoring_stats_engine::split_mentees;
/// let names: Vec<_> = split_mentees("Cole, Amy; Ben Dunn & Chloe Ng").collect();
/// assert_eq!(names, ["Cole, Amy", "Ben Dunn", "Chloe Ng"]);
/// let names: Vec<_> = split_mentees("Amy Cole, Ben Dunn").collect();
/// assert_eq!(names, ["Amy Cole", "Ben Dunn"]);
/// ```
pub fn split_mentees(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    Parts { rest: Some(text) }
        .flat_map(|part| {
            let whole = is_surname_first(part);
            part.split(move |c| c == ',' && !whole).map(normalize_name)
        })
        .filter(|name| !name.is_empty())
}

/// Splits a topic cell into normalized labels: on `;`, `|` and line
/// breaks (a comma does not separate: `Recruitment, screening` is one
/// label), skipping empty parts. A cell with one label is not copied.
///
/// ```
/// use mentoring_stats_engine::split_topics;
/// let topics: Vec<_> = split_topics("Recruitment, screening; Fidelity").collect();
/// assert_eq!(topics, ["Recruitment, screening", "Fidelity"]);
/// ```
pub fn split_topics(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    text.split([';', '|', '\n', '\r'])
        .map(normalize_name)
        .filter(|label| !label.is_empty())
}

/// The parts of a mentee cell between the separators other than commas.
struct Parts<'a> {
    /// The text not yet split; `None` once the last part has been given.
    rest: Option<&'a str>,
}

impl<'a> Iterator for Parts<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match find_separator(rest) {
            Some((start, len)) => {
                self.rest = Some(&rest[start + len..]);
                Some(&rest[..start])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The first separator between mentees in `text` other than a comma: its
/// byte position and length.
fn find_separator(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    // Every separator starts with an ASCII byte, which never occurs inside a
    // multi-byte character: the positions found are on character boundaries.
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b';' | b'|' | b'\n' | b'\r' | b'&' => return Some((i, 1)),
            b'/' if white_before(text, i) && white_after(text, i + 1) => return Some((i, 1)),
            b'a' | b'A'
                if bytes
                    .get(i..i + 3)
                    .is_some_and(|word| word.eq_ignore_ascii_case(b"and"))
                    && !alphanumeric_before(text, i)
                    && !alphanumeric_after(text, i + 3) =>
            {
                return Some((i, 3));
            }
            _ => {}
        }
    }
    None
}

/// Whether the character before byte `i` is white space.
fn white_before(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_whitespace)
}

/// Whether the character at byte `i` is white space.
fn white_after(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(char::is_whitespace)
}

/// Whether the character before byte `i` is a letter or digit.
fn alphanumeric_before(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// Whether the character at byte `i` is a letter or digit.
fn alphanumeric_after(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(char::is_alphanumeric)
}

/// Whether a part of a mentee cell is exactly two single words around one
/// comma (`Cole, Amy`): one name written surname first, not two names.
fn is_surname_first(part: &str) -> bool {
    let Some((before, after)) = part.split_once(',') else {
        return false;
    };
    let single_word = |side: &str| {
        let word = normalize_name(side);
        !word.is_empty() && !word.contains([' ', ','])
    };
    single_word(before) && single_word(after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn names(text: &str) -> Vec<Cow<'_, str>> {
        split_mentees(text).collect()
    }

    #[test]
    fn normalize_trims_and_collapses_inner_white_space() {
        let cases: &[(&str, &str)] = &[
            ("", ""),
            ("   ", ""),
            ("Zo\u{eb} Reid", "Zo\u{eb} Reid"),
            ("  Zo\u{eb} Reid  ", "Zo\u{eb} Reid"),
            ("Zo\u{eb}   Reid", "Zo\u{eb} Reid"),
            ("Zo\u{eb}\tReid", "Zo\u{eb} Reid"),
            ("Zo\u{eb}\u{a0}Reid", "Zo\u{eb} Reid"),
            ("Zo\u{eb} \u{3000} Reid", "Zo\u{eb} Reid"),
            ("\u{a0}Site  A\n", "Site A"),
            ("Mary Ann  O'Brien", "Mary Ann O'Brien"),
            ("St. Mary's\r\nHospital", "St. Mary's Hospital"),
            ("Site\u{b}A", "Site A"),
        ];
        for &(text, want) in cases {
            assert_eq!(normalize_name(text), want, "{text:?}");
        }
    }

    #[test]
    fn no_break_spaces_are_white_space() {
        let cases: &[(&str, &str)] = &[
            ("Amy\u{a0}Cole", "Amy Cole"),
            ("Amy\u{202f}Cole", "Amy Cole"),
            ("Amy\u{2007}Cole", "Amy Cole"),
            ("\u{202f}Amy Cole\u{2007}", "Amy Cole"),
            ("Amy \u{a0}\u{202f} Cole", "Amy Cole"),
        ];
        for &(text, want) in cases {
            assert_eq!(normalize_name(text), want, "{text:?}");
        }
    }

    #[test]
    fn topic_cells_split_on_semicolons_bars_and_line_breaks_not_commas() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("Recruitment", &["Recruitment"]),
            ("Recruitment; Fidelity", &["Recruitment", "Fidelity"]),
            ("Recruitment|Fidelity", &["Recruitment", "Fidelity"]),
            (
                "Recruitment\nFidelity\r\nConsent",
                &["Recruitment", "Fidelity", "Consent"],
            ),
            ("Recruitment, screening", &["Recruitment, screening"]),
            (" ; Fidelity ;; ", &["Fidelity"]),
        ];
        for &(text, want) in cases {
            let got: Vec<_> = split_topics(text).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn the_odd_letters_of_a_mixed_word_are_named() {
        assert_eq!(
            odd_letters("\u{410}shford Hospital"),
            vec![('\u{410}', "Cyrillic")]
        );
        assert_eq!(
            odd_letters("\u{41c}\u{43e}\u{441}\u{43a}\u{432}a"),
            vec![('a', "Latin")]
        );
        assert!(odd_letters("Ashford").is_empty());
    }

    #[test]
    fn direction_characters_are_removed() {
        let cases: &[(&str, &str)] = &[
            ("Ash\u{202e}ford", "Ashford"),
            ("\u{202e}droftsA", "droftsA"),
            ("\u{2067}Ashford\u{2069}", "Ashford"),
            ("Amy\u{200f} Cole\u{200e}", "Amy Cole"),
            ("\u{061c}Ali", "Ali"),
            ("\u{202a}\u{202b}\u{202c}\u{202d}\u{2066}\u{2068}", ""),
        ];
        for &(text, want) in cases {
            assert_eq!(normalize_name(text), want, "{text:?}");
        }
    }

    #[test]
    fn words_that_mix_latin_with_cyrillic_or_greek_are_told() {
        for name in ["\u{410}shford", "Ash\u{3bf}rd", "St Ge\u{43e}rge's"] {
            assert!(mixes_scripts(name), "{name:?}");
        }
        for name in [
            "Ashford",
            "Zo\u{eb} Reid",
            "\u{410}\u{43d}\u{43d}\u{430} Smith",
            "\u{3a3}\u{3bf}\u{3c6}\u{3af}\u{3b1} Papadopoulou",
            "Ren\u{e9}e O'Neill",
            "",
        ] {
            assert!(!mixes_scripts(name), "{name:?}");
        }
    }

    #[test]
    fn zero_width_characters_are_removed() {
        let cases: &[(&str, &str)] = &[
            ("Amy\u{200b}Cole", "AmyCole"),
            ("Amy \u{200b}Cole", "Amy Cole"),
            ("\u{200b}Amy Cole", "Amy Cole"),
            ("\u{feff}Site A", "Site A"),
            ("Site A\u{feff}", "Site A"),
            ("Zo\u{200c}\u{eb}", "Zo\u{eb}"),
            ("Zo\u{200d}\u{eb}", "Zo\u{eb}"),
            ("St\u{2060} George", "St George"),
            ("Ander\u{ad}son", "Anderson"),
            // Removing one leaves two spaces side by side: they become one.
            ("Amy \u{200b} Cole", "Amy Cole"),
            ("\u{200b} \u{200b}Amy", "Amy"),
            ("\u{200b}", ""),
            ("\u{200b}\u{feff}\u{ad} ", ""),
        ];
        for &(text, want) in cases {
            assert_eq!(normalize_name(text), want, "{text:?}");
        }
    }

    #[test]
    fn curly_apostrophes_and_quotes_become_straight() {
        let cases: &[(&str, &str)] = &[
            ("St George\u{2019}s", "St George's"),
            ("\u{2018}Site A\u{2019}", "'Site A'"),
            ("O\u{201a}Brien", "O'Brien"),
            ("O\u{201b}Brien", "O'Brien"),
            ("O\u{2032}Brien", "O'Brien"),
            ("O\u{2bc}Brien", "O'Brien"),
            ("\u{201c}Site A\u{201d}", "\"Site A\""),
            ("\u{201e}Site A\u{201f}", "\"Site A\""),
            ("Site \u{2033}A\u{2033}", "Site \"A\""),
            ("Zo\u{eb}  O\u{2019}Neil", "Zo\u{eb} O'Neil"),
        ];
        for &(text, want) in cases {
            assert_eq!(normalize_name(text), want, "{text:?}");
        }
    }

    #[test]
    fn normalize_borrows_when_only_trimmed_or_unchanged() {
        for text in [
            "Site A",
            "  Site A  ",
            "\tSite A\n",
            "",
            "   ",
            "Ann",
            "Zo\u{eb} Reid",
            "\u{a0}Zo\u{eb} O'Neil\u{a0}",
            "St George's \"A\"",
        ] {
            assert!(matches!(normalize_name(text), Cow::Borrowed(_)), "{text:?}");
        }
        for text in [
            "Site  A",
            "Site\tA",
            "Site\u{a0}A",
            "Site\u{200b}A",
            "\u{feff}Site A",
            "George\u{2019}s",
            "\u{201c}A\u{201d}",
        ] {
            assert!(matches!(normalize_name(text), Cow::Owned(_)), "{text:?}");
        }
    }

    #[test]
    fn normalize_keeps_case() {
        assert_eq!(normalize_name("ZO\u{cb} REID"), "ZO\u{cb} REID");
    }

    #[test]
    fn near_duplicate_names_share_a_shape() {
        for text in [
            "St George's",
            "St Georges",
            "St. Georges",
            "ST GEORGES",
            "St George\u{2019}s",
            "  st-georges ",
            "St\u{a0}Geor\u{ad}ges",
        ] {
            assert_eq!(name_shape(text), "stgeorges", "{text:?}");
        }
    }

    #[test]
    fn a_shape_keeps_only_letters_and_digits_lower_cased() {
        let cases: &[(&str, &str)] = &[
            ("", ""),
            ("  ", ""),
            ("'.-", ""),
            ("Site 2", "site2"),
            ("Site #2 (North)", "site2north"),
            ("ZO\u{cb} REID", "zo\u{eb}reid"),
            ("Zo\u{eb} Reid", "zo\u{eb}reid"),
            ("Ren\u{e9}e O\u{2019}Brien", "ren\u{e9}eobrien"),
            (
                "\u{3a3}\u{3a4} \u{39f}\u{394}\u{39f}\u{3a3}",
                "\u{3c3}\u{3c4}\u{3bf}\u{3b4}\u{3bf}\u{3c2}",
            ),
            (
                "\u{3c3}\u{3c4} \u{3bf}\u{3b4}\u{3bf}\u{3c2}",
                "\u{3c3}\u{3c4}\u{3bf}\u{3b4}\u{3bf}\u{3c2}",
            ),
            (
                "\u{5e9}\u{5dc}\u{5d5}\u{5dd} 1",
                "\u{5e9}\u{5dc}\u{5d5}\u{5dd}1",
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(name_shape(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_plain_name_is_one_mentee() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("  ", &[]),
            ("Ann Lee", &["Ann Lee"]),
            ("  Ann   Lee ", &["Ann Lee"]),
            ("Zo\u{eb} Reid", &["Zo\u{eb} Reid"]),
        ];
        for &(text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_plain_name_is_not_copied() {
        for text in [
            "Ann Lee",
            " Ann Lee ",
            "Zo\u{eb} Reid",
            "Cole, Amy",
            "Andrew Anderson",
        ] {
            let got = names(text);
            assert_eq!(got.len(), 1, "{text:?}");
            assert!(matches!(got[0], Cow::Borrowed(_)), "{text:?}");
        }
    }

    #[test]
    fn semicolons_separate_mentees_and_empty_parts_are_skipped() {
        let cases: &[(&str, &[&str])] = &[
            ("Ann Lee; Bob  Cole", &["Ann Lee", "Bob Cole"]),
            (";Ann;;  ; Bob ;", &["Ann", "Bob"]),
        ];
        for &(text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_bar_separates_mentees() {
        assert_eq!(names("Amy | Ben"), ["Amy", "Ben"]);
        assert_eq!(names("Amy|Ben"), ["Amy", "Ben"]);
    }

    #[test]
    fn a_line_break_separates_mentees() {
        let cases: &[(&str, &[&str])] = &[
            ("Amy Cole\nBen Dunn", &["Amy Cole", "Ben Dunn"]),
            ("Amy Cole\r\nBen Dunn", &["Amy Cole", "Ben Dunn"]),
            ("Amy Cole\rBen Dunn\n", &["Amy Cole", "Ben Dunn"]),
        ];
        for &(text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }

    #[test]
    fn an_ampersand_separates_mentees() {
        assert_eq!(names("Amy & Ben"), ["Amy", "Ben"]);
        assert_eq!(names("Amy&Ben"), ["Amy", "Ben"]);
    }

    #[test]
    fn the_word_and_in_any_case_separates_mentees() {
        let cases: &[(&str, &[&str])] = &[
            ("Amy and Ben", &["Amy", "Ben"]),
            ("Amy AND Ben", &["Amy", "Ben"]),
            ("Amy And Ben", &["Amy", "Ben"]),
            ("Amy Cole and Ben Dunn", &["Amy Cole", "Ben Dunn"]),
            ("and Ben", &["Ben"]),
            ("Amy and", &["Amy"]),
            ("Amy,and Ben", &["Amy", "Ben"]),
        ];
        for &(text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }

    #[test]
    fn and_inside_a_word_does_not_separate() {
        let cases: &[(&str, &[&str])] = &[
            ("Andrew Anderson", &["Andrew Anderson"]),
            ("Sandy", &["Sandy"]),
            ("Rolland Band", &["Rolland Band"]),
            ("Andy and Sandy", &["Andy", "Sandy"]),
            ("Amy and2 Ben", &["Amy and2 Ben"]),
            ("Zo\u{eb}and Ben", &["Zo\u{eb}and Ben"]),
            ("And\u{e9} Reid", &["And\u{e9} Reid"]),
        ];
        for &(text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_slash_with_white_space_on_both_sides_separates_mentees() {
        let cases: &[(&str, &[&str])] = &[
            ("Amy / Ben", &["Amy", "Ben"]),
            ("Amy Cole / Ben Dunn", &["Amy Cole", "Ben Dunn"]),
            ("Amy\u{a0}/\u{a0}Ben", &["Amy", "Ben"]),
            ("Amy / / Ben", &["Amy", "Ben"]),
        ];
        for &(text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_slash_without_white_space_on_both_sides_does_not_separate() {
        let cases: &[(&str, &[&str])] = &[
            ("A/B", &["A/B"]),
            ("Amy /Ben", &["Amy /Ben"]),
            ("Amy/ Ben", &["Amy/ Ben"]),
            ("/ Amy", &["/ Amy"]),
            ("Amy /", &["Amy /"]),
        ];
        for &(text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }

    #[test]
    fn commas_separate_names_of_more_than_one_word() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Amy Cole, Ben Dunn, Chloe Ng",
                &["Amy Cole", "Ben Dunn", "Chloe Ng"],
            ),
            ("Amy Cole, Ben Dunn", &["Amy Cole", "Ben Dunn"]),
            ("Amy Cole,Ben", &["Amy Cole", "Ben"]),
            ("Amy, Ben, Chloe", &["Amy", "Ben", "Chloe"]),
        ];
        for &(text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_part_of_two_single_words_around_one_comma_is_one_name() {
        let cases: &[(&str, &[&str])] = &[
            ("Cole, Amy", &["Cole, Amy"]),
            ("  Cole,   Amy ", &["Cole, Amy"]),
            ("Cole,Amy", &["Cole,Amy"]),
            ("O'Brien, Mary-Jo", &["O'Brien, Mary-Jo"]),
            ("Reid, Zo\u{eb}", &["Reid, Zo\u{eb}"]),
            ("Cole, Amy; Dunn, Ben", &["Cole, Amy", "Dunn, Ben"]),
            ("Cole, Amy & Dunn, Ben", &["Cole, Amy", "Dunn, Ben"]),
            ("Cole, Amy\nDunn, Ben", &["Cole, Amy", "Dunn, Ben"]),
        ];
        for &(text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_comma_with_nothing_on_one_side_is_no_name() {
        let cases: &[(&str, &[&str])] = &[
            ("Amy,", &["Amy"]),
            (", Amy", &["Amy"]),
            ("Amy Cole,", &["Amy Cole"]),
            ("Amy,,Ben", &["Amy", "Ben"]),
        ];
        for &(text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }

    #[test]
    fn separators_of_different_kinds_combine() {
        let cases: &[(&str, &[&str])] = &[
            ("Amy & Ben and Chloe", &["Amy", "Ben", "Chloe"]),
            (
                "Amy Cole, Ben Dunn and Chloe Ng",
                &["Amy Cole", "Ben Dunn", "Chloe Ng"],
            ),
            ("Amy | Ben / Chloe; Dan", &["Amy", "Ben", "Chloe", "Dan"]),
            ("Cole, Amy and Dunn, Ben", &["Cole, Amy", "Dunn, Ben"]),
        ];
        for &(text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_cell_of_only_separators_names_no_one() {
        for text in [
            ";",
            " ; | & ",
            "\r\n",
            ",",
            " , , ",
            "and",
            " AND & and ",
            " / ",
            "\u{200b};\u{feff}",
        ] {
            assert_eq!(names(text), Vec::<Cow<'_, str>>::new(), "{text:?}");
        }
    }

    #[test]
    fn mentee_names_are_normalised() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Amy\u{a0}O\u{2019}Neil; \u{200b}Ben  Dunn",
                &["Amy O'Neil", "Ben Dunn"],
            ),
            ("O\u{2019}Neil, Amy", &["O'Neil, Amy"]),
            (
                "Zo\u{eb} Reid & Ren\u{e9}e Ng",
                &["Zo\u{eb} Reid", "Ren\u{e9}e Ng"],
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }

    /// Normalising done the slow, obvious way.
    fn normalized_by_hand(text: &str) -> String {
        let cleaned: String = text
            .chars()
            .filter(|c| !"\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}\u{ad}".contains(*c))
            .map(|c| match c {
                '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{2bc}' => '\'',
                '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => '"',
                c => c,
            })
            .collect();
        cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    proptest! {
        #[test]
        fn normalized_names_are_normal_and_stable(text in any::<String>()) {
            let once = normalize_name(&text);
            prop_assert_eq!(once.trim(), once.as_ref());
            prop_assert!(!once.contains("  "));
            prop_assert!(once.chars().all(|c| c == ' ' || !c.is_whitespace()));
            prop_assert!(once.chars().all(|c| action(c) == Action::Keep || c == ' '));
            let twice = normalize_name(&once);
            prop_assert!(matches!(twice, Cow::Borrowed(_)));
            prop_assert_eq!(twice.as_ref(), once.as_ref());
            prop_assert_eq!(once.as_ref(), normalized_by_hand(&text));
        }

        #[test]
        fn name_like_text_normalises_as_by_hand(
            text in "[ a-zA-Z'\u{a0}\u{202f}\u{2007}\u{200b}\u{feff}\u{ad}\u{2019}\u{201c}\t\n]{0,20}",
        ) {
            prop_assert_eq!(normalize_name(&text), normalized_by_hand(&text));
        }

        #[test]
        fn a_shape_is_lower_case_letters_and_digits_and_stable(text in any::<String>()) {
            let shape = name_shape(&text);
            prop_assert!(shape.chars().all(char::is_alphanumeric));
            prop_assert_eq!(name_shape(&shape), shape.clone());
        }

        #[test]
        fn a_shape_ignores_case_punctuation_and_spaces(text in "[A-Za-z0-9 .,'()-]{0,30}") {
            let bare: String = text.chars().filter(char::is_ascii_alphanumeric).collect();
            prop_assert_eq!(name_shape(&text), bare.to_ascii_lowercase());
            prop_assert_eq!(name_shape(&text.to_ascii_uppercase()), name_shape(&text));
        }

        #[test]
        fn split_names_are_normal_and_hold_no_separator(text in any::<String>()) {
            for name in split_mentees(&text) {
                prop_assert!(!name.is_empty());
                prop_assert!(matches!(normalize_name(&name), Cow::Borrowed(n) if n == name.as_ref()));
                prop_assert!(!name.contains([';', '|', '\n', '\r', '&']));
                prop_assert!(!name.contains(" / "));
            }
        }

        #[test]
        fn mentee_like_cells_split_into_normal_names(
            text in "([A-Za-z]{1,6}|and|AND|[;|&,/\n]| ){0,12}",
        ) {
            for name in split_mentees(&text) {
                prop_assert!(!name.is_empty());
                prop_assert_eq!(normalize_name(&name), name.clone());
                prop_assert!(!name.split(' ').any(|w| w.eq_ignore_ascii_case("and")));
                prop_assert!(name.matches(',').count() <= 1);
            }
        }

        #[test]
        fn a_cell_without_separators_is_its_name(text in "[A-Za-z' .-]{0,30}") {
            prop_assume!(!text.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w.eq_ignore_ascii_case("and")));
            let want: Vec<String> = Some(normalize_name(&text).into_owned())
                .filter(|n| !n.is_empty())
                .into_iter()
                .collect();
            let got: Vec<String> = split_mentees(&text).map(Cow::into_owned).collect();
            prop_assert_eq!(got, want);
        }
    }
}
