//! Reading and counting on two threads, where there are threads.
//!
//! Splitting a text file into cells and checking and counting its rows take
//! about as long as each other, so natively they run side by side: the
//! reading thread copies each row's cells into a batch, and a second thread
//! hands the batches' rows to the real sink, in order. The sink sees exactly
//! the calls it would have seen on one thread. (WebAssembly in the page has
//! one thread; it calls the sink directly.)
//!
//! Where a name column runs into thousands of distinct texts, the sink's
//! look-ups of them miss the cache on every row, while the reading side
//! waits. The reading side then numbers that column's texts
//! ([`Cells::number`]): it finds each cell among the texts it has seen (the
//! look-up moves to the side with time to spare), and the sink finds what
//! it made of a text by its number in a plain array.

use std::borrow::Cow;
use std::hash::BuildHasher;
#[cfg(not(target_arch = "wasm32"))]
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};

use super::columns::{ColumnMap, Field};
use super::{Cells, TableEnd, TableSink};
use crate::value::same_text;

#[cfg(not(target_arch = "wasm32"))]
/// Rows per batch: big enough that the hand-over costs nothing, small
/// enough that a batch stays in cache.
const BATCH_ROWS: usize = 512;

#[cfg(not(target_arch = "wasm32"))]
/// Batches on their way at once; the reading thread waits beyond that, so
/// memory stays a few batches however fast it reads.
const BATCHES_IN_FLIGHT: usize = 4;

/// Rows a reader sees before it decides which columns to number.
const SAMPLE_ROWS: u64 = 4096;

/// Distinct texts in a column's first [`SAMPLE_ROWS`] rows from which it
/// is numbered. Below that the sink's tables of them stay in the cache,
/// and numbering would only add work to the reading side (on a log of 16
/// sites and 50 mentees no column is numbered).
const NUMBERED_FROM: usize = 1024;

/// Most texts numbered in one column: a later new text crosses without a
/// number (and the sink looks it up). Every number is below this.
pub(crate) const MOST_NUMBERED: usize = 1 << 17;

/// The fields whose columns may be numbered: names, which repeat all
/// through a log. (A session value names one contact, so it repeats a few
/// times at most; labels and dates have a few hundred texts at most.)
const NUMBERED_FIELDS: [Field; 3] = [Field::Site, Field::Mentor, Field::Mentee];

/// The distinct texts of one column, numbered in the order they came.
#[derive(Debug)]
struct ColumnTexts {
    column: usize,
    /// The texts, back to back.
    text: String,
    /// How many texts are numbered.
    count: usize,
    /// Each text's place in `text` and its number, found by the text's
    /// hash. The place is in the entry, so that finding a cell's number
    /// reads the table and the text, not a third array in between: on a
    /// log of thousands of names each is a cache miss.
    by_text: hashbrown::HashTable<NumberedText>,
}

/// A numbered text: where it is in [`ColumnTexts::text`], and its number.
#[derive(Clone, Copy, Debug)]
struct NumberedText {
    start: u32,
    len: u32,
    number: u32,
}

impl NumberedText {
    fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..(self.start + self.len) as usize]
    }
}

impl ColumnTexts {
    fn new(column: usize) -> Self {
        ColumnTexts {
            column,
            text: String::new(),
            count: 0,
            by_text: hashbrown::HashTable::new(),
        }
    }

    /// The number of `cell`'s text, new or known; `None` for a new text
    /// once [`MOST_NUMBERED`] are numbered (or their text would pass 4 GB).
    fn number(&mut self, cell: &str, hasher: &foldhash::fast::FixedState) -> Option<u32> {
        let hash = hasher.hash_one(cell);
        let ColumnTexts {
            text,
            count,
            by_text,
            ..
        } = self;
        if let Some(known) = by_text.find(hash, |known| same_text(known.text(text), cell)) {
            return Some(known.number);
        }
        let start = u32::try_from(text.len()).ok()?;
        let len = u32::try_from(cell.len()).ok()?;
        start.checked_add(len)?;
        if *count >= MOST_NUMBERED {
            return None;
        }
        let number = *count as u32;
        text.push_str(cell);
        *count += 1;
        let new = NumberedText { start, len, number };
        by_text.insert_unique(hash, new, |known| hasher.hash_one(known.text(text)));
        Some(number)
    }
}

