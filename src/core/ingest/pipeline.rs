//! Reading and counting on two threads, where there are threads.
//!
//! Splitting a text file into cells and checking and counting its rows take
//! about as long as each other, so natively they run side by side: the
//! reading thread copies each row's cells into a batch, and a second thread
//! hands the batches' rows to the real sink, in order. The sink sees exactly
//! the calls it would have seen on one thread. (WebAssembly in the page has
//! one thread; it calls the sink directly.)

use std::borrow::Cow;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};

use super::columns::ColumnMap;
use super::{Cells, TableEnd, TableSink};

/// Rows per batch: big enough that the hand-over costs nothing, small
/// enough that a batch stays in cache.
const BATCH_ROWS: usize = 512;

/// Batches on their way at once; the reading thread waits beyond that, so
/// memory stays a few batches however fast it reads.
const BATCHES_IN_FLIGHT: usize = 4;

/// Rows' cells, copied out of the reader.
#[derive(Debug, Default)]
struct Batch {
    text: String,
    /// End of each cell in `text`.
    ends: Vec<usize>,
    /// Each row's line and the index of its last cell's end in `ends`, plus one.
    rows: Vec<(u64, usize)>,
}

impl Batch {
    /// Copies a row's cells in (at once where the row holds them back to
    /// back, else cell by cell); returns how many rows the batch has.
    fn push<C: Cells>(&mut self, line: u64, cells: &C) -> usize {
        let base = self.text.len();
        let first = self.ends.len();
        if let Some(text) = cells.packed(&mut self.ends) {
            self.text.push_str(text);
            for end in &mut self.ends[first..] {
                *end += base;
            }
        } else {
            for i in 0..cells.count() {
                self.text.push_str(&cells.cell(i));
                self.ends.push(self.text.len());
            }
        }
        self.rows.push((line, self.ends.len()));
        self.rows.len()
    }

    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.rows.clear();
    }
}

/// One row of a [`Batch`], as [`Cells`].
struct BatchRow<'a> {
    text: &'a str,
    /// Ends of this row's cells; the first starts at `start`.
    ends: &'a [usize],
    start: usize,
}

impl Cells for BatchRow<'_> {
    fn cell(&self, index: usize) -> Cow<'_, str> {
        let Some(&end) = self.ends.get(index) else {
            return Cow::Borrowed("");
        };
        let start = if index == 0 {
            self.start
        } else {
            self.ends[index - 1]
        };
        Cow::Borrowed(&self.text[start..end])
    }

    fn count(&self) -> usize {
        self.ends.len()
    }
}

enum Message {
    Header {
        line: u64,
        map: Box<ColumnMap>,
        rows_above: u64,
    },
    Rows(Batch),
    Rejected(u64, String),
    End(Box<TableEnd>),
}

/// The reading thread's side: a [`TableSink`] that sends what it receives.
pub struct Pipeline {
    batch: Batch,
    to_sink: SyncSender<Message>,
    spare: Receiver<Batch>,
    /// Set once the sink's thread has gone (only if it panicked).
    broken: bool,
}

impl Pipeline {
    fn send(&mut self, message: Message) {
        if !self.broken && self.to_sink.send(message).is_err() {
            self.broken = true;
        }
    }

    fn flush(&mut self) {
        if self.batch.rows.is_empty() {
            return;
        }
        let next = self.spare.try_recv().unwrap_or_default();
        let full = std::mem::replace(&mut self.batch, next);
        self.send(Message::Rows(full));
    }
}

impl TableSink for Pipeline {
    fn header(&mut self, line: u64, map: &ColumnMap, rows_above: u64) {
        self.flush();
        self.send(Message::Header {
            line,
            map: Box::new(map.clone()),
            rows_above,
        });
    }

    fn row<C: Cells>(&mut self, line: u64, cells: &C) {
        if self.batch.push(line, cells) == BATCH_ROWS {
            self.flush();
        }
    }

    fn rejected_row(&mut self, line: u64, reason: &str) {
        self.flush();
        self.send(Message::Rejected(line, reason.to_string()));
    }

