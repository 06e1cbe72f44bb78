//! A file's fingerprint, taken as it is read: a file given twice (the
//! same bytes under two names) is then read once.
//!
//! The bytes are hashed (XXH3, 128 bits) in the order they are first read
//! from the start; a reader that jumps about (a workbook's zip directory)
//! leaves gaps, which [`Fingerprint::finish`] reads at the end. A text
//! file, read straight through, is never read twice for it.

use std::io::{Read, Seek, SeekFrom};

use xxhash_rust::xxh3::Xxh3;

/// A reader that hashes what passes through it.
pub struct Fingerprint<R> {
    inner: R,
    /// Where the next read starts.
    position: u64,
    /// Bytes hashed so far, all from the start.
    hashed: u64,
    hasher: Xxh3,
}

impl<R> std::fmt::Debug for Fingerprint<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Fingerprint({} bytes hashed)", self.hashed)
    }
}

impl<R: Read + Seek> Fingerprint<R> {
    /// Hashes what is read from `inner`, which must be at its start.
    pub fn new(inner: R) -> Self {
        Fingerprint {
            inner,
            position: 0,
            hashed: 0,
            hasher: Xxh3::new(),
        }
    }

    /// Hashes the bytes not read yet and returns the fingerprint: the
    /// 128-bit hash and the length.
    pub fn finish(&mut self) -> std::io::Result<(u128, u64)> {
        self.seek(SeekFrom::Start(self.hashed))?;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match self.read(&mut buf) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok((self.hasher.digest128(), self.hashed))
    }
}

impl<R: Read> Read for Fingerprint<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let end = self.position + n as u64;
        if self.position <= self.hashed && self.hashed < end {
            let from = (self.hashed - self.position) as usize;
            self.hasher.update(&buf[from..n]);
            self.hashed = end;
        }
        self.position = end;
        Ok(n)
    }
}

impl<R: Seek> Seek for Fingerprint<R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.position = self.inner.seek(to)?;
        Ok(self.position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn whole(bytes: &[u8]) -> u128 {
        xxhash_rust::xxh3::xxh3_128(bytes)
    }

    #[test]
    fn a_straight_read_hashes_every_byte_once() {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut reader = Fingerprint::new(Cursor::new(bytes.clone()));
        let mut sink = Vec::new();
        reader.read_to_end(&mut sink).expect("reads");
        assert_eq!(reader.finish().expect("finishes"), (whole(&bytes), 200_000));
    }

    #[test]
    fn jumps_and_rereads_give_the_same_fingerprint() {
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 256) as u8).collect();
        let mut reader = Fingerprint::new(Cursor::new(bytes.clone()));
        let mut buf = [0u8; 100];
        reader.seek(SeekFrom::End(-100)).expect("seeks");
        reader.read_exact(&mut buf).expect("reads the end");
        reader.seek(SeekFrom::Start(0)).expect("seeks");
        reader.read_exact(&mut buf).expect("reads the start");
        reader.seek(SeekFrom::Start(50)).expect("seeks");
        reader.read_exact(&mut buf).expect("reads an overlap");
        reader.seek(SeekFrom::Start(5000)).expect("seeks");
        reader.read_exact(&mut buf).expect("reads a gap");
        assert_eq!(reader.finish().expect("finishes"), (whole(&bytes), 10_000));
    }

    #[test]
    fn different_bytes_of_one_length_differ() {
        let a = b"Date,Site,Mode\n14/03/2018,Oakhurst,Phone\n";
        let b = b"Date,Site,Mode\n14/03/2018,Oakhurst,Email\n";
        let print = |bytes: &[u8]| {
            Fingerprint::new(Cursor::new(bytes.to_vec()))
                .finish()
                .expect("reads")
        };
        assert_ne!(print(a), print(b));
        assert_eq!(print(a), print(a));
    }
}
