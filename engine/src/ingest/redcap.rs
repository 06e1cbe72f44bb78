//! REDCap: data dictionaries (codebooks) and the rows of data exports.
//!
//! A REDCap project describes its fields in a *data dictionary*, a CSV file
//! with one row per field (`Variable / Field Name`, `Form Name`, `Field
//! Type`, `Field Label`, `Choices, Calculations, OR Slider Labels`, ...).
//! [`Codebook`] reads it: each field's type, label and coded choices
//! (`1, Phone | 2, Teams`).
//!
//! A data *export* comes in two forms. The raw export is headed by variable
//! names (`record_id`, `redcap_repeat_instrument`, `contact_mode`), holds
//! codes (`1`) and writes a checkbox field as one column per choice,
//! `topics___1`, holding `1` or `0`. The labels export is headed by field
//! labels (`Record ID`, `Repeat Instrument`, `How was the contact made?`),
//! holds labels (`Phone`) and heads a checkbox choice's column
//! `Topics discussed (choice=Recruitment)`, holding `Checked` or
//! `Unchecked`. With repeating instruments, each record has its own row
//! (blank repeat instrument) carrying the fields of its non-repeating forms,
//! then one row per instance of a repeating form.
//!
//! [`RedcapRows`] turns such rows into the rows the calculator reads: coded
//! cells become labels (with a codebook), each checkbox group becomes one
//! column of `; `-separated labels, and the records' own rows are held back
//! to fill the blank cells of their repeating rows. Nothing here does I/O:
//! the codebook is read from any [`Read`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use csv::{ByteRecord, ReaderBuilder};
use encoding_rs::WINDOWS_1252;

use super::columns::fold_header;
use super::decode::{self, utf8_reader};
use super::error::{FileError, FileErrorKind};
use super::{read_up_to, Cells, MAX_ROWS_ABOVE_HEADER};

/// Most text read from a data dictionary: 64 MiB. A REDCap project's
/// dictionary is a few megabytes at most (one row per field); a larger file
/// is something else, and is refused rather than held.
pub(crate) const MAX_DICTIONARY_BYTES: u64 = 64 << 20;

/// How many different values a [`ColumnCount`] keeps as examples.
pub(crate) const MAX_EXAMPLES: usize = 10;

/// Folded names of the dictionary's variable name column: as the Data
/// Dictionary page writes it, and as the API's metadata export does.
const NAME_COLUMN: [&str; 2] = ["variablefieldname", "fieldname"];
/// Folded names of the field type column.
const TYPE_COLUMN: [&str; 1] = ["fieldtype"];
/// Folded names of the choices column.
const CHOICES_COLUMN: [&str; 2] = [
    "choicescalculationsorsliderlabels",
    "selectchoicesorcalculations",
];
/// Folded names of the field label column.
const LABEL_COLUMN: [&str; 1] = ["fieldlabel"];

/// Folded header of the record id column (raw `record_id`, labels `Record ID`).
const RECORD_ID: &str = "recordid";
/// Folded headers of the repeat instrument column (raw, then labels).
const REPEAT_INSTRUMENT: [&str; 2] = ["redcaprepeatinstrument", "repeatinstrument"];

/// Delimiters a dictionary may be written with: REDCap writes commas; Excel
/// in a European locale saves semicolons; some tools write tabs.
const DICTIONARY_DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// A REDCap field type, as the data dictionary's `Field Type` column names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// `text`: a text box (dates, numbers, names... by its validation).
    Text,
    /// `notes`: a paragraph text box.
    Notes,
    /// `radio`: one choice among coded choices, as radio buttons.
    Radio,
    /// `dropdown`: one choice among coded choices, as a list.
    Dropdown,
    /// `yesno`: `1` Yes, `0` No.
    Yesno,
    /// `truefalse`: `1` True, `0` False.
    Truefalse,
    /// `checkbox`: any number of coded choices, one export column each.
    Checkbox,
    /// `calc`: a calculated field (its "choices" cell is a formula).
    Calc,
    /// `slider`: a visual analogue scale.
    Slider,
    /// `file`: a file upload or signature.
    File,
    /// `descriptive`: text shown on the form, no value.
    Descriptive,
    /// `sql`: choices from a database query (not in the dictionary).
    Sql,
    /// Any other type name.
    Other,
}

impl FieldType {
    /// Reads a `Field Type` cell (any case, trimmed).
    pub fn from_name(name: &str) -> FieldType {
        match name.trim().to_ascii_lowercase().as_str() {
            "text" => FieldType::Text,
            "notes" => FieldType::Notes,
            "radio" => FieldType::Radio,
            "dropdown" | "select" => FieldType::Dropdown,
            "yesno" => FieldType::Yesno,
            "truefalse" => FieldType::Truefalse,
            "checkbox" => FieldType::Checkbox,
            "calc" => FieldType::Calc,
            "slider" => FieldType::Slider,
            "file" => FieldType::File,
            "descriptive" => FieldType::Descriptive,
            "sql" => FieldType::Sql,
            _ => FieldType::Other,
        }
    }

    /// Whether one cell of the field holds one code that has a label:
    /// radio, dropdown, yesno and truefalse.
    pub fn is_coded(self) -> bool {
        matches!(
            self,
            FieldType::Radio | FieldType::Dropdown | FieldType::Yesno | FieldType::Truefalse
        )
    }
}

/// One coded choice of a field: `1, Phone` is code `1`, label `Phone`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The code stored and exported raw (`1`).
    pub code: String,
    /// The label shown and exported as labels (`Phone`).
    pub label: String,
}

/// One field of a data dictionary.
#[derive(Clone, Debug)]
struct FieldDef {
    kind: FieldType,
    label: String,
    choices: Vec<Choice>,
}

/// A REDCap data dictionary: each field's type, label and coded choices.
#[derive(Clone, Debug, Default)]
pub struct Codebook {
    fields: Vec<FieldDef>,
    /// Variable name, as written, to its field.
    by_name: HashMap<String, usize>,
    /// Variable name in lower case to its field (the first one, if two fold alike).
    by_folded: HashMap<String, usize>,
}