    fn end(&mut self, end: &TableEnd) {
        self.flush();
        self.send(Message::End(Box::new(end.clone())));
    }
}

/// Passes rows on to `sink`: `rows` gives each row's line and the index
/// of its last cell's end in `ends`, plus one (in order, within `ends`);
/// `ends` the end of each cell in `text` (in order, on character
/// boundaries).
fn pass_rows<S: TableSink>(text: &str, ends: &[usize], rows: &[(u64, usize)], sink: &mut S) {
    let mut start_cell = 0;
    for &(line, end_cell) in rows {
        let start = if start_cell == 0 {
            0
        } else {
            ends[start_cell - 1]
        };
        let row = BatchRow {
            text,
            ends: &ends[start_cell..end_cell],
            start,
        };
        sink.row(line, &row);
        start_cell = end_cell;
    }
}

/// The sink's thread: passes every message on to `sink`, in order.
fn serve<S: TableSink>(sink: &mut S, messages: Receiver<Message>, spare: Sender<Batch>) {
    for message in messages {
        match message {
            Message::Header {
                line,
                map,
                rows_above,
            } => sink.header(line, &map, rows_above),
            Message::Rows(mut batch) => {
                pass_rows(&batch.text, &batch.ends, &batch.rows, sink);
                batch.clear();
                let _ = spare.send(batch);
            }
            Message::Rejected(line, reason) => sink.rejected_row(line, &reason),
            Message::End(end) => sink.end(&end),
        }
    }
}

/// Runs `read` on this thread with a [`Pipeline`] as its sink, while a
/// second thread passes everything on to `sink`. Returns what `read`
/// returns, once `sink` has received everything.
pub fn run<S, T>(sink: &mut S, read: impl FnOnce(&mut Pipeline) -> T) -> T
where
    S: TableSink + Send,
{
    let (to_sink, messages) = sync_channel(BATCHES_IN_FLIGHT);
    let (give_back, spare) = channel();
    std::thread::scope(|scope| {
        scope.spawn(move || serve(sink, messages, give_back));
        let mut pipeline = Pipeline {
            batch: Batch::default(),
            to_sink,
            spare,
            broken: false,
        };
        let result = read(&mut pipeline);
        pipeline.flush();
        // Dropping the sender ends the sink's thread; the scope waits for it.
        drop(pipeline);
        result
    })
}

/// Rows per message of the wire form: each message between workers has a
/// cost of its own, so they are larger than the threads' batches.
const WIRE_BATCH_ROWS: usize = 4096;

/// The kinds of wire message, in their first byte.
const WIRE_HEADER: u8 = 0;
const WIRE_ROWS: u8 = 1;
const WIRE_REJECTED: u8 = 2;
const WIRE_END: u8 = 3;

/// A [`TableSink`] whose calls become messages of bytes (the wire form),
/// for a reader that runs where the sink is not: the page's second worker
/// splits a file into cells while the first checks and counts the rows,
/// as the two threads do natively. [`deliver`] passes each message on to
/// the real sink; it sees exactly the calls it would have seen directly.
pub struct WireSink<F: FnMut(Vec<u8>)> {
    batch: Batch,
    send: F,
}

impl<F: FnMut(Vec<u8>)> WireSink<F> {
    /// A sink that hands each message to `send`, in order.
    pub fn new(send: F) -> Self {
        WireSink {
            batch: Batch::default(),
            send,
        }
    }

