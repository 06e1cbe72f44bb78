//! Labels of mode and attendance.
//!
//! A label is first matched as a whole, ignoring case, spaces and
//! punctuation: it is *folded* (only its letters and digits are kept,
//! lowercased: `E-mail` and `e mail` both fold to `email`), and the folded
//! label must equal a synonym exactly.
//!
//! A mode label that equals no synonym is then read by its words
//! ([`read_mode`]): runs of letters and digits, lower-cased, each of which
//! may name a family of modes, with or without a plural `s`. The first
//! family that one of the words names wins, in this order: video (teams,
//! zoom, skype, video, webex, facetime), in_person (visit, face, f2f,
//! person, onsite), phone (phone, telephone, tel, call, teleconference),
//! email (email, e-mail, mail), sms (sms, text, txt, msg, message,
//! whatsapp). So `Teams call` is video, `Phone/email` phone (the order of
//! the families, not of the words) and `Emails x3` email; a label none of
//! whose words names a family (`letter`) is `other`.
//!
//! Attendance labels are matched as a whole only; besides the labels of
//! SPEC, `1`, `true`, `complete`, `done` and `seen` are attended, and `0`
//! and `false` did not attend.
//!
//! A label or value name given by a user is compared through [`label_key`];
//! value names are read by [`Mode::from_name`] and [`Attendance::from_name`].
//!
//! These parsers run for every row of every file, so the fold is written into
//! a small buffer on the stack: every synonym is short and ASCII, so a label
//! that folds to anything longer than the buffer, or that keeps a non-ASCII
//! letter or digit, cannot match as a whole and is known not to be blank.
//! Only a label that matches no synonym as a whole is read by its words.

use super::ValueError;

/// The six contact modes every label folds to.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Mode {
    /// Phone, telephone, teleconference.
    Phone,
    /// Video calls: Teams, Zoom, Skype.
    Video,
    /// Face to face.
    InPerson,
    /// Email.
    Email,
    /// SMS text messages.
    Sms,
    /// Any other label.
    Other,
}

impl Mode {
    /// Every mode, in the order of the report (`phone` first, `other` last).
    pub const ALL: [Mode; 6] = [
        Mode::Phone,
        Mode::Video,
        Mode::InPerson,
        Mode::Email,
        Mode::Sms,
        Mode::Other,
    ];

    /// The mode's name in the report: `phone`, `video`, `in_person`,
    /// `email`, `sms` or `other`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Phone => "phone",
            Mode::Video => "video",
            Mode::InPerson => "in_person",
            Mode::Email => "email",
            Mode::Sms => "sms",
            Mode::Other => "other",
        }
    }

    /// The mode a user names (`--value mode:LABEL=VALUE`): `phone`, `video`,
    /// `in_person`, `email`, `sms` or `other`, compared through [`label_key`]
    /// (so `In person`, `In-person` and `E-mail` are read too). `None` for
    /// any other name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Mode> {
        Some(match label_key(name).as_str() {
            "phone" => Mode::Phone,
            "video" => Mode::Video,
            "inperson" => Mode::InPerson,
            "email" => Mode::Email,
            "sms" => Mode::Sms,
            "other" => Mode::Other,
            _ => return None,
        })
    }

    /// Whether the mode is live (`phone`, `video`, `in_person`): a held live
    /// contact needs a duration.
    #[must_use]
    pub fn is_live(self) -> bool {
        matches!(self, Mode::Phone | Mode::Video | Mode::InPerson)
    }

    /// Whether the mode is written (`email`, `sms`): without a duration it
    /// counts the setting *minutes per written message*.
    #[must_use]
    pub fn is_written(self) -> bool {
        matches!(self, Mode::Email | Mode::Sms)
    }
}

/// Whether a mentee took part, per row.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Attendance {
    /// Attended (also a blank cell).
    Attended,
    /// Did not attend.
    DidNotAttend,
    /// Cancelled, postponed or rescheduled.
    Cancelled,
}