impl Codebook {
    /// Reads a data dictionary (CSV as REDCap exports it; any encoding a
    /// record file may have: use decode::utf8_reader). Fails with a FileError
    /// (file name `name`) when the text is not a data dictionary (the
    /// required columns "Variable / Field Name", "Field Type" and
    /// "Choices, Calculations, OR Slider Labels" are matched ignoring case,
    /// spaces and punctuation), naming what was found and what was expected.
    ///
    /// The header may stand below a few title rows; the delimiter may be a
    /// comma (as REDCap writes it), a semicolon or a tab. The API's metadata
    /// export (`field_name`, `field_type`, `select_choices_or_calculations`)
    /// is read too. Rows without a variable name, and a second row for a
    /// variable already read, are passed over.
    pub fn read<R: Read>(name: &str, reader: R) -> Result<Codebook, FileError> {
        let fail = |kind| FileError::new(name, kind);
        let (_, text) = utf8_reader(reader).map_err(|e| fail(FileErrorKind::Io(e)))?;
        let mut text = text.take(MAX_DICTIONARY_BYTES + 1);
        let mut prefix = vec![0u8; decode::SNIFF_LEN];
        let len = read_up_to(&mut text, &mut prefix).map_err(|e| fail(FileErrorKind::Io(e)))?;
        prefix.truncate(len);
        if prefix.starts_with(b"PK\x03\x04") {
            return Err(fail(not_dictionary(
                0,
                Vec::new(),
                Some("an Excel workbook or other zip file; save the dictionary as CSV, or download it again from REDCap"),
            )));
        }
        if memchr::memchr(0, &prefix).is_some() {
            return Err(fail(not_dictionary(
                0,
                Vec::new(),
                Some("binary data (NUL bytes), not text"),
            )));
        }
        let Some(delimiter) = dictionary_delimiter(&prefix) else {
            return Err(fail(no_dictionary_header(&prefix)));
        };
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(Cursor::new(prefix).chain(text));
        let mut codebook = Codebook::default();
        let mut columns: Option<DictionaryColumns> = None;
        let mut record = ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(fail(super::error::csv_error(e))),
            }
            let cells: Vec<Cow<'_, str>> =
                (0..record.len()).map(|i| field_text(&record, i)).collect();
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let names: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
            match &columns {
                None => columns = DictionaryColumns::find(&names),
                Some(_) if is_dictionary_header(&names) => {}
                Some(found) => codebook.push(found, &names),
            }
        }
        if reader.get_ref().get_ref().1.limit() == 0 {
            return Err(fail(not_dictionary(
                0,
                Vec::new(),
                Some("over 64 MiB of text, far more than a REDCap project's dictionary"),
            )));
        }
        Ok(codebook)
    }

    /// Whether a header row is a data dictionary's (so that a page can tell
    /// a dictionary dropped beside an export from a record file).
    pub fn is_dictionary_header(header: &[&str]) -> bool {
        is_dictionary_header(header)
    }

    /// The label of a coded value of a radio, dropdown, yesno (1 Yes, 0 No)
    /// or truefalse (1 True, 0 False) field; None when the field is not
    /// coded or the code is not listed. The variable is matched as written,
    /// else ignoring case; the code as written, trimmed.
    pub fn label(&self, variable: &str, code: &str) -> Option<&str> {
        let field = self.field(variable)?;
        if !field.kind.is_coded() {
            return None;
        }
        let code = code.trim();
        field
            .choices
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.label.as_str())
    }

    /// The field label of a variable ("How was the contact made?"), with
    /// any HTML tags of a rich-text label removed.
    pub fn field_label(&self, variable: &str) -> Option<&str> {
        self.field(variable).map(|f| f.label.as_str())
    }

    /// The type of a variable's field.
    pub fn field_type(&self, variable: &str) -> Option<FieldType> {
        self.field(variable).map(|f| f.kind)
    }

    /// The coded choices of a radio, dropdown, checkbox, yesno or truefalse
    /// field, in the dictionary's order; empty for other fields and
    /// unknown variables.
    pub fn choices(&self, variable: &str) -> &[Choice] {
        self.field(variable).map_or(&[], |f| f.choices.as_slice())
    }

    /// The label of the choice of checkbox field `variable` whose raw export
    /// column is `variable___column_code` (REDCap writes the code in lower
    /// case, with `-` and `.` as `_` and other characters left out).
    pub fn checkbox_label(&self, variable: &str, column_code: &str) -> Option<&str> {
        let field = self.field(variable)?;
        if field.kind != FieldType::Checkbox {
            return None;
        }
        field
            .choices
            .iter()
            .find(|c| checkbox_code_matches(&c.code, column_code))
            .map(|c| c.label.as_str())
    }

    /// How many fields it describes.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether it describes no field at all.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    fn field(&self, variable: &str) -> Option<&FieldDef> {
        let variable = variable.trim();
        let index = match self.by_name.get(variable) {
            Some(&i) => i,
            None => *self.by_folded.get(&variable.to_lowercase())?,
        };
        self.fields.get(index)
    }

    /// Adds one dictionary row.
    fn push(&mut self, columns: &DictionaryColumns, row: &[&str]) {
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i).copied()).unwrap_or("");
        let name = cell(Some(columns.name));
        if name.is_empty() || self.by_name.contains_key(name) {
            return;
        }
        let kind = FieldType::from_name(cell(Some(columns.kind)));
        let choices = match kind {
            FieldType::Yesno => fixed_choices(&[("1", "Yes"), ("0", "No")]),
            FieldType::Truefalse => fixed_choices(&[("1", "True"), ("0", "False")]),
            FieldType::Radio | FieldType::Dropdown | FieldType::Checkbox => {
                parse_choices(cell(Some(columns.choices)))
            }
            _ => Vec::new(),
        };
        let index = self.fields.len();
        self.fields.push(FieldDef {
            kind,
            label: clean_label(cell(columns.label)),
            choices,
        });
        self.by_name.insert(name.to_string(), index);
        self.by_folded.entry(name.to_lowercase()).or_insert(index);
    }
}

/// Where a dictionary's columns are.
#[derive(Debug)]
struct DictionaryColumns {
    name: usize,
    kind: usize,
    choices: usize,
    label: Option<usize>,
}

impl DictionaryColumns {
    fn find(header: &[&str]) -> Option<DictionaryColumns> {
        Some(DictionaryColumns {
            name: column_named(header, &NAME_COLUMN)?,
            kind: column_named(header, &TYPE_COLUMN)?,
            choices: column_named(header, &CHOICES_COLUMN)?,
            label: column_named(header, &LABEL_COLUMN),
        })
    }
}

/// The first column whose folded header is one of `names`.
/// Whether the first bytes of a file (any encoding a record file may have)
/// are a data dictionary's, so that a dictionary dropped beside an export
/// is read as one rather than as records.
pub fn looks_like_dictionary(prefix: &[u8]) -> bool {
    let Ok((_, mut text)) = utf8_reader(prefix) else {
        return false;
    };
    let mut decoded = Vec::new();
    if text.read_to_end(&mut decoded).is_err() {
        return false;
    }
    dictionary_delimiter(&decoded).is_some()
}

fn column_named(header: &[&str], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| {
        let folded = fold_header(h);
        names.contains(&folded.as_str())
    })
}

fn is_dictionary_header(header: &[&str]) -> bool {
    DictionaryColumns::find(header).is_some()
}

/// The delimiter under which one of the first rows of `prefix` is a
/// dictionary's header, if any.
fn dictionary_delimiter(prefix: &[u8]) -> Option<u8> {
    DICTIONARY_DELIMITERS.into_iter().find(|&delimiter| {
        first_rows(prefix, delimiter).iter().any(|row| {
            let names: Vec<&str> = row.iter().map(|c| c.trim()).collect();
            is_dictionary_header(&names)
        })
    })
}

/// The first non-blank rows of `prefix` (as many as may stand above a
/// header, and the header), with the line each starts on.
fn first_rows_with_lines(prefix: &[u8], delimiter: u8) -> Vec<(u64, Vec<String>)> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(prefix);
    let mut record = ByteRecord::new();
    let mut rows = Vec::new();
    while rows.len() <= MAX_ROWS_ABOVE_HEADER {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) | Err(_) => break,
        }
        let cells: Vec<String> = (0..record.len())
            .map(|i| field_text(&record, i).into_owned())
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((record.position().map_or(0, |p| p.line()), cells));
    }
    rows
}

fn first_rows(prefix: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    first_rows_with_lines(prefix, delimiter)
        .into_iter()
        .map(|(_, row)| row)
        .collect()
}