    /// Sends the rows not sent yet (the table's end sends them too).
    pub fn flush(&mut self) {
        if self.batch.rows.is_empty() {
            return;
        }
        let batch = &self.batch;
        let mut bytes =
            Vec::with_capacity(9 + batch.rows.len() * 12 + batch.ends.len() * 4 + batch.text.len());
        bytes.push(WIRE_ROWS);
        bytes.extend_from_slice(&(batch.rows.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&(batch.ends.len() as u32).to_le_bytes());
        for &(line, end_cell) in &batch.rows {
            bytes.extend_from_slice(&line.to_le_bytes());
            bytes.extend_from_slice(&(end_cell as u32).to_le_bytes());
        }
        for &end in &batch.ends {
            bytes.extend_from_slice(&(end as u32).to_le_bytes());
        }
        bytes.extend_from_slice(batch.text.as_bytes());
        self.batch.clear();
        (self.send)(bytes);
    }

    fn send_json<T: serde::Serialize>(&mut self, kind: u8, value: &T) {
        self.flush();
        let mut bytes = vec![kind];
        // The values are plain data (strings, numbers, enums): writing
        // them to a vector cannot fail.
        if serde_json::to_writer(&mut bytes, value).is_ok() {
            (self.send)(bytes);
        }
    }
}

impl<F: FnMut(Vec<u8>)> TableSink for WireSink<F> {
    fn header(&mut self, line: u64, map: &ColumnMap, rows_above: u64) {
        self.send_json(WIRE_HEADER, &(line, map, rows_above));
    }

    fn row<C: Cells>(&mut self, line: u64, cells: &C) {
        if self.batch.push(line, cells) == WIRE_BATCH_ROWS || self.batch.text.len() >= 1 << 20 {
            self.flush();
        }
    }

    fn rejected_row(&mut self, line: u64, reason: &str) {
        self.send_json(WIRE_REJECTED, &(line, reason));
    }

    fn end(&mut self, end: &TableEnd) {
        self.send_json(WIRE_END, end);
    }
}

/// Bytes that are not a message of the wire form (a bug, as both ends are
/// this crate).
#[derive(Debug, PartialEq, Eq)]
pub struct WireError;

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a reading message that does not decode")
    }
}

/// Little-endian numbers from the front of a byte slice.
struct WireBytes<'a>(&'a [u8]);

impl<'a> WireBytes<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        if self.0.len() < n {
            return Err(WireError);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, WireError> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn u64(&mut self) -> Result<u64, WireError> {
        let low = u64::from(self.u32()?);
        let high = u64::from(self.u32()?);
        Ok(low | high << 32)
    }
}

/// Passes one message of the wire form ([`WireSink`]) on to `sink`.
pub fn deliver<S: TableSink>(message: &[u8], sink: &mut S) -> Result<(), WireError> {
    let (&kind, body) = message.split_first().ok_or(WireError)?;
    match kind {
        WIRE_ROWS => deliver_rows(body, sink),
        WIRE_HEADER => {
            let (line, map, rows_above): (u64, ColumnMap, u64) =
                serde_json::from_slice(body).map_err(|_| WireError)?;
            sink.header(line, &map, rows_above);
            Ok(())
        }
        WIRE_REJECTED => {
            let (line, reason): (u64, String) =
                serde_json::from_slice(body).map_err(|_| WireError)?;
            sink.rejected_row(line, &reason);
            Ok(())
        }
        WIRE_END => {
            let end: TableEnd = serde_json::from_slice(body).map_err(|_| WireError)?;
            sink.end(&end);
            Ok(())
        }
        _ => Err(WireError),
    }
}

