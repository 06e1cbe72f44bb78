//! Hostile and broken files: each gives the exact outcome asserted here, a
//! clear error or a correct report; never a panic, a hang or a wrong number.

use std::io::Cursor;

use mentoring_stats_engine::{Analysis, FileError, FileErrorKind, ReadOptions, Report, Settings};

fn read(name: &str, bytes: Vec<u8>) -> Result<Report, FileError> {
    let mut analysis = Analysis::new(Settings::default());
    analysis.add_file(name, Cursor::new(bytes), &ReadOptions::default())?;
    Ok(analysis.report())
}

fn error(name: &str, bytes: Vec<u8>) -> FileError {
    match read(name, bytes) {
        Ok(report) => panic!(
            "{name}: expected an error, got a report of {} rows",
            report.input.rows_read
        ),
        Err(e) => e,
    }
}

const GOOD: &str = "Date,Site,Mode,Duration,Mentee\n2019-01-10,Oakhurst,Phone,30,Ann\n";

#[test]
fn an_empty_file_holds_no_records() {
    let e = error("empty.csv", Vec::new());
    assert!(matches!(e.kind, FileErrorKind::Empty));
    assert_eq!(e.to_string().split(':').next(), Some("empty.csv"));
    assert!(e.to_string().contains("holds no records"), "{e}");
}

#[test]
fn a_bom_alone_holds_no_records() {
    assert!(matches!(
        error("bom.csv", b"\xEF\xBB\xBF".to_vec()).kind,
        FileErrorKind::Empty
    ));
}

#[test]
fn a_header_alone_is_a_report_of_nothing() {
    let r = read("header.csv", b"Date,Site,Mode\r\n".to_vec()).expect("readable");
    assert_eq!((r.input.rows_read, r.input.rows_used), (0, 0));
    assert!(r.sites.is_empty());
    assert_eq!(r.overall.total_minutes, 0.0);
    assert_eq!(r.overall.months, None);
}

#[test]
fn images_and_documents_renamed_csv_say_what_they_are() {
    let png = error("photo.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0".to_vec());
    assert!(png.to_string().contains("a PNG image"), "{png}");
    let pdf = error(
        "letter.csv",
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(),
    );
    assert!(pdf.to_string().contains("a PDF document"), "{pdf}");
    let xls = error("old.csv", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0".to_vec());
    assert!(xls.to_string().contains(".xls"), "{xls}");
}

#[test]
fn nul_bytes_are_binary_data_not_text() {
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.extend_from_slice(b"2019-01-11,Oak\0hurst,Phone,30,Ann\n");
    let e = error("nul.csv", bytes);
    assert!(e.to_string().contains("NUL bytes"), "{e}");
}

#[test]
fn invalid_utf8_after_the_sniffed_prefix_reads_that_field_as_windows_1252() {
    // 70 KB of good UTF-8 rows, then one row with a Windows-1252 "ë" (0xEB).
    let mut text = String::from("Date,Site,Mode,Duration,Mentee\n");
    let mut rows = 0;
    while text.len() < 70_000 {
        text.push_str("2019-01-10,Oakhurst,Phone,30,Ann\n");
        rows += 1;
    }
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"2019-01-11,Oakhurst,Phone,30,Zo\xEB\n");
    let r = read("mixed.csv", bytes).expect("readable");
    assert_eq!(r.input.rows_read, rows + 1);
    assert!(
        r.mentees.iter().any(|m| m.mentee == "Zoë"),
        "{:?}",
        r.mentees
    );
}

#[test]
fn utf16_without_a_bom_is_recognised() {
    let text = "Date\tSite\tMode\tDuration\n2019-01-10\tMôr\tPhone\t30\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let r = read("utf16.tsv", bytes).expect("readable");
    assert_eq!(r.sites[0].site, "Môr");
    assert_eq!(r.overall.total_minutes, 30.0);
}

#[test]
fn a_single_50_mb_line_stops_at_the_line_limit() {
    let bytes = vec![b'x'; 50 * 1000 * 1000];
    let e = error("one-line.csv", bytes);
    assert!(
        matches!(e.kind, FileErrorKind::LineTooLong { line: 1, .. }),
        "{e}"
    );
    assert!(e.to_string().contains("line 1"), "{e}");
}