/// The error for text whose first rows hold no dictionary header: names
/// the first row as found (split by the delimiter that gives it the most
/// cells), and what it looks like when that is known.
fn no_dictionary_header(prefix: &[u8]) -> FileErrorKind {
    let first = DICTIONARY_DELIMITERS
        .into_iter()
        .filter_map(|d| first_rows_with_lines(prefix, d).into_iter().next())
        .max_by_key(|(_, row)| row.len());
    let Some((line, row)) = first else {
        return not_dictionary(0, Vec::new(), None);
    };
    let header: Vec<String> = row.iter().map(|c| c.trim().to_string()).collect();
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    let found = is_export_header(&names)
        .then_some("a REDCap data export (the records), not the project's data dictionary");
    not_dictionary(line, header, found)
}

fn not_dictionary(line: u64, header: Vec<String>, found: Option<&'static str>) -> FileErrorKind {
    FileErrorKind::NotDictionary {
        line,
        header,
        found,
    }
}

/// A CSV field as text: UTF-8, or Windows-1252 where it is not valid UTF-8
/// (a stray byte in a file that is otherwise UTF-8).
fn field_text(record: &ByteRecord, index: usize) -> Cow<'_, str> {
    let bytes = record.get(index).unwrap_or(b"");
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

fn fixed_choices(pairs: &[(&str, &str)]) -> Vec<Choice> {
    pairs
        .iter()
        .map(|(code, label)| Choice {
            code: (*code).to_string(),
            label: (*label).to_string(),
        })
        .collect()
}

/// Reads a choices cell: `1, Phone | 2, Teams`, spaces around `|` and `,`
/// optional, the code before the first comma and the label after it (so a
/// label may hold commas). A choice without a comma is its own code and
/// label, as REDCap reads it. A line break separates choices too (older
/// dictionaries).
pub(crate) fn parse_choices(text: &str) -> Vec<Choice> {
    text.split(['|', '\n'])
        .filter_map(|item| {
            let item = item.trim();
            if item.is_empty() {
                return None;
            }
            let (code, label) = match item.split_once(',') {
                Some((code, label)) => (code.trim(), label.trim()),
                None => (item, item),
            };
            if code.is_empty() {
                return None;
            }
            Some(Choice {
                code: code.replace("&#44;", ","),
                label: clean_label(label),
            })
        })
        .collect()
}