fn deliver_rows<S: TableSink>(body: &[u8], sink: &mut S) -> Result<(), WireError> {
    let mut bytes = WireBytes(body);
    let rows = bytes.u32()? as usize;
    let cells = bytes.u32()? as usize;
    let mut lines = Vec::with_capacity(rows.min(body.len() / 12));
    for _ in 0..rows {
        lines.push((bytes.u64()?, bytes.u32()? as usize));
    }
    let mut ends = Vec::with_capacity(cells.min(body.len() / 4));
    for _ in 0..cells {
        ends.push(bytes.u32()? as usize);
    }
    let text = std::str::from_utf8(bytes.0).map_err(|_| WireError)?;
    // Every cell and row must lie in the text, on character boundaries,
    // in order: checked here, so that passing the rows on cannot slice
    // out of bounds.
    let mut last = 0;
    for &end in &ends {
        if end < last || !text.is_char_boundary(end) {
            return Err(WireError);
        }
        last = end;
    }
    let mut last = 0;
    for &(_, end_cell) in &lines {
        if end_cell < last || end_cell > ends.len() {
            return Err(WireError);
        }
        last = end_cell;
    }
    pass_rows(text, &ends, &lines, sink);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records every call, as text.
    #[derive(Default)]
    struct Log(Vec<String>);

    impl TableSink for Log {
        fn header(&mut self, line: u64, map: &ColumnMap, rows_above: u64) {
            self.0
                .push(format!("header {line} {:?} {rows_above}", map.header));
        }

        fn row<C: Cells>(&mut self, line: u64, cells: &C) {
            let cells: Vec<String> = (0..cells.count()).map(|i| cells.cell(i).into()).collect();
            self.0.push(format!("row {line} {cells:?}"));
        }

        fn rejected_row(&mut self, line: u64, reason: &str) {
            self.0.push(format!("rejected {line} {reason}"));
        }

        fn end(&mut self, end: &TableEnd) {
            self.0.push(format!("end {end:?}"));
        }
    }

    struct Row<'a>(&'a [&'a str]);

    impl Cells for Row<'_> {
        fn cell(&self, index: usize) -> Cow<'_, str> {
            Cow::Borrowed(self.0.get(index).copied().unwrap_or(""))
        }
        fn count(&self) -> usize {
            self.0.len()
        }
    }

    fn feed<S: TableSink>(sink: &mut S, rows: usize) {
        sink.header(1, &ColumnMap::from_header(&["Date", "Site"], &[]), 0);
        for i in 0..rows {
            let n = i.to_string();
            let cells: Vec<&str> = match i % 3 {
                0 => vec![&n, "", "é, \"x\""],
                1 => vec![],
                _ => vec![&n],
            };
            sink.row(i as u64 + 2, &Row(&cells));
            if i % 100 == 7 {
                sink.rejected_row(i as u64 + 2, "bad checkbox");
            }
        }
        let mut end = TableEnd::default();
        end.skipped.blank = 7;
        sink.end(&end);
    }

    #[test]
    fn the_sink_sees_the_same_calls_as_on_one_thread() {
        for rows in [0, 1, BATCH_ROWS - 1, BATCH_ROWS, 3 * BATCH_ROWS + 5] {
            let mut direct = Log::default();
            feed(&mut direct, rows);
            let mut piped = Log::default();
            run(&mut piped, |p| feed(p, rows));
            assert_eq!(piped.0, direct.0, "{rows} rows");
        }
    }

    #[test]
    fn the_wire_form_gives_the_sink_the_same_calls() {
        for rows in [
            0,
            1,
            WIRE_BATCH_ROWS - 1,
            WIRE_BATCH_ROWS,
            2 * WIRE_BATCH_ROWS + 5,
        ] {
            let mut direct = Log::default();
            feed(&mut direct, rows);
            let mut messages = Vec::new();
            let mut wire = WireSink::new(|bytes| messages.push(bytes));
            feed(&mut wire, rows);
            wire.flush();
            let mut received = Log::default();
            for message in &messages {
                deliver(message, &mut received).expect("decodes");
            }
            assert_eq!(received.0, direct.0, "{rows} rows");
        }
    }

    #[test]
    fn bytes_that_are_not_a_message_are_refused_not_read() {
        let mut messages = Vec::new();
        let mut wire = WireSink::new(|bytes| messages.push(bytes));
        feed(&mut wire, 10);
        let rows = messages
            .iter()
            .find(|m| m[0] == WIRE_ROWS)
            .expect("a rows message")
            .clone();
        let mut sink = Log::default();
        for cut in [0, 1, 5, 9, 20, rows.len() - 1] {
            assert_eq!(
                deliver(&rows[..cut], &mut sink),
                Err(WireError),
                "cut at {cut}"
            );
        }
        assert_eq!(deliver(&[9, 1, 2], &mut sink), Err(WireError));
        assert_eq!(deliver(&[WIRE_END, b'{'], &mut sink), Err(WireError));
    }
}