impl Attendance {
    /// The attendance's name in the report: `attended`, `did_not_attend` or
    /// `cancelled`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Attendance::Attended => "attended",
            Attendance::DidNotAttend => "did_not_attend",
            Attendance::Cancelled => "cancelled",
        }
    }

    /// The attendance a user names (`--value attendance:LABEL=VALUE`):
    /// `attended`, `did_not_attend` (also `did not attend`, `DNA`) or
    /// `cancelled` (also `canceled`), compared through [`label_key`]. `None`
    /// for any other name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Attendance> {
        Some(match label_key(name).as_str() {
            "attended" => Attendance::Attended,
            "didnotattend" | "dna" => Attendance::DidNotAttend,
            "cancelled" | "canceled" => Attendance::Cancelled,
            _ => return None,
        })
    }
}

/// How a mode label was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LabelRead {
    /// The whole label is one of the synonyms of SPEC (`Phone call`,
    /// `MS Teams`).
    Listed,
    /// The label is no synonym, but one of its words names a mode
    /// (`Teams call`, `Emails x3`).
    Words,
    /// Neither: the label is [`Mode::Other`] (`letter`).
    Unlisted,
}

/// The key under which a label given by a user (`--value
/// mode:"Catch-up"=phone`) is compared with cells and value names: its
/// Unicode letters and digits only, lower-cased. `Catch-up` and `catch up`
/// give `catchup`; `Téléphone` gives `téléphone`.
#[must_use]
pub fn label_key(text: &str) -> String {
    if text.is_ascii() {
        return text
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    // The whole label is lower-cased at once, so that a word-final capital
    // sigma becomes a final sigma, as a label typed in lower case has it.
    let mut key = text.to_lowercase();
    key.retain(char::is_alphanumeric);
    key
}

/// Room for a folded label. The longest synonym (`teleconference`,
/// `microsoftteams`) folds to 14 bytes.
const FOLD_CAPACITY: usize = 32;

/// A label after folding.
enum Folded<'b> {
    /// The folded label (empty when the label has no letter or digit).
    Ascii(&'b [u8]),
    /// The label has a letter or digit but cannot equal any synonym: it keeps
    /// a non-ASCII letter or digit, or it is longer than the buffer.
    NoMatch,
}

/// Folds `text` into `buf`: keeps ASCII letters and digits, lowercased, and
/// drops white space and punctuation (ASCII or not).
fn fold<'b>(text: &str, buf: &'b mut [u8; FOLD_CAPACITY]) -> Folded<'b> {
    let mut len = 0;
    // Labels are nearly always ASCII: byte by byte, without decoding.
    if text.is_ascii() {
        for &byte in text.as_bytes() {
            if byte.is_ascii_alphanumeric() {
                if len == FOLD_CAPACITY {
                    return Folded::NoMatch;
                }
                buf[len] = byte.to_ascii_lowercase();
                len += 1;
            }
        }
        return Folded::Ascii(&buf[..len]);
    }
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if len == FOLD_CAPACITY {
                return Folded::NoMatch;
            }
            // `c` is ASCII, so the cast keeps it whole.
            buf[len] = (c as u8).to_ascii_lowercase();
            len += 1;
        } else if c.is_alphanumeric() {
            return Folded::NoMatch;
        }
    }
    Folded::Ascii(&buf[..len])
}

/// Reads a mode label; a non-blank label that is not listed in SPEC and
/// none of whose words names a mode is [`Mode::Other`]. This is
/// [`read_mode`] without saying how the label was read.
///
/// # Errors
///
/// [`ValueError::Blank`] for a label with no letter or digit (`""`, `"  "`,
/// `"-"`).
#[cfg(test)]
pub(crate) fn parse_mode(text: &str) -> Result<Mode, ValueError> {
    read_mode(text).map(|(mode, _)| mode)
}