/// A label as a person reads it: HTML tags of a rich-text label removed,
/// the common entities decoded, runs of white space made one space.
fn clean_label(label: &str) -> String {
    let mut text = String::with_capacity(label.len());
    let mut rest = label;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match (is_tag, after.find('>')) {
            (true, Some(close)) => {
                text.push_str(&rest[..open]);
                text.push(' ');
                rest = &after[close + 1..];
            }
            _ => {
                text.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    text.push_str(rest);
    let decoded = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&#44;", ",")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The code of a checkbox choice as REDCap writes it in a raw export's
/// column name (`topics___CODE`): `-` and `.` become `_`, letters become
/// lower case, and any character other than `a-z`, `0-9` and `_` is left
/// out. So `-1` is `_1` (column `topics____1`) and `A.b` is `a_b`.
pub(crate) fn checkbox_column_code(code: &str) -> String {
    code.chars()
        .map(|c| match c {
            '-' | '.' => '_',
            c => c.to_ascii_lowercase(),
        })
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
        .collect()
}

/// Whether a dictionary code is the one a raw export column names. Besides
/// the current form ([`checkbox_column_code`]), REDCap versions before
/// about 2018 left a `.` out rather than writing `_`, and before 5.5.21
/// left `_` out altogether.
fn checkbox_code_matches(code: &str, column_code: &str) -> bool {
    let column_code = column_code.to_ascii_lowercase();
    let current = checkbox_column_code(code);
    current == column_code
        || current.replace('_', "") == column_code
        || checkbox_column_code(&code.replace('.', "")) == column_code
}

/// Whether a header is a REDCap export's: `record_id` and
/// `redcap_repeat_instrument` (raw export), or `Record ID` and `Repeat
/// Instrument` (labels export), matched ignoring case, spaces and punctuation.
pub(crate) fn is_export_header(header: &[&str]) -> bool {
    export_columns(header).is_some()
}

/// Where an export's record id and repeat instrument columns are.
#[derive(Clone, Copy, Debug)]
struct ExportColumns {
    record_id: usize,
    repeat_instrument: usize,
}

fn export_columns(header: &[&str]) -> Option<ExportColumns> {
    Some(ExportColumns {
        record_id: column_named(header, &[RECORD_ID])?,
        repeat_instrument: column_named(header, &REPEAT_INSTRUMENT)?,
    })
}

/// How many cells of one column were decoded, kept with a code the codebook
/// does not list, or left out as unreadable checkbox cells: for a notice.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ColumnCount {
    /// The column's header in [`RedcapRows::header`] (a checkbox group's stem).
    pub header: String,
    /// How many cells.
    pub cells: u64,
    /// The first [`MAX_EXAMPLES`] different values among them, trimmed, in
    /// the order met.
    pub values: Vec<String>,
}

/// A count of cells with a few example values.
#[derive(Clone, Debug, Default)]
struct Tally {
    cells: u64,
    values: Vec<String>,
}

impl Tally {
    fn add(&mut self, value: &str) {
        self.cells += 1;
        if self.values.len() < MAX_EXAMPLES && !self.values.iter().any(|v| v == value) {
            self.values.push(value.to_string());
        }
    }
}

/// Where one column of the transformed row comes from.
#[derive(Clone, Debug)]
enum Source {
    /// An input column, as it is.
    Plain(usize),
    /// A coded field's input column: codes become labels.
    Coded { column: usize, choices: Vec<Choice> },
    /// A checkbox group: the labels of its marked members, joined.
    Checkbox(Vec<Member>),
}

/// One checkbox column of a group: its input column and the label it marks.
#[derive(Clone, Debug)]
struct Member {
    column: usize,
    label: String,
}

/// A checkbox column's header read: the group's stem and the label it marks.
struct CheckboxHeader {
    stem: String,
    label: String,
}

/// Turns the rows of a REDCap export (or of any table read with a codebook)
/// into the rows the calculator reads.
#[derive(Clone, Debug)]
pub(crate) struct RedcapRows {
    header: Vec<String>,
    sources: Vec<Source>,
    export: Option<ExportColumns>,
    /// How many input columns the transformation reads (one past the last).
    width: usize,
    /// Each record's own row (by record id, trimmed): its non-blank cells,
    /// by input column, merged over the record's rows seen.
    records: HashMap<String, Vec<String>>,
    record_rows: u64,
    unfilled_rows: u64,
    decoded: Vec<Tally>,
    unknown: Vec<Tally>,
    unreadable: Vec<Tally>,
    /// The transformed row, reused from row to row.
    out: Vec<String>,
    /// The current row's unreadable checkbox cells.
    row_unreadable: Vec<(usize, String)>,
}

impl RedcapRows {
    /// None when there is nothing to do: the header is not an export's, no
    /// checkbox column group is present, and no column is a coded field of
    /// the codebook.
    ///
    /// A raw checkbox column is `stem___code` (three underscores; the first
    /// split whose stem is a checkbox field of the codebook, else the first
    /// `___` with a code of letters, digits and `_`); a labels one is
    /// `Stem (choice=Label)`. A column named as a codebook field that is
    /// not a checkbox is never a checkbox column. Columns of one stem
    /// (folded to lower case) are one group wherever they stand; the group
    /// takes the place of its first column.
    pub(crate) fn new(header: &[&str], codebook: Option<&Codebook>) -> Option<RedcapRows> {
        let export = export_columns(header);
        let mut out_header: Vec<String> = Vec::new();
        let mut sources: Vec<Source> = Vec::new();
        let mut groups: HashMap<String, usize> = HashMap::new();
        let mut changes = false;
        for (column, name) in header.iter().enumerate() {
            let name = name.trim();
            let field = codebook.and_then(|c| c.field(name));
            let plain_field = field.is_some_and(|f| f.kind != FieldType::Checkbox);
            let checkbox = if plain_field {
                None
            } else {
                checkbox_header(name, codebook)
            };
            if let Some(CheckboxHeader { stem, label }) = checkbox {
                changes = true;
                let member = Member { column, label };
                match groups.get(&stem.to_lowercase()) {
                    Some(&at) => {
                        if let Source::Checkbox(members) = &mut sources[at] {
                            members.push(member);
                        }
                    }
                    None => {
                        groups.insert(stem.to_lowercase(), sources.len());
                        out_header.push(stem);
                        sources.push(Source::Checkbox(vec![member]));
                    }
                }
                continue;
            }
            out_header.push(name.to_string());
            match field {
                Some(f) if f.kind.is_coded() && !f.choices.is_empty() => {
                    changes = true;
                    sources.push(Source::Coded {
                        column,
                        choices: f.choices.clone(),
                    });
                }
                _ => sources.push(Source::Plain(column)),
            }
        }
        if export.is_none() && !changes {
            return None;
        }
        let columns = sources.len();
        let width = input_width(&sources);
        Some(RedcapRows {
            header: out_header,
            sources,
            export,
            width,
            records: HashMap::new(),
            record_rows: 0,
            unfilled_rows: 0,
            decoded: vec![Tally::default(); columns],
            unknown: vec![Tally::default(); columns],
            unreadable: vec![Tally::default(); columns],
            out: vec![String::new(); columns],
            row_unreadable: Vec::new(),
        })
    }

    /// The header the calculator maps: each checkbox group collapsed into one
    /// column (its stem: `topics`, `Topics discussed`), other columns as they
    /// are (trimmed).
    pub(crate) fn header(&self) -> &[String] {
        &self.header
    }

    /// Whether the table is a REDCap export (record rows are then handled).
    pub(crate) fn is_export(&self) -> bool {
        self.export.is_some()
    }

    /// One data row, transformed. `None` for a record's own row (in an
    /// export, a row whose repeat instrument cell is blank): it is not a
    /// contact; it is kept so that its non-blank values fill the blank cells
    /// of the same record's later repeating rows (REDCap writes the fields
    /// of non-repeating forms, such as the therapist's name, once, on the
    /// record's row; older exports and reports may also leave the data
    /// access group there alone). Matching is on the record id cell, trimmed.
    ///
    /// A record with several own rows (one per event of a longitudinal
    /// project) keeps the latest non-blank value of each cell. Rows of a
    /// record whose own row has not been seen are passed through unfilled
    /// (and counted: [`RedcapRows::unfilled_rows`]). Cells beyond the
    /// header are dropped.
    pub(crate) fn row<C: Cells>(&mut self, cells: &C) -> Option<RowOut<'_>> {
        let mut fill: Option<&[String]> = None;
        if let Some(export) = self.export {
            let id = cells.cell(export.record_id);
            let id = id.trim();
            if cells.cell(export.repeat_instrument).trim().is_empty() {
                self.record_rows += 1;
                if !id.is_empty() {
                    let stored = self.records.entry(id.to_string()).or_default();
                    for i in 0..cells.count().min(self.width) {
                        let cell = cells.cell(i);
                        if cell.trim().is_empty() {
                            continue;
                        }
                        if stored.len() <= i {
                            stored.resize(i + 1, String::new());
                        }
                        stored[i].clear();
                        stored[i].push_str(&cell);
                    }
                }
                return None;
            }
            fill = self.records.get(id).map(Vec::as_slice);
            if fill.is_none() {
                self.unfilled_rows += 1;
            }
        }
        self.row_unreadable.clear();
        for (k, source) in self.sources.iter().enumerate() {
            let target = &mut self.out[k];
            target.clear();
            match source {
                Source::Plain(column) => target.push_str(&cell_or_fill(cells, fill, *column)),
                Source::Coded { column, choices } => {
                    let raw = cell_or_fill(cells, fill, *column);
                    let code = raw.trim();
                    if code.is_empty() {
                        target.push_str(&raw);
                    } else if let Some(choice) = choices.iter().find(|c| c.code == code) {
                        target.push_str(&choice.label);
                        self.decoded[k].add(code);
                    } else {
                        // A label already (an export of labels under variable
                        // names) is kept; anything else is kept and counted.
                        target.push_str(&raw);
                        if !choices.iter().any(|c| unicase::eq(c.label.as_str(), code)) {
                            self.unknown[k].add(code);
                        }
                    }
                }
                Source::Checkbox(members) => {
                    for member in members {
                        let raw = cell_or_fill(cells, fill, member.column);
                        let value = raw.trim();
                        match checkbox_mark(value, &member.label) {
                            Some(true) => {
                                if !target.is_empty() {
                                    target.push_str("; ");
                                }
                                target.push_str(&member.label);
                            }
                            Some(false) => {}
                            None => {
                                self.unreadable[k].add(value);
                                self.row_unreadable.push((k, value.to_string()));
                            }
                        }
                    }
                }
            }
        }
        Some(RowOut {
            cells: &self.out,
            unreadable: &self.row_unreadable,
        })
    }

    /// Records' own rows passed over so far.
    pub(crate) fn record_rows(&self) -> u64 {
        self.record_rows
    }

    /// Repeating rows of an export passed through unfilled, as their
    /// record's own row had not been seen before them.
    #[cfg(test)]
    pub(crate) fn unfilled_rows(&self) -> u64 {
        self.unfilled_rows
    }

    /// Cells decoded with the codebook, per column header (the codes met
    /// as examples); only columns with some.
    pub(crate) fn decoded(&self) -> Vec<ColumnCount> {
        self.counts(&self.decoded)
    }

    /// Coded cells whose code the codebook does not list (kept as written),
    /// per column header (the codes as examples), for notices. A cell that
    /// is already one of the field's labels is not counted.
    pub(crate) fn unknown_codes(&self) -> Vec<ColumnCount> {
        self.counts(&self.unknown)
    }

    /// Checkbox cells that are neither checked (`1`, `Checked`, `Yes`, `Y`,
    /// `x`, `TRUE`, or the choice's label) nor unchecked (`0`, `Unchecked`,
    /// `No`, `N`, `FALSE`, blank), per collapsed column: left out of the
    /// joined labels. Each row also says which of its cells were
    /// ([`RowOut::unreadable_checkboxes`]), for the caller to decide.
    pub(crate) fn unreadable_checkbox_cells(&self) -> Vec<ColumnCount> {
        self.counts(&self.unreadable)
    }

    fn counts(&self, tallies: &[Tally]) -> Vec<ColumnCount> {
        tallies
            .iter()
            .zip(&self.header)
            .filter(|(t, _)| t.cells > 0)
            .map(|(t, header)| ColumnCount {
                header: header.clone(),
                cells: t.cells,
                values: t.values.clone(),
            })
            .collect()
    }
}

/// How many input columns a transformation reads (one past the last).
fn input_width(sources: &[Source]) -> usize {
    sources
        .iter()
        .map(|s| match s {
            Source::Plain(c) | Source::Coded { column: c, .. } => c + 1,
            Source::Checkbox(members) => members.iter().map(|m| m.column + 1).max().unwrap_or(0),
        })
        .max()
        .unwrap_or(0)
}

/// A row's cell, or where it is blank the record's own row's cell.
fn cell_or_fill<'a, C: Cells>(
    cells: &'a C,
    fill: Option<&'a [String]>,
    column: usize,
) -> Cow<'a, str> {
    let own = cells.cell(column);
    if own.trim().is_empty() {
        if let Some(value) = fill.and_then(|f| f.get(column)) {
            if !value.trim().is_empty() {
                return Cow::Borrowed(value.as_str());
            }
        }
    }
    own
}

