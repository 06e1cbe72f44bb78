// Writes the log templates a team can start its mentoring log from:
//
//   node scripts/make_templates.mjs DIR
//
// DIR/mentoring-stats-log-template.csv: the recommended columns (the first
// header the calculator knows for each field, "Duration (mins)" so that the
// unit is said) and one example row;
// DIR/mentoring-stats-log-template.xlsx: the same on a sheet "Log", with
// drop-down lists (data validation) for Mode and Attendance, and a second
// sheet "Columns" that explains each column and the values it takes.
//
// Made with Node's own zlib (no package): the workbook is written as XML
// parts in a zip with fixed dates, so the same script always writes the
// same bytes. scripts/setup.sh's build_page runs it after Trunk; the single
// file (scripts/make_offline.mjs) carries both templates, and
// tests/templates.rs reads them back with the calculator.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

export const CSV_NAME = "mentoring-stats-log-template.csv";
export const XLSX_NAME = "mentoring-stats-log-template.xlsx";

/** The example row's date (2025-03-14), written as ISO text and as an Excel date. */
const EXAMPLE_DATE = "2025-03-14";

/** Drop-down values (any other label is still read: see the Columns sheet). */
const MODES = ["Phone", "Video", "In person", "Email", "Text"];
const ATTENDANCE = ["Attended", "Did not attend", "Cancelled"];

/** The columns: header, whether needed, the example row's value, what to write, accepted values. */
export const COLUMNS = [
  {
    header: "Date",
    needed: "Yes",
    example: EXAMPLE_DATE,
    what: "The day of the contact.",
    values: "A date cell, or 2025-03-14, 14/03/2025, 14 Mar 2025. A time after the date is ignored. 14/03/2025 is read day first unless the file's dates say otherwise (a notice tells).",
  },
  {
    header: "Site",
    needed: "Yes",
    example: "Example Hospital",
    what: "The trial site the contact was for.",
    values: "The site's name, written the same way each time (letter case and extra spaces do not matter).",
  },
  {
    header: "Mode",
    needed: "Yes",
    example: "Phone",
    what: "How the contact was made.",
    values: "Phone, Video (Teams, Zoom, Skype), In person (face to face, visit), Email, Text (SMS). Any other label is counted as other and listed in a notice.",
  },
  {
    header: "Duration (mins)",
    needed: "For phone, video and in person contacts that were held",
    example: "45",
    what: "How long the contact lasted, in minutes.",
    values: "45, 45 min, 1:15 (hours:minutes), 1 h 15 min, 1.5 h. Blank for an email or text counts 5 minutes (a setting of the calculator).",
  },
  {
    header: "Mentee",
    needed: "For per-mentee figures",
    example: "Amy Cole; Ben Dunn",
    what: "Who was mentored.",
    values: "One name, or several separated by ; for a group session. Blank if none.",
  },
  {
    header: "Mentor",
    needed: "For per-mentor figures and costs",
    example: "Sam Reid",
    what: "Who mentored.",
    values: "One name, or blank.",
  },
  {
    header: "Attendance",
    needed: "No (blank means attended)",
    example: "Attended",
    what: "Whether the contact took place.",
    values: "Attended (or blank, yes, present, held, completed), Did not attend (or no, DNA, absent, no show), Cancelled (or postponed, rescheduled). Anything else rejects the row.",
  },
  {
    header: "Session",
    needed: "No",
    example: "S1",
    what: "The same value on every row of one group session (same site and date), so that its rows count as one contact.",
    values: "Any text, such as S1 or a meeting ID. Blank for a contact of its own.",
  },
  {
    header: "Topic",
    needed: "No",
    example: "Recruitment",
    what: "What the contact was about.",
    values: "One topic, or several separated by ; (Recruitment; Fidelity).",
  },
];

