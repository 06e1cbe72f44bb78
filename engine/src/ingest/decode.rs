//! Text encodings: every text file becomes a stream of UTF-8 bytes.
//!
//! The encoding is decided once, from the byte order mark or the first
//! [`SNIFF_LEN`] bytes; the rest of the file is transcoded as it streams
//! through `encoding_rs_io`, so no stage holds the whole file.

use std::io::{Cursor, Read};

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};

/// How many leading bytes decide the encoding of a file without a BOM.
pub(crate) const SNIFF_LEN: usize = 64 * 1024;

/// The text encodings a record file is read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TextEncoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark (as Excel writes "CSV UTF-8").
    Utf8Bom,
    /// UTF-16, little-endian (with a BOM, or detected from its zero bytes).
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Windows-1252 (what Excel writes as plain "CSV" on Western Windows).
    Windows1252,
}

impl TextEncoding {
    /// The encoding's usual name.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => UTF_8,
            TextEncoding::Utf16Le => UTF_16LE,
            TextEncoding::Utf16Be => UTF_16BE,
            TextEncoding::Windows1252 => WINDOWS_1252,
        }
    }
}

/// Decides the encoding from a file's first bytes.
///
/// A BOM decides; without one, UTF-16 is recognised by its zero bytes, text
/// that is valid UTF-8 is UTF-8 (a sequence cut at the end of `prefix` is
/// allowed), and anything else is Windows-1252.
pub(crate) fn sniff_encoding(prefix: &[u8], at_end: bool) -> TextEncoding {
    if prefix.starts_with(b"\xEF\xBB\xBF") {
        return TextEncoding::Utf8Bom;
    }
    if prefix.starts_with(b"\xFF\xFE") {
        return TextEncoding::Utf16Le;
    }
    if prefix.starts_with(b"\xFE\xFF") {
        return TextEncoding::Utf16Be;
    }
    if let Some(utf16) = sniff_utf16_without_bom(prefix) {
        return utf16;
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => TextEncoding::Utf8,
        // `error_len() == None`: the prefix ends inside a character.
        Err(e) if e.error_len().is_none() && !at_end => TextEncoding::Utf8,
        Err(_) if mostly_utf8(prefix, at_end) => TextEncoding::Utf8,
        Err(_) => TextEncoding::Windows1252,
    }
}

/// Whether text that is not all valid UTF-8 is still UTF-8 with a few bad
/// bytes (a row pasted from elsewhere): it has more valid multi-byte
/// characters (`â` of `Siân`) than invalid sequences. Windows-1252 text has
/// nearly none of the first: its accented letters are the second.
fn mostly_utf8(prefix: &[u8], at_end: bool) -> bool {
    let mut multibyte = 0usize;
    let mut invalid = 0usize;
    let mut chunks = prefix.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        multibyte += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
        let bad = chunk.invalid();
        // A character cut at the end of the prefix is not a bad byte.
        let cut = chunks.peek().is_none()
            && !at_end
            && bad.len() < 4
            && bad.first().is_some_and(|b| *b >= 0xC0);
        if !bad.is_empty() && !cut {
            invalid += 1;
        }
    }
    multibyte > invalid
}

/// Text in UTF-16 without a BOM has a zero byte in most ASCII characters, on
/// the odd (little-endian) or even (big-endian) positions.
fn sniff_utf16_without_bom(prefix: &[u8]) -> Option<TextEncoding> {
    let pairs = prefix.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zero_high = prefix
        .chunks_exact(2)
        .filter(|p| p[1] == 0 && p[0] != 0)
        .count();
    let zero_low = prefix
        .chunks_exact(2)
        .filter(|p| p[0] == 0 && p[1] != 0)
        .count();
    if zero_high * 10 >= pairs * 7 && zero_low == 0 {
        Some(TextEncoding::Utf16Le)
    } else if zero_low * 10 >= pairs * 7 && zero_high == 0 {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// A reader of UTF-8 bytes over a file in any supported encoding.
pub(crate) enum Utf8Reader<R> {
    /// UTF-8 input, passed through unchanged and unchecked (a stray invalid
    /// byte is dealt with per field by the table reader).
    Utf8(std::io::Chain<Cursor<Vec<u8>>, R>),
    /// Other encodings, transcoded as they stream.
    Transcoded(DecodeReaderBytes<std::io::Chain<Cursor<Vec<u8>>, R>, Vec<u8>>),
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Utf8Reader::Utf8(r) => r.read(buf),
            Utf8Reader::Transcoded(r) => r.read(buf),
        }
    }
}