/// Whether a checkbox cell marks its choice: `Some(true)` checked,
/// `Some(false)` unchecked or blank, `None` neither.
fn checkbox_mark(value: &str, label: &str) -> Option<bool> {
    const CHECKED: [&str; 6] = ["1", "checked", "yes", "y", "x", "true"];
    const UNCHECKED: [&str; 5] = ["0", "unchecked", "no", "n", "false"];
    if value.is_empty() || UNCHECKED.iter().any(|w| value.eq_ignore_ascii_case(w)) {
        Some(false)
    } else if CHECKED.iter().any(|w| value.eq_ignore_ascii_case(w)) || unicase::eq(value, label) {
        Some(true)
    } else {
        None
    }
}

/// Reads a checkbox column's header, raw (`stem___code`) or labels
/// (`Stem (choice=Label)`).
fn checkbox_header(name: &str, codebook: Option<&Codebook>) -> Option<CheckboxHeader> {
    if let Some(found) = labels_checkbox_header(name) {
        return Some(found);
    }
    // Raw: a split whose stem the codebook knows as a checkbox field wins.
    let splits = || {
        name.match_indices("___")
            .map(|(at, _)| (&name[..at], &name[at + 3..]))
    };
    if let Some(codebook) = codebook {
        for (stem, code) in splits() {
            if let Some(label) = codebook.checkbox_label(stem, code) {
                return Some(CheckboxHeader {
                    stem: stem.to_string(),
                    label: label.to_string(),
                });
            }
        }
        for (stem, code) in splits() {
            if codebook.field_type(stem) == Some(FieldType::Checkbox) && !code.is_empty() {
                return Some(CheckboxHeader {
                    stem: stem.to_string(),
                    label: code.to_string(),
                });
            }
        }
    }
    let (stem, code) = splits().next()?;
    let is_code = !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (!stem.trim().is_empty() && is_code).then(|| CheckboxHeader {
        stem: stem.trim().to_string(),
        label: code.to_string(),
    })
}

/// `Topics discussed (choice=Recruitment)`: stem `Topics discussed`, label
/// `Recruitment`.
fn labels_checkbox_header(name: &str) -> Option<CheckboxHeader> {
    let body = name.strip_suffix(')')?;
    let at = body.find("(choice=")?;
    let stem = body[..at].trim();
    let label = body[at + "(choice=".len()..].trim();
    (!stem.is_empty() && !label.is_empty()).then(|| CheckboxHeader {
        stem: stem.to_string(),
        label: label.to_string(),
    })
}

/// One transformed row: it reads like any other row ([`Cells`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct RowOut<'a> {
    cells: &'a [String],
    unreadable: &'a [(usize, String)],
}

impl<'a> RowOut<'a> {
    /// The cells, one per column of [`RedcapRows::header`].
    #[cfg(test)]
    pub(crate) fn cells(&self) -> &'a [String] {
        self.cells
    }

    /// This row's checkbox cells that were neither checked nor unchecked:
    /// the column (in [`RedcapRows::header`]) and the cell, trimmed. They
    /// are left out of the column's joined labels.
    pub(crate) fn unreadable_checkboxes(&self) -> &'a [(usize, String)] {
        self.unreadable
    }
}

impl Cells for RowOut<'_> {
    fn cell(&self, index: usize) -> Cow<'_, str> {
        Cow::Borrowed(self.cells.get(index).map_or("", String::as_str))
    }

    fn count(&self) -> usize {
        self.cells.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of owned cells, as a reader would give it.
    struct Row(Vec<String>);

    impl Cells for Row {
        fn cell(&self, index: usize) -> Cow<'_, str> {
            Cow::Borrowed(self.0.get(index).map_or("", String::as_str))
        }
        fn count(&self) -> usize {
            self.0.len()
        }
    }

    /// The records of a CSV text (a BOM removed), every row kept.
    fn table(text: &str) -> Vec<Vec<String>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.expect("csv").iter().map(str::to_string).collect())
            .collect()
    }

    /// Runs a table through [`RedcapRows`]: the header, the rows that come
    /// out (record rows give none), and the transformer for its counts.
    fn transform(
        text: &str,
        codebook: Option<&Codebook>,
    ) -> (Vec<String>, Vec<Vec<String>>, RedcapRows) {
        let mut rows = table(text).into_iter();
        let header = rows.next().expect("header");
        let names: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut redcap = RedcapRows::new(&names, codebook).expect("something to do");
        let mut out = Vec::new();
        for row in rows {
            if let Some(row) = redcap.row(&Row(row)) {
                out.push(row.cells().to_vec());
            }
        }
        (redcap.header().to_vec(), out, redcap)
    }

    fn column(header: &[String], name: &str) -> usize {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name:?} in {header:?}"))
    }

    /// A dictionary in REDCap's full layout: two forms, radio, yesno,
    /// truefalse, checkbox, dropdown, text, notes, calc and descriptive fields.
    const DICTIONARY: &str = "\u{feff}Variable / Field Name,Form Name,Section Header,Field Type,Field Label,\"Choices, Calculations, OR Slider Labels\",Field Note,Text Validation Type OR Show Slider Number,Text Validation Min,Text Validation Max,Identifier?,Branching Logic (Show field only if...),Required Field?,Custom Alignment,Question Number (surveys only),Matrix Group Name,Matrix Ranking?,Field Annotation
