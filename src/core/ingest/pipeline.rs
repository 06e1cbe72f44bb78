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
        let batch = &mut self.batch;
        for i in 0..cells.count() {
            batch.text.push_str(&cells.cell(i));
            batch.ends.push(batch.text.len());
        }
        batch.rows.push((line, batch.ends.len()));
        if batch.rows.len() == BATCH_ROWS {
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
                let mut start_cell = 0;
                for &(line, end_cell) in &batch.rows {
                    let start = if start_cell == 0 {
                        0
                    } else {
                        batch.ends[start_cell - 1]
                    };
                    let row = BatchRow {
                        text: &batch.text,
                        ends: &batch.ends[start_cell..end_cell],
                        start,
                    };
                    sink.row(line, &row);
                    start_cell = end_cell;
                }
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
}