/// The reading side's numbering of one table's name columns: every
/// candidate column's texts for the first [`SAMPLE_ROWS`] rows, then only
/// those of the columns with many.
#[derive(Debug, Default)]
struct Numbering {
    /// The columns being sampled, or numbered once `decided`.
    columns: Vec<ColumnTexts>,
    rows: u64,
    decided: bool,
    hasher: foldhash::fast::FixedState,
}

impl Numbering {
    /// Starts numbering a table with this header.
    fn new(map: &ColumnMap) -> Self {
        let mut columns: Vec<ColumnTexts> = NUMBERED_FIELDS
            .iter()
            .filter_map(|&field| map.column(field))
            .map(ColumnTexts::new)
            .collect();
        columns.dedup_by_key(|c| c.column);
        Numbering {
            columns,
            ..Numbering::default()
        }
    }

    /// Samples a row, before the decision.
    fn sample<C: Cells>(&mut self, cells: &C) {
        if self.decided || self.rows >= SAMPLE_ROWS {
            return;
        }
        self.rows += 1;
        for column in &mut self.columns {
            if column.column < cells.count() {
                column.number(&cells.cell(column.column), &self.hasher);
            }
        }
    }

    /// Once the sample is in: keeps numbering the columns with many texts
    /// (their numbers so far stand), frees the others.
    fn decide(&mut self) {
        if self.decided || self.rows < SAMPLE_ROWS {
            return;
        }
        self.decided = true;
        self.columns.retain(|c| c.count >= NUMBERED_FROM);
    }

    /// The columns numbered from now on.
    fn numbered(&self) -> impl Iterator<Item = usize> + '_ {
        let numbered = if self.decided { &self.columns[..] } else { &[] };
        numbered.iter().map(|c| c.column)
    }

    /// Each numbered cell's number ([`NOT_NUMBERED`] for none) pushed onto `numbers`.
    fn push_numbers<C: Cells>(&mut self, cells: &C, numbers: &mut Vec<u32>) {
        for column in &mut self.columns {
            let number = if column.column < cells.count() {
                column.number(&cells.cell(column.column), &self.hasher)
            } else {
                None
            };
            numbers.push(number.unwrap_or(NOT_NUMBERED));
        }
    }
}

/// A numbered column's cell that crossed without a number.
const NOT_NUMBERED: u32 = u32::MAX;

/// Rows' cells, copied out of the reader.
#[derive(Debug, Default)]
struct Batch {
    text: String,
    /// End of each cell in `text`.
    ends: Vec<usize>,
    /// Each row's line and the index of its last cell's end in `ends`, plus one.
    rows: Vec<(u64, usize)>,
    /// The columns numbered in this batch, in the order of `numbers`.
    numbered: Vec<usize>,
    /// Each row's numbers of its numbered cells, one per numbered column
    /// ([`NOT_NUMBERED`] where none).
    numbers: Vec<u32>,
}

impl Batch {
    /// Copies a row's cells in (at once where the row holds them back to
    /// back, else cell by cell), numbering them as `numbering` does;
    /// returns how many rows the batch has.
    fn push<C: Cells>(&mut self, line: u64, cells: &C, numbering: &mut Numbering) -> usize {
        if self.numbered.is_empty() {
            numbering.sample(cells);
        } else {
            numbering.push_numbers(cells, &mut self.numbers);
        }
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
        self.numbered.clear();
        self.numbers.clear();
    }

    /// Starts an empty batch, numbering the columns `numbering` numbers
    /// now: every row of a batch has a number for each, or none has.
    fn start(&mut self, numbering: &mut Numbering) {
        numbering.decide();
        self.numbered.clear();
        self.numbered.extend(numbering.numbered());
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn crossed(&self) -> Crossed<'_> {
        Crossed {
            text: &self.text,
            ends: &self.ends,
            rows: &self.rows,
            numbered: &self.numbered,
            numbers: &self.numbers,
        }
    }
}