record_id,therapist,,text,Record ID,,,,,,,,,,,,,
ot_name,therapist,,text,OT name,,,,,,y,,y,,,,,
site_type,therapist,,dropdown,Type of site,\"a, Acute|b,Community | c ,  Mental health, adult\",,,,,,,,,,,,
contact_date,mentoring_contact,Contact,text,Date of contact,,,date_dmy,,,,,y,,,,,
contact_mode,mentoring_contact,,radio,How was the contact made?,\"1, Phone | 2, Teams | 3, Email\",,,,,,,y,RH,,,,
attended,mentoring_contact,,yesno,Did the OT attend?,,,,,,,,,,,,,
on_time,mentoring_contact,,truefalse,Started on time,,,,,,,,,,,,,
topic,mentoring_contact,,checkbox,Topics discussed,\"1, Recruitment | 2, Fidelity | 3, Trial processes\",,,,,,[attended] = '1',,,,,,
duration_min,mentoring_contact,,text,<b>Duration</b> (minutes),,,integer,0,1440,,,,,,,,
total_min,mentoring_contact,,calc,Total minutes,\"sum([duration_min], 0)\",,,,,,,,,,,,
notes,mentoring_contact,,notes,Notes,,,,,,,,,,,,,
info,mentoring_contact,,descriptive,Thank you,,,,,,,,,,,,,
";

    fn codebook() -> Codebook {
        Codebook::read("dictionary.csv", DICTIONARY.as_bytes()).expect("a dictionary")
    }

    #[test]
    fn a_dictionary_gives_types_labels_and_choices() {
        let book = codebook();
        assert_eq!(book.len(), 12);
        assert!(!book.is_empty());
        assert_eq!(book.label("contact_mode", "2"), Some("Teams"));
        assert_eq!(book.label("contact_mode", " 3 "), Some("Email"));
        assert_eq!(book.label("contact_mode", "4"), None);
        assert_eq!(book.label("CONTACT_MODE", "1"), Some("Phone"));
        assert_eq!(book.label("attended", "1"), Some("Yes"));
        assert_eq!(book.label("attended", "0"), Some("No"));
        assert_eq!(book.label("on_time", "0"), Some("False"));
        // Spaces vary; a label keeps its own commas.
        assert_eq!(book.label("site_type", "b"), Some("Community"));
        assert_eq!(book.label("site_type", "c"), Some("Mental health, adult"));
        // Not coded: checkbox, text, calc.
        assert_eq!(book.label("topic", "1"), None);
        assert_eq!(book.label("ot_name", "1"), None);
        assert_eq!(book.label("total_min", "sum([duration_min]"), None);
        assert_eq!(book.label("nowhere", "1"), None);
        assert_eq!(
            book.field_label("contact_mode"),
            Some("How was the contact made?")
        );
        assert_eq!(book.field_label("duration_min"), Some("Duration (minutes)"));
        assert_eq!(book.field_type("topic"), Some(FieldType::Checkbox));
        assert_eq!(book.field_type("total_min"), Some(FieldType::Calc));
        assert!(book.choices("total_min").is_empty());
        assert_eq!(book.checkbox_label("topic", "3"), Some("Trial processes"));
        let labels: Vec<&str> = book
            .choices("topic")
            .iter()
            .map(|c| c.label.as_str())
            .collect();
        assert_eq!(labels, ["Recruitment", "Fidelity", "Trial processes"]);
    }

    #[test]
    fn choices_are_read_as_redcap_reads_them() {
        let choices =
            parse_choices(" 1,Phone|2 ,  Teams |3, Email, or letter | 4 | | ,blank\n5, SMS");
        let pairs: Vec<(&str, &str)> = choices
            .iter()
            .map(|c| (c.code.as_str(), c.label.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("1", "Phone"),
                ("2", "Teams"),
                ("3", "Email, or letter"),
                ("4", "4"),
                ("5", "SMS")
            ]
        );
    }

    #[test]
    fn a_dictionary_saved_by_excel_in_windows_1252_is_read() {
        let mut bytes = b"Variable / Field Name,Form Name,Field Type,Field Label,\"Choices, Calculations, OR Slider Labels\"\r\n".to_vec();
        bytes.extend_from_slice(
            b"contact_mode,contact,radio,Mode,\"1, Caf\xE9 meeting | 2, T\xE9l\xE9phone\"\r\n",
        );
        bytes.extend_from_slice(b"ot_name,contact,text,Th\xE9rapeute,\r\n");
        let book = Codebook::read("dictionary.csv", &bytes[..]).expect("a dictionary");
        assert_eq!(book.label("contact_mode", "1"), Some("Café meeting"));
        assert_eq!(book.label("contact_mode", "2"), Some("Téléphone"));
        assert_eq!(book.field_label("ot_name"), Some("Thérapeute"));
    }

    #[test]
    fn a_semicolon_dictionary_below_a_title_and_the_api_layout_are_read() {
        let text = "Mentoring project dictionary\n\nVariable / Field Name;Form Name;Field Type;Field Label;Choices, Calculations, OR Slider Labels\ncontact_mode;contact;radio;Mode;1, Phone | 2, Teams\n";
        let book = Codebook::read("dictionary.csv", text.as_bytes()).expect("a dictionary");
        assert_eq!(book.label("contact_mode", "2"), Some("Teams"));
        let api = "field_name,form_name,section_header,field_type,field_label,select_choices_or_calculations\ncontact_mode,contact,,dropdown,Mode,\"1, Phone | 2, Teams\"\n";
        let book = Codebook::read("metadata.csv", api.as_bytes()).expect("a dictionary");
        assert_eq!(book.label("contact_mode", "1"), Some("Phone"));
        assert!(Codebook::is_dictionary_header(&[
            "Variable / Field Name",
            "Form Name",
            "Field Type",
            "Choices, Calculations, OR Slider Labels"
        ]));
        assert!(Codebook::is_dictionary_header(&[
            "VARIABLE/FIELD NAME",
            "field type",
            "Choices Calculations or Slider Labels"
        ]));
        assert!(!Codebook::is_dictionary_header(&[
            "Variable / Field Name",
            "Field Type"
        ]));
        assert!(!Codebook::is_dictionary_header(&["Date", "Site", "Mode"]));
    }

    #[test]
    fn a_dictionary_keeps_the_first_row_of_a_variable_and_passes_over_blank_names() {
        let text = "Variable / Field Name,Field Type,\"Choices, Calculations, OR Slider Labels\"\nmode,radio,\"1, Phone\"\n,radio,\"1, Nothing\"\nmode,radio,\"1, Teams\"\nVariable / Field Name,Field Type,\"Choices, Calculations, OR Slider Labels\"\n";
        let book = Codebook::read("dictionary.csv", text.as_bytes()).expect("a dictionary");
        assert_eq!(book.len(), 1);
        assert_eq!(book.label("mode", "1"), Some("Phone"));
    }

    #[test]
    fn a_record_file_given_as_a_dictionary_is_refused_naming_what_was_found() {
        let text = "Date,Site,Mode\n2024-01-10,St George's,Phone\n";
        let error = Codebook::read("log.csv", text.as_bytes()).expect_err("not a dictionary");
        assert!(matches!(
            error.kind,
            FileErrorKind::NotDictionary { line: 1, .. }
        ));
        let message = error.to_string();
        assert!(
            message.starts_with("log.csv: line 1: is not a REDCap data dictionary"),
            "{message}"
        );
        assert!(message.contains("\"Variable / Field Name\""), "{message}");
        assert!(
            message.contains("\"Choices, Calculations, OR Slider Labels\""),
            "{message}"
        );
        assert!(
            message.contains("found the columns \"Date\", \"Site\", \"Mode\""),
            "{message}"
        );
    }

    #[test]
    fn a_data_export_given_as_a_dictionary_is_named_as_one() {
        let text =
            "record_id,redcap_repeat_instrument,redcap_repeat_instance,ot_name\n1,,,Amy Cole\n";
        let message = Codebook::read("export.csv", text.as_bytes())
            .expect_err("not a dictionary")
            .to_string();
        assert!(
            message.contains("\"record_id\", \"redcap_repeat_instrument\""),
            "{message}"
        );
        assert!(message.contains("a REDCap data export"), "{message}");
    }

    #[test]
    fn empty_text_a_workbook_and_binary_data_are_not_dictionaries() {
        let message = Codebook::read("empty.csv", &b""[..])
            .expect_err("empty")
            .to_string();
        assert!(message.ends_with("found no text)"), "{message}");
        let message = Codebook::read("dictionary.xlsx", &b"PK\x03\x04\x14\x00\x06\x00"[..])
            .expect_err("a workbook")
            .to_string();
        assert!(message.contains("an Excel workbook"), "{message}");
        let message = Codebook::read("image.bin", &b"ab\x00cd\x00ef\x00"[..])
            .expect_err("binary")
            .to_string();
        assert!(message.contains("binary data"), "{message}");
    }

    #[test]
    fn export_headers_raw_and_labels() {
        assert!(is_export_header(&[
            "record_id",
            "redcap_repeat_instrument",
            "redcap_repeat_instance"
        ]));
        assert!(is_export_header(&[
            "Record ID",
            "Repeat Instrument",
            "Repeat Instance"
        ]));
        assert!(is_export_header(&[
            "RECORD_ID",
            " redcap repeat instrument "
        ]));
        assert!(!is_export_header(&["record_id", "ot_name"]));
        assert!(!is_export_header(&["Date", "Site", "Mode"]));
    }

    const RAW_EXPORT: &str = "record_id,redcap_repeat_instrument,redcap_repeat_instance,redcap_data_access_group,ot_name,therapist_complete,contact_date,contact_mode,attended,topic___1,topic___2,topic___3,duration_min,notes,mentoring_contact_complete
