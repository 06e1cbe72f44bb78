//! Labels matched as a whole, ignoring case, spaces and punctuation.
//!
//! A label is *folded* before it is compared: only its letters and digits are
//! kept, lowercased (`E-mail` and `e mail` both fold to `email`). The folded
//! label must equal a synonym exactly; there are no partial matches.
//!
//! These parsers run for every row of every file, so the fold is written into
//! a small buffer on the stack: every synonym is short and ASCII, so a label
//! that folds to anything longer than the buffer, or that keeps a non-ASCII
//! letter or digit, cannot match and is known not to be blank.

use super::ValueError;

/// The six contact modes every label folds to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

/// Reads a mode label; any non-blank label not listed in SPEC is [`Mode::Other`].
///
/// # Errors
///
/// [`ValueError::Blank`] for a label with no letter or digit (`""`, `"  "`,
/// `"-"`).
pub fn parse_mode(text: &str) -> Result<Mode, ValueError> {
    let mut buf = [0; FOLD_CAPACITY];
    let folded = match fold(text, &mut buf) {
        Folded::Ascii(folded) => folded,
        Folded::NoMatch => return Ok(Mode::Other),
    };
    Ok(match folded {
        b"" => return Err(ValueError::Blank),
        b"phone" | b"telephone" | b"tel" | b"call" | b"phonecall" | b"telephonecall"
        | b"teleconference" => Mode::Phone,
        b"teams" | b"msteams" | b"microsoftteams" | b"video" | b"videocall" | b"zoom"
        | b"skype" => Mode::Video,
        b"facetoface" | b"f2f" | b"inperson" | b"visit" => Mode::InPerson,
        b"email" => Mode::Email,
        b"sms" | b"text" | b"textmessage" => Mode::Sms,
        _ => Mode::Other,
    })
}

/// Reads an attendance label; blank is [`Attendance::Attended`].
///
/// A label with no letter or digit (`""`, `"  "`, `"-"`) is blank.
///
/// # Errors
///
/// [`ValueError::UnknownAttendance`] for any label not listed in SPEC.
pub fn parse_attendance(text: &str) -> Result<Attendance, ValueError> {
    let mut buf = [0; FOLD_CAPACITY];
    let folded = match fold(text, &mut buf) {
        Folded::Ascii(folded) => folded,
        Folded::NoMatch => return Err(ValueError::UnknownAttendance),
    };
    match folded {
        b"" | b"yes" | b"y" | b"attended" | b"present" | b"held" | b"completed" => {
            Ok(Attendance::Attended)
        }
        b"no" | b"n" | b"dna" | b"didnotattend" | b"absent" | b"noshow" => {
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
    fn unlisted_or_partial_mode_labels_are_other() {
        let cases = [
            "letter",
            "phone/email",
            "phones",
            "teams meeting",
            "telephone conference",
            "mail",
            "webex",
            "txt",
            "zoom call",
            "Ph0ne",
            "t\u{e9}l\u{e9}phone",
            "a label far longer than any synonym could ever be, so other",
            "teleconferenceteleconferenceteleconference",
        ];
        for text in cases {
            assert_eq!(parse_mode(text), Ok(Mode::Other), "{text:?}");
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

    proptest! {
        #[test]
        fn label_parsers_never_panic(text in any::<String>()) {
            let _ = parse_mode(&text);
            let _ = parse_attendance(&text);
        }

        #[test]
        fn labels_do_not_depend_on_ascii_case_or_punctuation(
            text in "[a-zA-Z0-9 ./_-]{0,40}",
        ) {
            let noisy: String = text
                .chars()
                .flat_map(|c| [c.to_ascii_uppercase(), '-'])
                .collect();
            prop_assert_eq!(parse_mode(&text), parse_mode(&noisy));
            prop_assert_eq!(parse_attendance(&text), parse_attendance(&noisy));
        }
    }
}