function csvField(text) {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The .csv template: UTF-8 without BOM, CRLF line ends (as Excel writes). */
export function templateCsv() {
  const lines = [COLUMNS.map((c) => c.header), COLUMNS.map((c) => c.example)];
  return Buffer.from(lines.map((cells) => cells.map(csvField).join(",") + "\r\n").join(""), "utf8");
}

function xml(text) {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** A1-style column letter of index 0..25. */
const letter = (i) => String.fromCharCode(65 + i);

function textCell(ref, text, style = 0) {
  return `<c r="${ref}" t="inlineStr"${style ? ` s="${style}"` : ""}><is><t xml:space="preserve">${xml(text)}</t></is></c>`;
}

/** Days since 1899-12-30: Excel's serial number of a date. */
function excelSerial(iso) {
  return (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const LAST_ROW = 5000;

function logSheet() {
  const cols = COLUMNS.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.max(14, c.header.length + 4)}" customWidth="1"/>`).join("");
  const header = COLUMNS.map((c, i) => textCell(`${letter(i)}1`, c.header, 2)).join("");
  const example = COLUMNS.map((c, i) => {
    const ref = `${letter(i)}2`;
    if (c.header === "Date") return `<c r="${ref}" s="1"><v>${excelSerial(c.example)}</v></c>`;
    if (c.header === "Duration (mins)") return `<c r="${ref}"><v>${Number(c.example)}</v></c>`;
    return textCell(ref, c.example);
  }).join("");
  const column = (header) => letter(COLUMNS.findIndex((c) => c.header === header));
  const list = (header, values, prompt) => {
    const at = column(header);
    return (
      `<dataValidation type="list" errorStyle="warning" allowBlank="1" showInputMessage="1" showErrorMessage="1" ` +
      `errorTitle="${xml(header)}" error="${xml(`Not one of the usual values: the calculator may still read it (see the Columns sheet).`)}" ` +
      `promptTitle="${xml(header)}" prompt="${xml(prompt)}" sqref="${at}2:${at}${LAST_ROW}">` +
      `<formula1>${xml(`"${values.join(",")}"`)}</formula1></dataValidation>`
    );
  };
  return (
    HEAD +
    `<worksheet ${MAIN_NS}>` +
    `<dimension ref="A1:${letter(COLUMNS.length - 1)}2"/>` +
    '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${cols}</cols>` +
    `<sheetData><row r="1">${header}</row><row r="2">${example}</row></sheetData>` +
    '<dataValidations count="2">' +
    list("Mode", MODES, "Phone, Video, In person, Email or Text (other labels are counted as other).") +
    list("Attendance", ATTENDANCE, "Blank means attended.") +
    "</dataValidations>" +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    "</worksheet>"
  );
}

function columnsSheet() {
  const rows = [
    ["Column", "Needed", "What to write", "Accepted values"],
    ...COLUMNS.map((c) => [c.header, c.needed, c.what, c.values]),
    [],
    ["The row on the Log sheet is an example: replace it with your first contact. Columns may be in any order; columns the calculator does not know are listed and left out."],
  ];
  const body = rows
    .map((cells, r) =>
      `<row r="${r + 1}">` + cells.map((text, i) => textCell(`${letter(i)}${r + 1}`, text, r === 0 ? 2 : 3)).join("") + "</row>",
    )
    .join("");
  return (
    HEAD +
    `<worksheet ${MAIN_NS}>` +
    '<sheetViews><sheetView workbookViewId="0"/></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    '<cols><col min="1" max="1" width="18" customWidth="1"/><col min="2" max="2" width="26" customWidth="1"/>' +
    '<col min="3" max="3" width="48" customWidth="1"/><col min="4" max="4" width="80" customWidth="1"/></cols>' +
    `<sheetData>${body}</sheetData>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    "</worksheet>"
  );
}

const PARTS = () => [
  [
    "[Content_Types].xml",
    HEAD +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      "</Types>",
  ],
  [
    "_rels/.rels",
    HEAD +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      "</Relationships>",
  ],
  [
    "xl/workbook.xml",
    HEAD +
      `<workbook ${MAIN_NS}>` +
      '<bookViews><workbookView activeTab="0"/></bookViews>' +
      '<sheets><sheet name="Log" sheetId="1" r:id="rId1"/><sheet name="Columns" sheetId="2" r:id="rId2"/></sheets>' +
      "</workbook>",
  ],
  [
    "xl/_rels/workbook.xml.rels",
    HEAD +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>' +
      '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
      "</Relationships>",
  ],
  [
    "xl/styles.xml",
    HEAD +
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>' +
      '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
      '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
      '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
      '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
      '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>' +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      "</styleSheet>",
  ],
  ["xl/worksheets/sheet1.xml", logSheet()],
  ["xl/worksheets/sheet2.xml", columnsSheet()],
];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of [name, text] parts, deflated, every entry dated 2025-01-01 00:00. */
function zip(parts) {
  const DOS_TIME = 0;
  const DOS_DATE = ((2025 - 1980) << 9) | (1 << 5) | 1;
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const nameBytes = Buffer.from(name, "utf8");
    const data = Buffer.from(text, "utf8");
    const packed = zlib.deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The .xlsx template. */
export function templateXlsx() {
  return zip(PARTS());
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node scripts/make_templates.mjs DIR");
    process.exit(2);
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, CSV_NAME), templateCsv());
  fs.writeFileSync(path.join(dir, XLSX_NAME), templateXlsx());
  console.log(`${path.join(dir, CSV_NAME)}, ${path.join(dir, XLSX_NAME)}: log templates written`);
}