#[test]
fn ten_thousand_columns_are_read_and_extra_ones_listed() {
    let mut header = vec![
        "Date".to_string(),
        "Site".into(),
        "Mode".into(),
        "Duration".into(),
    ];
    let mut row = vec![
        "2019-01-10".to_string(),
        "A".into(),
        "Phone".into(),
        "30".into(),
    ];
    for i in 4..10_000 {
        header.push(format!("extra {i}"));
        row.push(i.to_string());
    }
    let text = format!("{}\n{}\n", header.join(","), row.join(","));
    let r = read("wide.csv", text.into_bytes()).expect("readable");
    assert_eq!(r.overall.total_minutes, 30.0);
    assert!(r.input.notices.iter().any(|n| n.contains("extra 9999")));
}

#[test]
fn more_columns_than_excel_allows_are_refused() {
    let text = format!("Date,Site,Mode{}\n", ",x".repeat(20_000));
    let e = error("too-wide.csv", text.into_bytes());
    assert!(
        matches!(
            e.kind,
            FileErrorKind::TooManyColumns {
                line: 1,
                found: 20_003,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn an_unclosed_quote_is_refused_rather_than_swallowing_rows() {
    let text = "Date,Site,Mode,Duration,Notes\n2019-01-10,A,Phone,30,\"never closed\n2019-01-11,A,Phone,30,ok\n2019-01-12,A,Phone,30,ok\n";
    let e = error("quote.csv", text.as_bytes().to_vec());
    assert!(
        matches!(e.kind, FileErrorKind::UnclosedQuote { line: 2, lines: 3 }),
        "{e}"
    );
    assert!(e.to_string().contains("line 2"), "{e}");
    // The quote opened on the last line, whose only break ends the file.
    let text = "Date,Site,Mode\n2019-01-10,\"Oak\n";
    let e = error("quote.csv", text.as_bytes().to_vec());
    assert!(
        matches!(e.kind, FileErrorKind::UnclosedQuote { line: 2, lines: 1 }),
        "{e}"
    );
}

#[test]
fn mixed_line_endings_keep_physical_line_numbers() {
    let text = "Date,Site,Mode,Duration\r\n2019-01-10,A,Phone,30\n2019-01-11,A,Phone,abc\r2019-01-12,A,Phone,x\r\n";
    let r = read("endings.csv", text.as_bytes().to_vec()).expect("readable");
    let lines: Vec<u64> = r.input.rejected.iter().map(|x| x.line).collect();
    assert_eq!(lines, vec![3, 4]);
    assert_eq!(r.input.rows_used, 1);
}

#[test]
fn duplicate_header_names_use_the_first_column_and_say_so() {
    let text = "Date,Site,Mode,Duration,Duration\n2019-01-10,A,Phone,30,999\n";
    let r = read("dup.csv", text.as_bytes().to_vec()).expect("readable");
    assert_eq!(r.overall.total_minutes, 30.0);
    assert!(
        r.input
            .notices
            .iter()
            .any(|n| n.contains("repeated columns")),
        "{:?}",
        r.input.notices
    );
}

#[test]
fn title_rows_above_the_header_are_skipped_and_lines_stay_physical() {
    let text = "Mentoring log, Oakhurst\nExported 2020-05-01\n\nDate,Site,Mode,Duration\n2019-01-10,A,Phone,30\n2019-01-11,A,Phone,abc\n";
    let r = read("titled.csv", text.as_bytes().to_vec()).expect("readable");
    assert_eq!(r.input.rows_read, 2);
    assert_eq!(r.input.rejected[0].line, 6);
    assert!(
        r.input
            .notices
            .iter()
            .any(|n| n.contains("header on line 4 (2 rows above it skipped as titles)")),
        "{:?}",
        r.input.notices
    );
}

#[test]
fn a_file_with_no_recognisable_header_names_the_row_naming_most_fields() {
    let text = "Mentoring log\nWhen,Where,How\n2019-01-10,A,Phone\n";
    let e = error("nohead.csv", text.as_bytes().to_vec());
    let FileErrorKind::NoHeader(failure) = &e.kind else {
        panic!("{e}");
    };
    // "When" names the date by its words; "Where" and "How" name nothing.
    assert_eq!(failure.line, 2, "{e}");
    let message = e.to_string();
    assert!(
        message.contains("line 2")
            && message.contains("--column site=\"Where\"")
            && message.contains("--column mode=\"How\""),
        "{message}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let e = mentoring_stats_engine::check_file_size(
        "huge.csv",
        mentoring_stats_engine::MAX_FILE_BYTES + 1,
    )
    .unwrap_err();
    assert!(matches!(e.kind, FileErrorKind::FileTooLarge { .. }));
    assert!(
        e.to_string().contains("huge.csv") && e.to_string().contains("the limit is 2147 MB"),
        "{e}"
    );
    assert!(mentoring_stats_engine::check_file_size("fine.csv", 1000).is_ok());
}

// --- Workbooks, made here with rust_xlsxwriter ---------------------------

fn workbook(build: impl FnOnce(&mut rust_xlsxwriter::Workbook)) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    build(&mut book);
    book.save_to_buffer().expect("workbook")
}

#[test]
fn workbook_formulas_read_their_cached_values_and_text_dates_parse() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula};
    let bytes = workbook(|book| {
        let sheet = book.add_worksheet();
        for (col, h) in ["Date", "Site", "Mode", "Duration"].iter().enumerate() {
            sheet.write_string(0, col as u16, *h).expect("cell");
        }
        let date = ExcelDateTime::from_ymd(2019, 1, 10).expect("date");
        let format = Format::new().set_num_format("dd/mm/yyyy");
        sheet
            .write_datetime_with_format(1, 0, &date, &format)
            .expect("cell");
        sheet.write_string(1, 1, "Oakhurst").expect("cell");
        sheet.write_string(1, 2, "Phone").expect("cell");
        // =20+25, saved with its result as Excel does.
        sheet
            .write_formula(1, 3, Formula::new("=20+25").set_result("45"))
            .expect("cell");
        // A date typed as text, day-first.
        sheet.write_string(2, 0, "14/03/2019").expect("cell");
        sheet.write_string(2, 1, "Oakhurst").expect("cell");
        sheet.write_string(2, 2, "Phone").expect("cell");
        sheet.write_number(2, 3, 15.0).expect("cell");
    });
    let r = read("formulas.xlsx", bytes).expect("readable");
    assert_eq!(r.input.rows_used, 2);
    assert_eq!(r.overall.total_minutes, 60.0);
    assert_eq!(r.overall.first_contact.as_deref(), Some("2019-01-10"));
    assert_eq!(r.overall.last_contact.as_deref(), Some("2019-03-14"));
}

#[test]
fn merged_cells_hold_their_value_in_the_first_cell_only() {
    use rust_xlsxwriter::Format;
    let bytes = workbook(|book| {
        let sheet = book.add_worksheet();
        for (col, h) in ["Date", "Site", "Mode", "Duration"].iter().enumerate() {
            sheet.write_string(0, col as u16, *h).expect("cell");
        }
        // The site merged down two rows: the second row's site cell is empty.
        sheet
            .merge_range(1, 1, 2, 1, "Oakhurst", &Format::new())
            .expect("merge");
        for row in 1..=2 {
            sheet.write_string(row, 0, "2019-01-10").expect("cell");
            sheet.write_string(row, 2, "Phone").expect("cell");
            sheet.write_number(row, 3, 30.0).expect("cell");
        }
    });
    let r = read("merged.xlsx", bytes).expect("readable");
    assert_eq!(r.input.rows_used, 1);
    assert_eq!(r.input.rejected.len(), 1);
    assert_eq!(r.input.rejected[0].line, 3);
    assert_eq!(r.input.rejected[0].reason, "site is blank");
}

#[test]
fn a_hidden_first_sheet_is_passed_over_for_the_first_visible_one() {
    let bytes = workbook(|book| {
        let hidden = book.add_worksheet().set_name("Lookup").expect("name");
        hidden.write_string(0, 0, "codes").expect("cell");
        hidden.set_hidden(true);
        let sheet = book.add_worksheet().set_name("Log").expect("name");
        // Excel cannot hide the active sheet: the log is the active one.
        sheet.set_active(true);
        for (col, h) in ["Date", "Site", "Mode", "Duration"].iter().enumerate() {
            sheet.write_string(0, col as u16, *h).expect("cell");
        }
        for (col, v) in ["2019-01-10", "Oakhurst", "Phone", "30"].iter().enumerate() {
            sheet.write_string(1, col as u16, *v).expect("cell");
        }
    });
    let r = read("hidden.xlsx", bytes).expect("readable");
    assert_eq!(r.overall.total_minutes, 30.0);
    assert!(
        r.input.notices.iter().any(|n| n.contains("sheet \"Log\"")),
        "{:?}",
        r.input.notices
    );
}

#[test]
fn a_truncated_workbook_says_it_cannot_be_read() {
    let bytes = workbook(|book| {
        book.add_worksheet()
            .write_string(0, 0, "Date")
            .expect("cell");
    });
    let cut = bytes[..bytes.len() / 2].to_vec();
    let e = error("cut.xlsx", cut);
    assert!(matches!(e.kind, FileErrorKind::Workbook(_)), "{e}");
    assert!(
        e.to_string()
            .starts_with("cut.xlsx: cannot be read as an Excel workbook"),
        "{e}"
    );
}

#[test]
fn a_workbook_claiming_gigabytes_unpacked_is_refused_before_inflating() {
    let mut bytes = workbook(|book| {
        book.add_worksheet()
            .write_string(0, 0, "Date")
            .expect("cell");
    });
    // Make every central directory entry claim 4 GB uncompressed
    // (signature PK\x01\x02; the uncompressed size is at offset 24).
    let mut i = 0;
    while i + 28 <= bytes.len() {
        if bytes[i..i + 4] == *b"PK\x01\x02" {
            bytes[i + 24..i + 28].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
        }
        i += 1;
    }
    let e = error("bomb.xlsx", bytes);
    assert!(
        matches!(e.kind, FileErrorKind::UnpackedTooLarge { .. }),
        "{e}"
    );
    assert!(e.to_string().contains("the limit is 1074 MB"), "{e}");
}

#[test]
fn csv_exports_neutralise_formulas_and_keep_numbers() {
    use mentoring_stats_engine::report::safe_cell;
    assert_eq!(
        safe_cell("=HYPERLINK(\"http://x\")"),
        "'=HYPERLINK(\"http://x\")"
    );
    assert_eq!(safe_cell("+1+1"), "'+1+1");
    assert_eq!(safe_cell("-2+3"), "'-2+3");
    assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(safe_cell("\tx"), "'\tx");
    assert_eq!(safe_cell("\rx"), "'\rx");
    assert_eq!(safe_cell("Oakhurst"), "Oakhurst");
    let text = "Date,Site,Mode,Duration\n2019-01-10,=1+2,Phone,30\n";
    let r = read("inject.csv", text.as_bytes().to_vec()).expect("readable");
    let table = r.sites_csv();
    let row = table.lines().nth(1).expect("a site row");
    // The site is neutralised; the numbers after it stay numbers.
    assert!(row.starts_with("'=1+2,0,1,30,"), "{row}");
}

#[test]
fn one_bad_byte_in_a_utf8_file_spoils_only_its_own_cell() {
    // Two UTF-8 "Siân Jones" and one stray Windows-1252 "é" on line 3.
    let bytes = b"Date,Site,Mode,Duration,Mentee\n\
        2019-01-10,Oakhurst,Phone,30,Si\xC3\xA2n Jones\n\
        2019-01-11,Oakhurst,Phone,30,Ren\xE9e Cole\n\
        2019-01-12,Oakhurst,Phone,30,Si\xC3\xA2n Jones\n"
        .to_vec();
    let r = read("one-bad-byte.csv", bytes).expect("reads");
    let names: Vec<&str> = r.mentees.iter().map(|m| m.mentee.as_str()).collect();
    assert_eq!(names, vec!["Ren\u{e9}e Cole", "Si\u{e2}n Jones"]);
    assert!(
        r.input
            .notices
            .iter()
            .any(|n| n.contains("one-bad-byte.csv: 1 row with bytes that are not UTF-8 (line 3)")),
        "{:#?}",
        r.input.notices
    );
}

#[test]
fn a_date_before_1900_or_after_2100_rejects_its_row() {
    let text = "Date,Site,Mode,Duration\n0001-01-01,A,Phone,10\n14/03/9999,A,Phone,10\n2019-03-14,A,Phone,10\n";
    let r = read("years.csv", text.as_bytes().to_vec()).expect("reads");
    assert_eq!((r.input.rows_rejected, r.overall.months), (2, Some(1)));
    assert!(r
        .input
        .rejected
        .iter()
        .all(|x| x.reason.contains("not a plausible contact date")));
}

#[test]
fn direction_characters_are_removed_from_names_and_mixed_scripts_are_named() {
    // A right-to-left override and a zero-width space inside "Ashford", and
    // an "Ashford" whose A is Cyrillic.
    let text = "Date,Site,Mode,Duration\n\
                2019-03-01,Ash\u{202e}ford,Phone,10\n\
                2019-03-02,Ash\u{200b}ford,Phone,10\n\
                2019-03-03,\u{410}shford,Phone,10\n";
    let r = read("names.csv", text.as_bytes().to_vec()).expect("reads");
    let sites: Vec<(&str, f64)> = r
        .sites
        .iter()
        .map(|s| (s.site.as_str(), s.total_minutes))
        .collect();
    assert_eq!(sites, vec![("Ashford", 20.0), ("\u{410}shford", 10.0)]);
    assert!(
        r.input
            .notices
            .iter()
            .any(|n| n.contains("mix Latin letters with Cyrillic or Greek")
                && n.contains("site \"\u{410}shford\" (1 row; \"\u{410}\" is Cyrillic U+0410)")),
        "{:#?}",
        r.input.notices
    );
}