/// Reads a mode label, and tells how: as a whole label listed in SPEC
/// ([`LabelRead::Listed`]); else by its words ([`LabelRead::Words`]:
/// `Teams call` is video, `Phone/email` phone, `WhatsApp` sms); else as
/// [`Mode::Other`] ([`LabelRead::Unlisted`]: `letter`). The module docs
/// give the words of each mode and the order in which they are tried.
///
/// # Errors
///
/// [`ValueError::Blank`] for a label with no letter or digit (`""`, `"  "`,
/// `"-"`).
///
/// ```
/// use mentoring_stats_engine::{read_mode, LabelRead, Mode};
/// assert_eq!(read_mode("Phone call"), Ok((Mode::Phone, LabelRead::Listed)));
/// assert_eq!(read_mode("Teams call"), Ok((Mode::Video, LabelRead::Words)));
/// assert_eq!(read_mode("letter"), Ok((Mode::Other, LabelRead::Unlisted)));
/// assert!(read_mode(" - ").is_err());
/// ```
pub fn read_mode(text: &str) -> Result<(Mode, LabelRead), ValueError> {
    let mut buf = [0; FOLD_CAPACITY];
    if let Folded::Ascii(folded) = fold(text, &mut buf) {
        if folded.is_empty() {
            return Err(ValueError::Blank);
        }
        if let Some(mode) = listed_mode(folded) {
            return Ok((mode, LabelRead::Listed));
        }
    }
    Ok(match mode_by_words(text) {
        Some(mode) => (mode, LabelRead::Words),
        None => (Mode::Other, LabelRead::Unlisted),
    })
}

/// The mode a folded label names as a whole, if it is one of SPEC's labels.
fn listed_mode(folded: &[u8]) -> Option<Mode> {
    Some(match folded {
        b"phone" | b"telephone" | b"tel" | b"call" | b"phonecall" | b"telephonecall"
        | b"teleconference" => Mode::Phone,
        b"teams" | b"msteams" | b"microsoftteams" | b"video" | b"videocall" | b"zoom"
        | b"skype" => Mode::Video,
        b"facetoface" | b"f2f" | b"inperson" | b"visit" => Mode::InPerson,
        b"email" => Mode::Email,
        b"sms" | b"text" | b"textmessage" => Mode::Sms,
        _ => return None,
    })
}

/// The words that name each mode, in the order the modes are tried. SPEC's
/// `e-mail` is two words, `e` and `mail`, and `mail` names email.
const MODE_WORDS: [(Mode, &[&str]); 5] = [
    (
        Mode::Video,
        &["teams", "zoom", "skype", "video", "webex", "facetime"],
    ),
    (
        Mode::InPerson,
        &["visit", "face", "f2f", "person", "onsite"],
    ),
    (
        Mode::Phone,
        &["phone", "telephone", "tel", "call", "teleconference"],
    ),
    (Mode::Email, &["email", "mail"]),
    (
        Mode::Sms,
        &["sms", "text", "txt", "msg", "message", "whatsapp"],
    ),
];

/// The first mode (in the order of [`MODE_WORDS`]) that a word of `text`
/// names, in any case, with or without a plural `s`.
fn mode_by_words(text: &str) -> Option<Mode> {
    let words = || {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
    };
    // An ASCII word is compared ignoring ASCII case. A word with a non-ASCII
    // letter is lower-cased first (the Kelvin sign lower-cases to `k`); such
    // labels are rare enough to allocate.
    let lowered: Vec<String> = if text.is_ascii() {
        Vec::new()
    } else {
        words()
            .filter(|word| !word.is_ascii())
            .map(str::to_lowercase)
            .collect()
    };
    let names = |word: &[u8], synonym: &str| {
        let synonym = synonym.as_bytes();
        word.eq_ignore_ascii_case(synonym)
            || (word.len() == synonym.len() + 1
                && word[synonym.len()].eq_ignore_ascii_case(&b's')
                && word[..synonym.len()].eq_ignore_ascii_case(synonym))
    };
    MODE_WORDS.iter().find_map(|&(mode, synonyms)| {
        words()
            .filter(|word| word.is_ascii())
            .chain(lowered.iter().map(String::as_str))
            .any(|word| {
                synonyms
                    .iter()
                    .any(|&synonym| names(word.as_bytes(), synonym))
            })
            .then_some(mode)
    })
}

