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

use super::{Cells, TableSink};
use crate::core::error::FileErrorKind;

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
        header: Vec<String>,
        rows_above: u64,
    },
    Rows(Batch),
    BlankRows(u64),
}

/// The reading thread's side: a [`TableSink`] that sends what it receives.
pub struct Pipeline {
    batch: Batch,
    to_sink: SyncSender<Message>,
    header_answers: Receiver<Result<(), FileErrorKind>>,
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
    fn header(&mut self, line: u64, header: &[&str], rows_above: u64) -> Result<(), FileErrorKind> {
        self.flush();
        self.send(Message::Header {
            line,
            header: header.iter().map(|h| h.to_string()).collect(),
            rows_above,
        });
        self.header_answers
            .recv()
            .unwrap_or_else(|_| Err(FileErrorKind::Io(std::io::Error::other("reading stopped"))))
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

    fn blank_rows(&mut self, count: u64) {
        self.flush();
        self.send(Message::BlankRows(count));
    }
}

/// The sink's thread: passes every message on to `sink`, in order.
fn serve<S: TableSink>(
    sink: &mut S,
    messages: Receiver<Message>,
    header_answers: Sender<Result<(), FileErrorKind>>,
    spare: Sender<Batch>,
) {
    for message in messages {
        match message {
            Message::Header {
                line,
                header,
                rows_above,
            } => {
                let header: Vec<&str> = header.iter().map(String::as_str).collect();
                // The reader waits for this answer; if it has gone, so will we.
                let _ = header_answers.send(sink.header(line, &header, rows_above));
            }
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
            Message::BlankRows(count) => sink.blank_rows(count),
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
    let (answer, header_answers) = channel();
    let (give_back, spare) = channel();
    std::thread::scope(|scope| {
        scope.spawn(move || serve(sink, messages, answer, give_back));
        let mut pipeline = Pipeline {
            batch: Batch::default(),
            to_sink,
            header_answers,
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
        fn header(
            &mut self,
            line: u64,
            header: &[&str],
            rows_above: u64,
        ) -> Result<(), FileErrorKind> {
            self.0
                .push(format!("header {line} {header:?} {rows_above}"));
            if header.first() == Some(&"bad") {
                return Err(FileErrorKind::Empty);
            }
            Ok(())
        }

        fn row<C: Cells>(&mut self, line: u64, cells: &C) {
            let cells: Vec<String> = (0..cells.count()).map(|i| cells.cell(i).into()).collect();
            self.0.push(format!("row {line} {cells:?}"));
        }

        fn blank_rows(&mut self, count: u64) {
            self.0.push(format!("blank {count}"));
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

    fn feed<S: TableSink>(sink: &mut S, rows: usize) -> Result<(), FileErrorKind> {
        sink.header(1, &["Date", "Site"], 0)?;
        for i in 0..rows {
            let n = i.to_string();
            let cells: Vec<&str> = match i % 3 {
                0 => vec![&n, "", "é, \"x\""],
                1 => vec![],
                _ => vec![&n],
            };
            sink.row(i as u64 + 2, &Row(&cells));
        }
        sink.blank_rows(7);
        Ok(())
    }

    #[test]
    fn the_sink_sees_the_same_calls_as_on_one_thread() {
        for rows in [0, 1, BATCH_ROWS - 1, BATCH_ROWS, 3 * BATCH_ROWS + 5] {
            let mut direct = Log::default();
            feed(&mut direct, rows).expect("header accepted");
            let mut piped = Log::default();
            run(&mut piped, |p| feed(p, rows)).expect("header accepted");
            assert_eq!(piped.0, direct.0, "{rows} rows");
        }
    }

    #[test]
    fn a_header_error_reaches_the_reader() {
        let mut piped = Log::default();
        let result = run(&mut piped, |p| p.header(3, &["bad"], 2));
        assert!(matches!(result, Err(FileErrorKind::Empty)));
        assert_eq!(piped.0, vec![r#"header 3 ["bad"] 2"#.to_string()]);
    }
}
