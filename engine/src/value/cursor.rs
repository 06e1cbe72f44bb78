//! A read position in a cell's text, shared by the date and duration parsers.
//!
//! Only ASCII is ever consumed byte by byte; white space is Unicode white
//! space, skipped whole, and other characters are consumed whole, so the
//! position always stays on a `char` boundary.

/// A read position in a cell's text.
pub(super) struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `text`.
    pub(super) fn new(text: &'a str) -> Self {
        Cursor { text, pos: 0 }
    }

    /// The current position, to come back to with [`Cursor::reset`].
    pub(super) fn mark(&self) -> usize {
        self.pos
    }

    /// Goes back to a position given by [`Cursor::mark`].
    pub(super) fn reset(&mut self, mark: usize) {
        self.pos = mark;
    }

    /// Whether the whole text has been read.
    pub(super) fn at_end(&self) -> bool {
        self.pos == self.text.len()
    }

    /// The next byte, if any.
    pub(super) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Whether the next byte is an ASCII digit.
    pub(super) fn at_digit(&self) -> bool {
        self.peek().is_some_and(|b| b.is_ascii_digit())
    }

    /// Consumes `byte` if it is next (`byte` must be ASCII).
    pub(super) fn eat(&mut self, byte: u8) -> bool {
        debug_assert!(byte.is_ascii());
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Consumes the character `c` if it is next (any character, so the
    /// position stays on a `char` boundary).
    pub(super) fn eat_char(&mut self, c: char) -> bool {
        let found = self.text[self.pos..].starts_with(c);
        if found {
            self.pos += c.len_utf8();
        }
        found
    }

    /// Skips Unicode white space; tells whether there was any.
    pub(super) fn skip_space(&mut self) -> bool {
        let rest = &self.text[self.pos..];
        let skipped = rest.len() - rest.trim_start().len();
        self.pos += skipped;
        skipped > 0
    }

    /// A run of ASCII digits, possibly empty.
    pub(super) fn digits(&mut self) -> &'a str {
        let start = self.pos;
        while self.at_digit() {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    /// A run of ASCII letters, if any.
    pub(super) fn word(&mut self) -> Option<&'a [u8]> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.text.as_bytes()[start..self.pos])
    }
}