/// Wraps `reader` so that it yields UTF-8 (the BOM removed).
pub(crate) fn utf8_reader<R: Read>(
    mut reader: R,
) -> std::io::Result<(TextEncoding, Utf8Reader<R>)> {
    let mut prefix = vec![0u8; SNIFF_LEN];
    let len = super::read_up_to(&mut reader, &mut prefix)?;
    prefix.truncate(len);
    let encoding = sniff_encoding(&prefix, len < SNIFF_LEN);
    let reader = match encoding {
        TextEncoding::Utf8 => Utf8Reader::Utf8(Cursor::new(prefix).chain(reader)),
        TextEncoding::Utf8Bom => {
            prefix.drain(..3);
            Utf8Reader::Utf8(Cursor::new(prefix).chain(reader))
        }
        _ => Utf8Reader::Transcoded(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding.encoding()))
                .bom_override(true)
                .strip_bom(true)
                .build(Cursor::new(prefix).chain(reader)),
        ),
    };
    Ok((encoding, reader))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> (TextEncoding, String) {
        let (encoding, mut reader) = utf8_reader(bytes).expect("reads");
        let mut out = String::new();
        reader.read_to_string(&mut out).expect("utf-8");
        (encoding, out)
    }

    #[test]
    fn utf8_bom_is_removed() {
        assert_eq!(
            decode_all(b"\xEF\xBB\xBFDate,Site"),
            (TextEncoding::Utf8Bom, "Date,Site".to_string())
        );
    }

    #[test]
    fn utf16_with_bom_is_transcoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Zoë;1".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(
            decode_all(&bytes),
            (TextEncoding::Utf16Le, "Zoë;1".to_string())
        );
    }

    #[test]
    fn utf16_big_endian_without_bom_is_recognised() {
        let mut bytes = Vec::new();
        for unit in "Date\tSite\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(
            decode_all(&bytes),
            (TextEncoding::Utf16Be, "Date\tSite\r\n".to_string())
        );
    }

    #[test]
    fn invalid_utf8_is_read_as_windows_1252() {
        // 0xEB is "ë" in Windows-1252 and not valid UTF-8 here.
        assert_eq!(
            decode_all(b"Zo\xEB Reid"),
            (TextEncoding::Windows1252, "Zoë Reid".to_string())
        );
    }

    #[test]
    fn invalid_bytes_after_the_prefix_pass_through_untouched() {
        let mut bytes = vec![b'a'; SNIFF_LEN + 10];
        bytes.push(0xEB);
        let (encoding, mut reader) = utf8_reader(&bytes[..]).expect("reads");
        let mut out = Vec::new();
        reader.read_to_end(&mut out).expect("reads");
        assert_eq!(encoding, TextEncoding::Utf8);
        assert_eq!(out, bytes);
    }

    #[test]
    fn a_utf8_file_with_one_bad_byte_stays_utf8() {
        // "Siân Jones" in UTF-8 on two rows, and one stray Windows-1252 "é".
        let text = b"Date,Site,Mode,Mentee\n2019-03-01,A,Phone,Si\xC3\xA2n Jones\n2019-03-02,A,Phone,Ren\xE9e\n2019-03-03,A,Phone,Si\xC3\xA2n Jones\n";
        assert_eq!(sniff_encoding(text, true), TextEncoding::Utf8);
        // Windows-1252 throughout: no valid multi-byte character at all.
        let cp1252 = b"Date,Site\n2019-03-01,Si\xE2n\n2019-03-02,Ren\xE9e\n";
        assert_eq!(sniff_encoding(cp1252, true), TextEncoding::Windows1252);
        // As many bad sequences as good characters: Windows-1252.
        assert_eq!(
            sniff_encoding(b"\xC3\xA9 \xE9", true),
            TextEncoding::Windows1252
        );
    }

    #[test]
    fn plain_ascii_is_utf8() {
        assert_eq!(decode_all(b"a,b"), (TextEncoding::Utf8, "a,b".to_string()));
    }

    #[test]
    fn a_character_cut_at_the_sniff_boundary_is_still_utf8() {
        assert_eq!(sniff_encoding(b"Zo\xC3", false), TextEncoding::Utf8);
        assert_eq!(sniff_encoding(b"Zo\xC3", true), TextEncoding::Windows1252);
    }
}
