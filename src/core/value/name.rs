//! Names of sites, mentees and mentors.

use std::borrow::Cow;

/// Trims a name and turns inner runs of white space into one space.
/// Borrows when nothing changes.
///
/// White space is Unicode white space (as in [`str::trim`]), so a
/// non-breaking space or a tab between two words also becomes one space.
#[must_use]
pub fn normalize_name(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim();
    if is_normal(trimmed) {
        Cow::Borrowed(trimmed)
    } else {
        let mut name = String::with_capacity(trimmed.len());
        for (i, word) in trimmed.split_whitespace().enumerate() {
            if i > 0 {
                name.push(' ');
            }
            name.push_str(word);
        }
        Cow::Owned(name)
    }
}

/// Whether a trimmed name already has only single ASCII spaces between words.
fn is_normal(trimmed: &str) -> bool {
    let mut after_space = false;
    for c in trimmed.chars() {
        if c.is_whitespace() {
            if c != ' ' || after_space {
                return false;
            }
            after_space = true;
        } else {
            after_space = false;
        }
    }
    true
}

/// Splits a mentee cell on `;` into normalized names, skipping empty parts.
pub fn split_mentees(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    text.split(';')
        .map(normalize_name)
        .filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
        ];
        for &(text, want) in cases {
            assert_eq!(normalize_name(text), want, "{text:?}");
        }
    }

    #[test]
    fn normalize_borrows_when_only_trimmed_or_unchanged() {
        for text in ["Site A", "  Site A  ", "\tSite A\n", "", "   ", "Ann"] {
            assert!(matches!(normalize_name(text), Cow::Borrowed(_)), "{text:?}");
        }
        for text in ["Site  A", "Site\tA", "Site\u{a0}A"] {
            assert!(matches!(normalize_name(text), Cow::Owned(_)), "{text:?}");
        }
    }

    #[test]
    fn normalize_keeps_case() {
        assert_eq!(normalize_name("ZO\u{cb} REID"), "ZO\u{cb} REID");
    }

    #[test]
    fn split_mentees_skips_empty_parts() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("  ", &[]),
            ("Ann Lee", &["Ann Lee"]),
            ("Ann Lee; Bob  Cole", &["Ann Lee", "Bob Cole"]),
            (";Ann;;  ; Bob ;", &["Ann", "Bob"]),
        ];
        for &(text, want) in cases {
            let got: Vec<_> = split_mentees(text).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn normalized_names_are_normal_and_stable(text in any::<String>()) {
            let once = normalize_name(&text);
            prop_assert_eq!(once.trim(), once.as_ref());
            prop_assert!(!once.contains("  "));
            prop_assert!(once.chars().all(|c| c == ' ' || !c.is_whitespace()));
            let twice = normalize_name(&once);
            prop_assert!(matches!(twice, Cow::Borrowed(_)));
            prop_assert_eq!(twice.as_ref(), once.as_ref());
            let words: Vec<&str> = text.split_whitespace().collect();
            prop_assert_eq!(once.as_ref(), words.join(" "));
        }
    }
}