1,,,st_georges,Amy Cole,2,,,,,,,,,
1,mentoring_contact,1,,,,2024-01-10,1,1,1,0,1,30,Screening log,2
1,mentoring_contact,2,,,,2024-02-07,2,0,0,0,0,,,2
1,mentoring_contact,3,,,,2024-03-06,9,1,0,1,maybe,45,,1
";

    #[test]
    fn a_raw_export_is_filled_decoded_and_collapsed() {
        let book = codebook();
        let (header, rows, redcap) = transform(RAW_EXPORT, Some(&book));
        assert!(redcap.is_export());
        assert_eq!(
            header,
            [
                "record_id",
                "redcap_repeat_instrument",
                "redcap_repeat_instance",
                "redcap_data_access_group",
                "ot_name",
                "therapist_complete",
                "contact_date",
                "contact_mode",
                "attended",
                "topic",
                "duration_min",
                "notes",
                "mentoring_contact_complete"
            ]
        );
        assert_eq!(redcap.record_rows(), 1);
        assert_eq!(redcap.unfilled_rows(), 0);
        assert_eq!(rows.len(), 3);
        let at = |name| column(&header, name);
        let first = &rows[0];
        assert_eq!(first[at("ot_name")], "Amy Cole");
        assert_eq!(first[at("redcap_data_access_group")], "st_georges");
        assert_eq!(first[at("contact_mode")], "Phone");
        assert_eq!(first[at("attended")], "Yes");
        assert_eq!(first[at("topic")], "Recruitment; Trial processes");
        assert_eq!(first[at("duration_min")], "30");
        assert_eq!(first[at("redcap_repeat_instance")], "1");
        let second = &rows[1];
        assert_eq!(second[at("ot_name")], "Amy Cole");
        assert_eq!(second[at("contact_mode")], "Teams");
        assert_eq!(second[at("attended")], "No");
        assert_eq!(second[at("topic")], "");
        assert_eq!(second[at("duration_min")], "");
        // An unlisted code stays as written; an unreadable checkbox cell is
        // left out of the joined labels.
        let third = &rows[2];
        assert_eq!(third[at("contact_mode")], "9");
        assert_eq!(third[at("topic")], "Fidelity");
        assert_eq!(
            redcap.decoded(),
            [
                ColumnCount {
                    header: "contact_mode".into(),
                    cells: 2,
                    values: vec!["1".into(), "2".into()]
                },
                ColumnCount {
                    header: "attended".into(),
                    cells: 3,
                    values: vec!["1".into(), "0".into()]
                }
            ]
        );
        assert_eq!(
            redcap.unknown_codes(),
            [ColumnCount {
                header: "contact_mode".into(),
                cells: 1,
                values: vec!["9".into()]
            }]
        );
        assert_eq!(
            redcap.unreadable_checkbox_cells(),
            [ColumnCount {
                header: "topic".into(),
                cells: 1,
                values: vec!["maybe".into()]
            }]
        );
    }

    #[test]
    fn each_row_says_which_checkbox_cells_it_could_not_read() {
        let mut rows = table(RAW_EXPORT).into_iter();
        let header = rows.next().expect("header");
        let names: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut redcap = RedcapRows::new(&names, None).expect("an export");
        let mut unreadable = Vec::new();
        for row in rows {
            if let Some(out) = redcap.row(&Row(row)) {
                unreadable.push(out.unreadable_checkboxes().to_vec());
                assert_eq!(out.count(), redcap_header_len(&names));
            }
        }
        let topic = 9;
        assert_eq!(
            unreadable,
            [vec![], vec![], vec![(topic, "maybe".to_string())]]
        );
    }

    fn redcap_header_len(names: &[&str]) -> usize {
        RedcapRows::new(names, None)
            .expect("an export")
            .header()
            .len()
    }

    #[test]
    fn without_a_codebook_a_raw_checkbox_marks_its_code() {
        let (header, rows, _) = transform(RAW_EXPORT, None);
        let at = |name| column(&header, name);
        assert_eq!(rows[0][at("topic")], "1; 3");
        assert_eq!(rows[0][at("contact_mode")], "1");
        assert_eq!(rows[0][at("ot_name")], "Amy Cole");
    }

    #[test]
    fn a_labels_export_is_filled_and_collapsed() {
        let text = "Record ID,Repeat Instrument,Repeat Instance,Data Access Group,OT name,Date of contact,How was the contact made?,Topics discussed (choice=Recruitment),Topics discussed (choice=Fidelity),Topics discussed (choice=Trial processes (SOPs)),Duration (minutes),Complete?
1,,,St George's,Amy Cole,,,,,,,Complete
1,Mentoring Contact,1,,,2024-01-10,Phone,Checked,Unchecked,Checked,30,Complete
1,Mentoring Contact,2,,,2024-02-07,Teams,Unchecked,Checked,Unchecked,45,Incomplete
";
        let (header, rows, redcap) = transform(text, None);
        assert!(redcap.is_export());
        assert_eq!(redcap.record_rows(), 1);
        assert_eq!(
            header,
            [
                "Record ID",
                "Repeat Instrument",
                "Repeat Instance",
                "Data Access Group",
                "OT name",
                "Date of contact",
                "How was the contact made?",
                "Topics discussed",
                "Duration (minutes)",
                "Complete?"
            ]
        );
        let at = |name| column(&header, name);
        assert_eq!(rows[0][at("OT name")], "Amy Cole");
        assert_eq!(rows[0][at("Data Access Group")], "St George's");
        assert_eq!(
            rows[0][at("Topics discussed")],
            "Recruitment; Trial processes (SOPs)"
        );
        assert_eq!(rows[1][at("Topics discussed")], "Fidelity");
        assert_eq!(rows[1][at("OT name")], "Amy Cole");
        assert_eq!(rows[1][at("Data Access Group")], "St George's");
        // A cell the repeating row has is its own.
        assert_eq!(rows[1][at("Complete?")], "Incomplete");
        assert!(redcap.unreadable_checkbox_cells().is_empty());
    }

    #[test]
    fn nothing_to_do_without_an_export_checkboxes_or_coded_columns() {
        let plain = ["Date", "Site", "Mode", "contact_mode"];
        assert!(RedcapRows::new(&plain, None).is_none());
        let book = codebook();
        assert!(RedcapRows::new(&["Date", "Site", "Mode", "ot_name"], Some(&book)).is_none());
        // A coded field of the codebook is something to do, export or not.
        let mut coded = RedcapRows::new(&plain, Some(&book)).expect("a coded column");
        assert!(!coded.is_export());
        let row = Row(vec![
            "2024-01-10".into(),
            "A".into(),
            "x".into(),
            "3".into(),
        ]);
        assert_eq!(coded.row(&row).expect("a row").cells()[3], "Email");
        // So is a checkbox group, in any table.
        let mut boxes = RedcapRows::new(&["Date", "topic___1", "Site", "topic___2"], None)
            .expect("a checkbox group");
        assert_eq!(boxes.header(), ["Date", "topic", "Site"]);
        let row = Row(vec![
            "2024-01-10".into(),
            "x".into(),
            "A".into(),
            "TRUE".into(),
        ]);
        assert_eq!(
            boxes.row(&row).expect("a row").cells(),
            ["2024-01-10", "1; 2", "A"]
        );
        assert_eq!(boxes.record_rows(), 0);
    }

    #[test]
    fn checkbox_codes_with_punctuation_match_their_column_names() {
        assert_eq!(checkbox_column_code("-1"), "_1");
        assert_eq!(checkbox_column_code("A.b"), "a_b");
        assert_eq!(checkbox_column_code("Yes!"), "yes");
        let text = "Variable / Field Name,Field Type,\"Choices, Calculations, OR Slider Labels\"\nreason,checkbox,\"-1, Unknown | 2.5, Partly | OT, Other therapist | a_b, Both\"\n";
        let book = Codebook::read("dictionary.csv", text.as_bytes()).expect("a dictionary");
        let header = [
            "reason____1",
            "reason___2_5",
            "reason___ot",
            "reason___ab",
            "note",
        ];
        let mut redcap = RedcapRows::new(&header, Some(&book)).expect("a checkbox group");
        assert_eq!(redcap.header(), ["reason", "note"]);
        let row = Row(["1", "1", "1", "1", "x"].map(String::from).to_vec());
        assert_eq!(
            redcap.row(&row).expect("a row").cells(),
            ["Unknown; Partly; Other therapist; Both", "x"]
        );
        // A stem of underscores: the codebook's checkbox field is found.
        let text = "Variable / Field Name,Field Type,\"Choices, Calculations, OR Slider Labels\"\nwhy___now,checkbox,\"1, Because\"\n";
        let book = Codebook::read("dictionary.csv", text.as_bytes()).expect("a dictionary");
        let redcap = RedcapRows::new(&["why___now___1"], Some(&book)).expect("a group");
        assert_eq!(redcap.header(), ["why___now"]);
    }

    #[test]
    fn rows_before_their_records_own_row_pass_unfilled() {
        let text = "record_id,redcap_repeat_instrument,ot_name,contact_mode
2,mentoring_contact,,1
2,,Ben Dunn,
2,mentoring_contact,,2
3,mentoring_contact,Zoë Reid,1
";
        let (header, rows, redcap) = transform(text, None);
        let at = column(&header, "ot_name");
        let names: Vec<&str> = rows.iter().map(|r| r[at].as_str()).collect();
        assert_eq!(names, ["", "Ben Dunn", "Zoë Reid"]);
        assert_eq!(redcap.record_rows(), 1);
        assert_eq!(redcap.unfilled_rows(), 2);
    }

    #[test]
    fn labels_under_variable_names_are_not_unknown_codes() {
        // The API's rawOrLabel=label with raw headers, and checkbox cells
        // holding the choice's label (exportCheckboxLabel).
        let text = "record_id,redcap_repeat_instrument,contact_mode,topic___1,topic___2
1,mentoring_contact,teams,Recruitment,
";
        let book = codebook();
        let (header, rows, redcap) = transform(text, Some(&book));
        assert_eq!(rows[0][column(&header, "contact_mode")], "teams");
        assert_eq!(rows[0][column(&header, "topic")], "Recruitment");
        assert!(redcap.unknown_codes().is_empty());
        assert!(redcap.decoded().is_empty());
    }

    /// The project in tests/fixtures/redcap: its dictionary, raw export and
    /// labels export.
    const FIXTURE_DICTIONARY: &[u8] =
        include_bytes!("../../../tests/fixtures/redcap/mentoring_DataDictionary.csv");
    const FIXTURE_RAW: &str = include_str!("../../../tests/fixtures/redcap/mentoring_raw.csv");
    const FIXTURE_LABELS: &str =
        include_str!("../../../tests/fixtures/redcap/mentoring_labels.csv");

    /// Held contacts (attended) and their minutes per site, as the README
    /// of the fixtures works them out by hand.
    fn held_by_site(
        header: &[String],
        rows: &[Vec<String>],
        site: &str,
        duration: &str,
        attended: &str,
    ) -> Vec<(String, u32, u32)> {
        let (site, duration, attended) = (
            column(header, site),
            column(header, duration),
            column(header, attended),
        );
        let mut sites: Vec<(String, u32, u32)> = Vec::new();
        for row in rows.iter().filter(|r| r[attended] == "Yes") {
            let minutes: u32 = row[duration].parse().expect("a duration");
            match sites.iter_mut().find(|s| s.0 == row[site]) {
                Some(s) => {
                    s.1 += 1;
                    s.2 += minutes;
                }
                None => sites.push((row[site].clone(), 1, minutes)),
            }
        }
        sites
    }

    #[test]
    fn the_fixture_project_gives_the_figures_of_its_readme() {
        let book = Codebook::read("mentoring_DataDictionary.csv", FIXTURE_DICTIONARY)
            .expect("the fixture dictionary");
        assert_eq!(book.len(), 10);
        assert_eq!(book.label("contact_mode", "5"), Some("Face to face"));
        let (raw_header, raw, raw_rows) = transform(FIXTURE_RAW, Some(&book));
        assert_eq!(raw_rows.record_rows(), 3);
        assert_eq!(raw.len(), 12);
        assert!(raw_rows.unknown_codes().is_empty());
        assert!(raw_rows.unreadable_checkbox_cells().is_empty());
        assert_eq!(
            held_by_site(
                &raw_header,
                &raw,
                "redcap_data_access_group",
                "duration_min",
                "attended"
            ),
            [
                ("st_georges".to_string(), 6, 220),
                ("royal_free".to_string(), 3, 95)
            ]
        );
        let (labels_header, labels, labels_rows) = transform(FIXTURE_LABELS, None);
        assert_eq!(labels_rows.record_rows(), 3);
        assert_eq!(
            held_by_site(
                &labels_header,
                &labels,
                "Data Access Group",
                "Duration (minutes)",
                "Did the OT attend?"
            ),
            [
                ("St George's".to_string(), 6, 220),
                ("Royal Free".to_string(), 3, 95)
            ]
        );
        // The two exports read alike, column for column, but for the data
        // access group (unique name / label) and the form status (code / label).
        let pairs = [
            ("record_id", "Record ID"),
            ("redcap_repeat_instance", "Repeat Instance"),
            ("ot_name", "OT name"),
            ("ot_site", "Site"),
            ("ot_band", "AfC band"),
            ("contact_date", "Date of contact"),
            ("contact_mode", "How was the contact made?"),
            ("duration_min", "Duration (minutes)"),
            ("attended", "Did the OT attend?"),
            ("topics", "Topics discussed"),
            ("notes", "Notes"),
        ];
        for (raw_row, labels_row) in raw.iter().zip(&labels) {
            for (raw_name, labels_name) in pairs {
                assert_eq!(
                    raw_row[column(&raw_header, raw_name)],
                    labels_row[column(&labels_header, labels_name)],
                    "{raw_name}"
                );
            }
        }
        let mentees: Vec<&str> = raw
            .iter()
            .map(|r| r[column(&raw_header, "ot_name")].as_str())
            .collect();
        assert_eq!(mentees.iter().filter(|m| **m == "Zoë Reid").count(), 4);
        assert!(mentees.iter().all(|m| !m.is_empty()));
    }
}