/// Reads an attendance label; blank is [`Attendance::Attended`].
/// Besides the labels of SPEC, `1`, `true`, `complete`, `done` and `seen`
/// are attended, and `0` and `false` did not attend.
///
/// A label with no letter or digit (`""`, `"  "`, `"-"`) is blank.
///
/// # Errors
///
/// [`ValueError::UnknownAttendance`] for any label not listed in SPEC.
///
/// ```
/// use mentoring_stats_engine::{parse_attendance, Attendance, ValueError};
/// assert_eq!(parse_attendance(""), Ok(Attendance::Attended));
/// assert_eq!(parse_attendance("DNA"), Ok(Attendance::DidNotAttend));
/// assert_eq!(parse_attendance("Cancelled"), Ok(Attendance::Cancelled));
/// assert_eq!(parse_attendance("maybe"), Err(ValueError::UnknownAttendance));
/// ```
pub fn parse_attendance(text: &str) -> Result<Attendance, ValueError> {
    let mut buf = [0; FOLD_CAPACITY];
    let folded = match fold(text, &mut buf) {
        Folded::Ascii(folded) => folded,
        Folded::NoMatch => return Err(ValueError::UnknownAttendance),
    };
    match folded {
        b"" | b"yes" | b"y" | b"attended" | b"present" | b"held" | b"completed" | b"1"
        | b"true" | b"complete" | b"done" | b"seen" => Ok(Attendance::Attended),
        b"no" | b"n" | b"dna" | b"didnotattend" | b"absent" | b"noshow" | b"0" | b"false" => {
            Ok(Attendance::DidNotAttend)
        }
        b"cancelled" | b"canceled" | b"postponed" | b"rescheduled" => Ok(Attendance::Cancelled),
        _ => Err(ValueError::UnknownAttendance),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_mode_synonym_in_spec_is_recognised() {
        let cases: &[(&str, Mode)] = &[
            ("phone", Mode::Phone),
            ("telephone", Mode::Phone),
            ("tel", Mode::Phone),
            ("call", Mode::Phone),
            ("phone call", Mode::Phone),
            ("telephone call", Mode::Phone),
            ("teleconference", Mode::Phone),
            ("Teams", Mode::Video),
            ("MS Teams", Mode::Video),
            ("Microsoft Teams", Mode::Video),
            ("video", Mode::Video),
            ("video call", Mode::Video),
            ("Zoom", Mode::Video),
            ("Skype", Mode::Video),
            ("face to face", Mode::InPerson),
            ("F2F", Mode::InPerson),
            ("in person", Mode::InPerson),
            ("visit", Mode::InPerson),
            ("email", Mode::Email),
            ("e-mail", Mode::Email),
            ("SMS", Mode::Sms),
            ("text", Mode::Sms),
            ("text message", Mode::Sms),
        ];
        for &(text, want) in cases {
            assert_eq!(parse_mode(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn mode_ignores_case_spaces_and_punctuation() {
        let cases: &[(&str, Mode)] = &[
            ("PHONE", Mode::Phone),
            ("  Phone  ", Mode::Phone),
            ("Tel.", Mode::Phone),
            ("Tele-conference", Mode::Phone),
            ("TeleConference", Mode::Phone),
            ("phonecall", Mode::Phone),
            ("Phone_Call", Mode::Phone),
            ("MS-Teams", Mode::Video),
            ("ms.teams", Mode::Video),
            ("MicrosoftTeams", Mode::Video),
            ("Face-to-face", Mode::InPerson),
            ("In-Person", Mode::InPerson),
            ("E-Mail", Mode::Email),
            ("e mail", Mode::Email),
            ("S.M.S.", Mode::Sms),
            ("Text-message", Mode::Sms),
            // Non-ASCII punctuation and white space are dropped too.
            ("e\u{2013}mail", Mode::Email),
            ("face\u{a0}to\u{a0}face", Mode::InPerson),
        ];
        for &(text, want) in cases {
            assert_eq!(parse_mode(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn listed_labels_are_read_as_listed() {
        let cases: &[(&str, Mode)] = &[
            ("phone", Mode::Phone),
            ("Phone call", Mode::Phone),
            ("TEAMS", Mode::Video),
            ("MS Teams", Mode::Video),
            ("face to face", Mode::InPerson),
            // Also the words `e` and `mail`, but the whole label comes first.
            ("E-mail", Mode::Email),
            ("e mai l", Mode::Email),
            ("SMS", Mode::Sms),
        ];
        for &(text, want) in cases {
            assert_eq!(read_mode(text), Ok((want, LabelRead::Listed)), "{text:?}");
        }
    }

    #[test]
    fn an_unlisted_label_is_read_by_its_words() {
        let cases: &[(&str, Mode)] = &[
            ("Teams call", Mode::Video),
            ("Teams meeting", Mode::Video),
            ("zoom call", Mode::Video),
            ("Zoom \u{2013} 2 OTs", Mode::Video),
            ("Webex", Mode::Video),
            ("FaceTime", Mode::Video),
            ("Skype chat", Mode::Video),
            ("Video conference", Mode::Video),
            ("Site visit", Mode::InPerson),
            ("Face-to-face meeting", Mode::InPerson),
            ("Met in person", Mode::InPerson),
            ("F2F session", Mode::InPerson),
            ("Onsite", Mode::InPerson),
            ("telephone conference", Mode::Phone),
            ("Phone/email", Mode::Phone),
            ("Tel. call", Mode::Phone),
            ("Conference call", Mode::Phone),
            ("Teleconference (group)", Mode::Phone),
            ("mail", Mode::Email),
            ("Email follow-up", Mode::Email),
            ("Text msg", Mode::Sms),
            ("WhatsApp", Mode::Sms),
            ("txt", Mode::Sms),
            ("Message", Mode::Sms),
            ("SMS reminder", Mode::Sms),
        ];
        for &(text, want) in cases {
            assert_eq!(read_mode(text), Ok((want, LabelRead::Words)), "{text:?}");
        }
    }

    #[test]
    fn a_word_names_its_mode_with_or_without_a_plural_s() {
        let cases: &[(&str, Mode)] = &[
            ("Emails x3", Mode::Email),
            ("2 emails", Mode::Email),
            ("calls", Mode::Phone),
            ("Phones", Mode::Phone),
            ("Texts", Mode::Sms),
            ("msgs", Mode::Sms),
            ("Site visits", Mode::InPerson),
            ("TEAMS CALLS", Mode::Video),
            ("Zooms", Mode::Video),
        ];
        for &(text, want) in cases {
            assert_eq!(read_mode(text), Ok((want, LabelRead::Words)), "{text:?}");
        }
    }

    #[test]
    fn a_word_must_be_a_whole_word_to_name_a_mode() {
        // Not a plural `s` but another ending, or the word inside another.
        for text in [
            "phoned", "callback", "emailed", "telly", "textbook", "teamster", "visitor", "mailbox",
            "phoness", "Ph0ne", "ma il", "s",
        ] {
            assert_eq!(
                read_mode(text),
                Ok((Mode::Other, LabelRead::Unlisted)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_first_family_named_wins_not_the_first_word() {
        let cases: &[(&str, Mode)] = &[
            ("Phone/email", Mode::Phone),
            ("Email/phone", Mode::Phone),
            ("Call then Teams", Mode::Video),
            ("Text and visit", Mode::InPerson),
            ("Phone, then a face-to-face visit", Mode::InPerson),
            ("Email, text", Mode::Email),
            ("SMS + email", Mode::Email),
            ("WhatsApp video", Mode::Video),
        ];
        for &(text, want) in cases {
            assert_eq!(read_mode(text), Ok((want, LabelRead::Words)), "{text:?}");
        }
    }

    #[test]
    fn a_label_with_no_word_of_a_mode_is_other() {
        let cases = [
            "letter",
            "Post",
            "Meeting",
            "Ph0ne",
            "t\u{e9}l\u{e9}phone",
            "T\u{e9}l\u{e9}phone",
            "a label far longer than any synonym could ever be, so other",
            "teleconferenceteleconferenceteleconference",
            "\u{5d8}\u{5dc}\u{5e4}\u{5d5}\u{5df}",
            "1",
        ];
        for text in cases {
            assert_eq!(
                read_mode(text),
                Ok((Mode::Other, LabelRead::Unlisted)),
                "{text:?}"
            );
            assert_eq!(parse_mode(text), Ok(Mode::Other), "{text:?}");
        }
    }

    #[test]
    fn non_ascii_labels_are_read_by_words_too() {
        let cases: &[(&str, Mode)] = &[
            ("R\u{e9}union Teams", Mode::Video),
            ("Appel t\u{e9}l\u{e9}phone, phone", Mode::Phone),
            ("Email \u{2013} r\u{e9}ponse", Mode::Email),
            ("SMS\u{a0}envoy\u{e9}", Mode::Sms),
            // The Kelvin sign lower-cases to an ASCII `k`.
            ("S\u{212a}YPE call", Mode::Video),
            // A label too long to fold whole is still read by its words.
            (
                "a phone call that lasted far longer than any synonym",
                Mode::Phone,
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(read_mode(text), Ok((want, LabelRead::Words)), "{text:?}");
        }
    }

    #[test]
    fn parse_mode_is_the_mode_that_read_mode_gives() {
        for text in ["phone", "Teams call", "letter", "Emails x3", "", "-"] {
            assert_eq!(
                parse_mode(text),
                read_mode(text).map(|(mode, _)| mode),
                "{text:?}"
            );
        }
    }

    #[test]
    fn blank_mode_is_an_error() {
        for text in ["", "   ", "\t", "-", " / ", "\u{a0}"] {
            assert_eq!(parse_mode(text), Err(ValueError::Blank), "{text:?}");
        }
    }

    #[test]
    fn every_attendance_synonym_in_spec_is_recognised() {
        let cases: &[(&str, Attendance)] = &[
            ("", Attendance::Attended),
            ("yes", Attendance::Attended),
            ("y", Attendance::Attended),
            ("attended", Attendance::Attended),
            ("present", Attendance::Attended),
            ("held", Attendance::Attended),
            ("completed", Attendance::Attended),
            ("no", Attendance::DidNotAttend),
            ("n", Attendance::DidNotAttend),
            ("DNA", Attendance::DidNotAttend),
            ("did not attend", Attendance::DidNotAttend),
            ("absent", Attendance::DidNotAttend),
            ("no show", Attendance::DidNotAttend),
            ("cancelled", Attendance::Cancelled),
            ("canceled", Attendance::Cancelled),
            ("postponed", Attendance::Cancelled),
            ("rescheduled", Attendance::Cancelled),
        ];
        for &(text, want) in cases {
            assert_eq!(parse_attendance(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn one_true_and_done_words_are_attended_zero_and_false_are_not() {
        let cases: &[(&str, Attendance)] = &[
            ("1", Attendance::Attended),
            ("true", Attendance::Attended),
            ("TRUE", Attendance::Attended),
            ("True.", Attendance::Attended),
            ("complete", Attendance::Attended),
            ("Complete", Attendance::Attended),
            ("done", Attendance::Attended),
            ("Done!", Attendance::Attended),
            ("seen", Attendance::Attended),
            ("SEEN", Attendance::Attended),
            ("0", Attendance::DidNotAttend),
            ("false", Attendance::DidNotAttend),
            ("FALSE", Attendance::DidNotAttend),
            (" False ", Attendance::DidNotAttend),
        ];
        for &(text, want) in cases {
            assert_eq!(parse_attendance(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn attendance_ignores_case_spaces_and_punctuation() {
        let cases: &[(&str, Attendance)] = &[
            ("  ", Attendance::Attended),
            ("-", Attendance::Attended),
            ("YES", Attendance::Attended),
            ("Y.", Attendance::Attended),
            ("D.N.A.", Attendance::DidNotAttend),
            ("dna", Attendance::DidNotAttend),
            ("Did-not-attend", Attendance::DidNotAttend),
            ("No-show", Attendance::DidNotAttend),
            ("noshow", Attendance::DidNotAttend),
            ("CANCELLED", Attendance::Cancelled),
            ("Re-scheduled", Attendance::Cancelled),
        ];
        for &(text, want) in cases {
            assert_eq!(parse_attendance(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn unknown_attendance_is_an_error() {
        let cases = [
            "maybe",
            "n/a",
            "attending",
            "did not",
            "nope",
            "late",
            "yes no",
            "cancel",
            "annul\u{e9}",
            "a very long attendance label that cannot be any synonym",
            "2",
            "10",
            "01",
            "1.0",
            "truth",
            "not done",
            "unseen",
            "incomplete",
        ];
        for text in cases {
            assert_eq!(
                parse_attendance(text),
                Err(ValueError::UnknownAttendance),
                "{text:?}"
            );
        }
    }

    #[test]
    fn mode_names_and_kinds() {
        let cases: &[(Mode, &str, bool, bool)] = &[
            (Mode::Phone, "phone", true, false),
            (Mode::Video, "video", true, false),
            (Mode::InPerson, "in_person", true, false),
            (Mode::Email, "email", false, true),
            (Mode::Sms, "sms", false, true),
            (Mode::Other, "other", false, false),
        ];
        assert_eq!(Mode::ALL.len(), cases.len());
        for (&mode, &(want_mode, name, live, written)) in Mode::ALL.iter().zip(cases) {
            assert_eq!(mode, want_mode);
            assert_eq!(mode.as_str(), name);
            assert_eq!(mode.is_live(), live, "{name}");
            assert_eq!(mode.is_written(), written, "{name}");
        }
    }

    #[test]
    fn mode_names_read_back_as_the_same_mode() {
        for mode in Mode::ALL {
            if mode != Mode::Other {
                assert_eq!(parse_mode(mode.as_str()), Ok(mode));
            }
        }
    }

    #[test]
    fn attendance_names() {
        assert_eq!(Attendance::Attended.as_str(), "attended");
        assert_eq!(Attendance::DidNotAttend.as_str(), "did_not_attend");
        assert_eq!(Attendance::Cancelled.as_str(), "cancelled");
        for a in [
            Attendance::Attended,
            Attendance::DidNotAttend,
            Attendance::Cancelled,
        ] {
            assert_eq!(parse_attendance(a.as_str()), Ok(a));
        }
    }

    #[test]
    fn a_label_key_keeps_letters_and_digits_lower_cased() {
        let cases: &[(&str, &str)] = &[
            ("", ""),
            (" - ", ""),
            ("Catch-up", "catchup"),
            ("catch up", "catchup"),
            ("CATCH_UP!", "catchup"),
            ("Call #2", "call2"),
            ("T\u{e9}l\u{e9}phone", "t\u{e9}l\u{e9}phone"),
            ("t\u{e9}l\u{e9}phone", "t\u{e9}l\u{e9}phone"),
            (
                "R\u{c9}UNION \u{2013} \u{e9}quipe",
                "r\u{e9}union\u{e9}quipe",
            ),
            ("\u{a0}e\u{2013}mail\u{a0}", "email"),
        ];
        for &(text, want) in cases {
            assert_eq!(label_key(text), want, "{text:?}");
        }
    }

    #[test]
    fn mode_names_as_a_user_writes_them() {
        let cases: &[(&str, Option<Mode>)] = &[
            ("phone", Some(Mode::Phone)),
            ("Phone", Some(Mode::Phone)),
            ("video", Some(Mode::Video)),
            ("in_person", Some(Mode::InPerson)),
            ("in person", Some(Mode::InPerson)),
            ("In-person", Some(Mode::InPerson)),
            ("email", Some(Mode::Email)),
            ("E-mail", Some(Mode::Email)),
            ("sms", Some(Mode::Sms)),
            ("SMS", Some(Mode::Sms)),
            ("other", Some(Mode::Other)),
            ("OTHER", Some(Mode::Other)),
            ("", None),
            ("teams", None),
            ("telephone", None),
            ("face to face", None),
            ("text", None),
            ("phones", None),
        ];
        for &(text, want) in cases {
            assert_eq!(Mode::from_name(text), want, "{text:?}");
        }
        for mode in Mode::ALL {
            assert_eq!(Mode::from_name(mode.as_str()), Some(mode));
        }
    }

    #[test]
    fn attendance_names_as_a_user_writes_them() {
        let cases: &[(&str, Option<Attendance>)] = &[
            ("attended", Some(Attendance::Attended)),
            ("Attended", Some(Attendance::Attended)),
            ("did_not_attend", Some(Attendance::DidNotAttend)),
            ("did not attend", Some(Attendance::DidNotAttend)),
            ("Did-not-attend", Some(Attendance::DidNotAttend)),
            ("DNA", Some(Attendance::DidNotAttend)),
            ("dna", Some(Attendance::DidNotAttend)),
            ("cancelled", Some(Attendance::Cancelled)),
            ("canceled", Some(Attendance::Cancelled)),
            ("Cancelled", Some(Attendance::Cancelled)),
            ("", None),
            ("yes", None),
            ("absent", None),
            ("postponed", None),
            ("attend", None),
        ];
        for &(text, want) in cases {
            assert_eq!(Attendance::from_name(text), want, "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn label_parsers_never_panic(text in any::<String>()) {
            let _ = read_mode(&text);
            let _ = parse_attendance(&text);
            let _ = label_key(&text);
            let _ = Mode::from_name(&text);
            let _ = Attendance::from_name(&text);
        }

        #[test]
        fn labels_do_not_depend_on_ascii_case_or_which_punctuation(
            text in "[a-zA-Z0-9 ./_-]{0,40}",
        ) {
            // Each run of punctuation and spaces becomes another run: the
            // whole label folds the same and the words stay the same words.
            let noisy: String = text
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase().to_string() } else { " - ".to_string() })
                .collect();
            prop_assert_eq!(read_mode(&text), read_mode(&noisy));
            prop_assert_eq!(parse_attendance(&text), parse_attendance(&noisy));
            prop_assert_eq!(label_key(&text), label_key(&noisy));
        }

        #[test]
        fn whole_labels_do_not_depend_on_punctuation_inside_words(
            text in "[a-zA-Z0-9 ./_-]{0,40}",
        ) {
            let noisy: String = text
                .chars()
                .flat_map(|c| [c.to_ascii_uppercase(), '-'])
                .collect();
            if let Ok((mode, LabelRead::Listed)) = read_mode(&text) {
                prop_assert_eq!(read_mode(&noisy), Ok((mode, LabelRead::Listed)));
            }
            prop_assert_eq!(parse_attendance(&text), parse_attendance(&noisy));
        }

        #[test]
        fn only_a_blank_label_is_an_error(text in any::<String>()) {
            let blank = !text.chars().any(|c| c.is_alphanumeric());
            prop_assert_eq!(read_mode(&text).is_err(), blank);
        }

        #[test]
        fn a_label_key_is_letters_and_digits_and_stable(text in any::<String>()) {
            let key = label_key(&text);
            prop_assert!(key.chars().all(char::is_alphanumeric));
            prop_assert_eq!(label_key(&key), key);
        }
    }
}