/// One row of a [`Batch`], as [`Cells`].
struct BatchRow<'a> {
    text: &'a str,
    /// Ends of this row's cells; the first starts at `start`.
    ends: &'a [usize],
    start: usize,
    /// The numbered columns and this row's numbers of them.
    numbered: &'a [usize],
    numbers: &'a [u32],
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

    fn number(&self, index: usize) -> Option<u32> {
        let at = self.numbered.iter().position(|&c| c == index)?;
        self.numbers.get(at).copied().filter(|&n| n != NOT_NUMBERED)
    }
}

#[cfg(not(target_arch = "wasm32"))]
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

#[cfg(not(target_arch = "wasm32"))]
/// The reading thread's side: a [`TableSink`] that sends what it receives.
pub(crate) struct Pipeline {
    batch: Batch,
    numbering: Numbering,
    to_sink: SyncSender<Message>,
    spare: Receiver<Batch>,
    /// Set once the sink's thread has gone (only if it panicked).
    broken: bool,
}

#[cfg(not(target_arch = "wasm32"))]
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
        self.batch.start(&mut self.numbering);
        self.send(Message::Rows(full));
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl TableSink for Pipeline {
    fn header(&mut self, line: u64, map: &ColumnMap, rows_above: u64) {
        self.flush();
        self.numbering = Numbering::new(map);
        self.batch.start(&mut self.numbering);
        self.send(Message::Header {
            line,
            map: Box::new(map.clone()),
            rows_above,
        });
    }

    fn row<C: Cells>(&mut self, line: u64, cells: &C) {
        if self.batch.push(line, cells, &mut self.numbering) == BATCH_ROWS {
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

/// Rows as they cross: `rows` gives each row's line and the index of its
/// last cell's end in `ends`, plus one (in order, within `ends`); `ends`
/// the end of each cell in `text` (in order, on character boundaries);
/// `numbers` each row's numbers of the `numbered` columns, row after row
/// (`rows.len() * numbered.len()` of them).
struct Crossed<'a> {
    text: &'a str,
    ends: &'a [usize],
    rows: &'a [(u64, usize)],
    numbered: &'a [usize],
    numbers: &'a [u32],
}

/// Passes rows on to `sink`.
fn pass_rows<S: TableSink>(crossed: Crossed<'_>, sink: &mut S) {
    let Crossed {
        text,
        ends,
        rows,
        numbered,
        numbers,
    } = crossed;
    let mut start_cell = 0;
    let per_row = numbered.len();
    for (i, &(line, end_cell)) in rows.iter().enumerate() {
        let start = if start_cell == 0 {
            0
        } else {
            ends[start_cell - 1]
        };
        let row = BatchRow {
            text,
            ends: &ends[start_cell..end_cell],
            start,
            numbered,
            numbers: &numbers[i * per_row..(i + 1) * per_row],
        };
        sink.row(line, &row);
        start_cell = end_cell;
    }
}

#[cfg(not(target_arch = "wasm32"))]
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
                pass_rows(batch.crossed(), sink);
                batch.clear();
                let _ = spare.send(batch);
            }
            Message::Rejected(line, reason) => sink.rejected_row(line, &reason),
            Message::End(end) => sink.end(&end),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// Runs `read` on this thread with a [`Pipeline`] as its sink, while a
/// second thread passes everything on to `sink`. Returns what `read`
/// returns, once `sink` has received everything.
pub(crate) fn run<S, T>(sink: &mut S, read: impl FnOnce(&mut Pipeline) -> T) -> T
where
    S: TableSink + Send,
{
    let (to_sink, messages) = sync_channel(BATCHES_IN_FLIGHT);
    let (give_back, spare) = channel();
    std::thread::scope(|scope| {
        scope.spawn(move || serve(sink, messages, give_back));
        let mut pipeline = Pipeline {
            batch: Batch::default(),
            numbering: Numbering::default(),
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

/// A `TableSink` whose calls become messages of bytes (the wire form),
/// for a reader that runs where the sink is not: the page's second worker
/// splits a file into cells while the first checks and counts the rows,
/// as the two threads do natively. [`deliver`] passes each message on to
/// the real sink; it sees exactly the calls it would have seen directly.
pub struct WireSink<F: FnMut(Vec<u8>)> {
    batch: Batch,
    numbering: Numbering,
    send: F,
}

impl<F: FnMut(Vec<u8>)> WireSink<F> {
    /// A sink that hands each message to `send`, in order.
    pub fn new(send: F) -> Self {
        WireSink {
            batch: Batch::default(),
            numbering: Numbering::default(),
            send,
        }
    }

    /// Sends the rows not sent yet (the table's end sends them too).
    pub fn flush(&mut self) {
        if self.batch.rows.is_empty() {
            return;
        }
        let batch = &self.batch;
        let mut bytes = Vec::with_capacity(
            13 + batch.rows.len() * 12
                + (batch.ends.len() + batch.numbered.len() + batch.numbers.len()) * 4
                + batch.text.len(),
        );
        bytes.push(WIRE_ROWS);
        bytes.extend_from_slice(&(batch.rows.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&(batch.ends.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&(batch.numbered.len() as u32).to_le_bytes());
        for &(line, end_cell) in &batch.rows {
            bytes.extend_from_slice(&line.to_le_bytes());
            bytes.extend_from_slice(&(end_cell as u32).to_le_bytes());
        }
        for &end in &batch.ends {
            bytes.extend_from_slice(&(end as u32).to_le_bytes());
        }
        for &column in &batch.numbered {
            bytes.extend_from_slice(&(column as u32).to_le_bytes());
        }
        for &number in &batch.numbers {
            bytes.extend_from_slice(&number.to_le_bytes());
        }
        bytes.extend_from_slice(batch.text.as_bytes());
        self.batch.clear();
        self.batch.start(&mut self.numbering);
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
        self.numbering = Numbering::new(map);
        self.batch.start(&mut self.numbering);
    }

    fn row<C: Cells>(&mut self, line: u64, cells: &C) {
        let rows = self.batch.push(line, cells, &mut self.numbering);
        if rows == WIRE_BATCH_ROWS || self.batch.text.len() >= 1 << 20 {
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
    let numbered_columns = bytes.u32()? as usize;
    let mut lines = Vec::with_capacity(rows.min(body.len() / 12));
    for _ in 0..rows {
        lines.push((bytes.u64()?, bytes.u32()? as usize));
    }
    let mut ends = Vec::with_capacity(cells.min(body.len() / 4));
    for _ in 0..cells {
        ends.push(bytes.u32()? as usize);
    }
    let mut numbered = Vec::with_capacity(numbered_columns.min(body.len() / 4));
    for _ in 0..numbered_columns {
        numbered.push(bytes.u32()? as usize);
    }
    // A number for each row and numbered column, each below the most.
    let count = rows.checked_mul(numbered.len()).ok_or(WireError)?;
    let mut numbers = Vec::with_capacity(count.min(body.len() / 4));
    for _ in 0..count {
        let number = bytes.u32()?;
        if number != NOT_NUMBERED && number as usize >= MOST_NUMBERED {
            return Err(WireError);
        }
        numbers.push(number);
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
    let crossed = Crossed {
        text,
        ends: &ends,
        rows: &lines,
        numbered: &numbered,
        numbers: &numbers,
    };
    pass_rows(crossed, sink);
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

    /// Records each row's cells and the numbers of its numbered cells.
    #[derive(Default)]
    struct Numbers {
        rows: Vec<Vec<String>>,
        numbers: Vec<Vec<Option<u32>>>,
    }

    impl TableSink for Numbers {
        fn header(&mut self, _: u64, _: &ColumnMap, _: u64) {}
        fn row<C: Cells>(&mut self, _: u64, cells: &C) {
            self.rows
                .push((0..cells.count()).map(|i| cells.cell(i).into()).collect());
            self.numbers
                .push((0..cells.count()).map(|i| cells.number(i)).collect());
        }
        fn rejected_row(&mut self, _: u64, _: &str) {}
        fn end(&mut self, _: &TableEnd) {}
    }

    /// A log of `sites` sites (every fifth row also naming one of 30
    /// mentors), the site cell sometimes missing; `rows` rows.
    fn feed_names<S: TableSink>(sink: &mut S, rows: usize, sites: usize) {
        let header = ["Date", "Site", "Mentor", "Mode"];
        sink.header(1, &ColumnMap::from_header(&header, &[]), 0);
        for i in 0..rows {
            // Sites come back at random, as in a pooled log.
            let site = format!("Site {}", (i * 7919 + i / 3) % sites);
            let mentor = format!("Mentor {}", i % 30);
            let cells: Vec<&str> = match i % 97 {
                0 => vec!["2024-01-02"],
                _ => vec!["2024-01-02", &site, &mentor, "Phone"],
            };
            sink.row(i as u64 + 2, &Row(&cells));
        }
        sink.end(&TableEnd::default());
    }

    /// The numbers the sink saw: each numbered cell's (column, number) and
    /// text; every number of a column stands for one text, and one text has
    /// one number.
    fn check_numbers(seen: &Numbers) -> Vec<usize> {
        let mut texts: std::collections::HashMap<(usize, u32), &str> = Default::default();
        let mut numbers: std::collections::HashMap<(usize, &str), u32> = Default::default();
        let mut numbered = Vec::new();
        for (cells, row_numbers) in seen.rows.iter().zip(&seen.numbers) {
            for (column, number) in row_numbers.iter().enumerate() {
                let Some(number) = *number else { continue };
                let text = cells[column].as_str();
                assert_eq!(*texts.entry((column, number)).or_insert(text), text);
                assert_eq!(*numbers.entry((column, text)).or_insert(number), number);
                if !numbered.contains(&column) {
                    numbered.push(column);
                }
            }
        }
        numbered
    }

    #[test]
    fn names_running_into_thousands_cross_numbered_and_others_do_not() {
        let rows = SAMPLE_ROWS as usize * 3 + 17;
        for (sites, numbered) in [(5000, vec![1]), (NUMBERED_FROM - 1, vec![]), (16, vec![])] {
            let mut direct = Numbers::default();
            feed_names(&mut direct, rows, sites);
            assert!(direct.numbers.iter().flatten().all(Option::is_none));

            let mut piped = Numbers::default();
            run(&mut piped, |p| feed_names(p, rows, sites));
            assert_eq!(piped.rows, direct.rows, "{sites} sites");
            assert_eq!(check_numbers(&piped), numbered, "{sites} sites, threads");

            let mut messages = Vec::new();
            let mut wire = WireSink::new(|bytes| messages.push(bytes));
            feed_names(&mut wire, rows, sites);
            let mut received = Numbers::default();
            for message in &messages {
                deliver(message, &mut received).expect("decodes");
            }
            assert_eq!(received.rows, direct.rows, "{sites} sites");
            assert_eq!(check_numbers(&received), numbered, "{sites} sites, wire");
            // The rows of the sample are not numbered; every later row is.
            let site_number = |n: &Vec<Option<u32>>| n.get(1).copied().flatten();
            let first = received
                .numbers
                .iter()
                .position(|n| site_number(n).is_some());
            if numbered.is_empty() {
                assert_eq!(first, None);
            } else {
                let first = first.expect("numbered rows");
                assert!(first >= SAMPLE_ROWS as usize, "{first}");
                assert!(received.numbers[first..]
                    .iter()
                    .zip(&received.rows[first..])
                    .all(|(n, cells)| site_number(n).is_some() == (cells.len() > 1)));
            }
        }
    }

    #[test]
    fn a_number_past_the_most_is_refused() {
        let mut messages = Vec::new();
        let mut wire = WireSink::new(|bytes| messages.push(bytes));
        feed_names(&mut wire, SAMPLE_ROWS as usize * 2, 5000);
        let numbered = messages
            .iter()
            .filter(|m| m[0] == WIRE_ROWS)
            .find(|m| u32::from_le_bytes([m[9], m[10], m[11], m[12]]) == 1)
            .expect("a message with a numbered column")
            .clone();
        let rows =
            u32::from_le_bytes([numbered[1], numbered[2], numbered[3], numbered[4]]) as usize;
        let cells =
            u32::from_le_bytes([numbered[5], numbered[6], numbered[7], numbered[8]]) as usize;
        // The first row's number, after the rows, the cells' ends and the column.
        let at = 13 + rows * 12 + cells * 4 + 4;
        let mut bad = numbered.clone();
        bad[at..at + 4].copy_from_slice(&(MOST_NUMBERED as u32).to_le_bytes());
        let mut sink = Numbers::default();
        assert_eq!(deliver(&bad, &mut sink), Err(WireError));
        assert!(deliver(&numbered, &mut sink).is_ok());
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
