// Logs as trial teams keep them (tests/fixtures/logs), read in the page:
// each file read without a flag gives the command line tool's report byte
// for byte, and each of the page's controls that changes the reading (a
// label, a column unmapped, a merge of names, a data dictionary, the
// columns of a file whose header was not found, the duration unit) gives
// the report of the flag it stands for. A window that ends before it
// starts runs nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { cli, openPage, repo, RESULT_TIMEOUT, start } from "./helpers.js";

const logs = path.join(repo, "tests", "fixtures", "logs");
const cases = JSON.parse(fs.readFileSync(path.join(logs, "cases.json"), "utf8")).cases;

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** The command line tool's report of `files` (named as the page names them) in `dir`. */
function cliReport(dir, args) {
  assert.ok(fs.existsSync(cli), `${cli} not found: build it first (cargo build --release)`);
  return execFileSync(cli, ["report", ...args], { cwd: dir, maxBuffer: 1 << 28 });
}

/** The page's run number. */
async function runNumber(page) {
  return Number(await page.locator(".ms-app").getAttribute("data-run"));
}

/** Waits until a run later than `since` has finished. */
async function settled(page, since) {
  await page.waitForFunction(
    (since) => {
      const app = document.querySelector(".ms-app");
      return app && Number(app.dataset.run) > since && app.dataset.busy === "false";
    },
    since,
    { timeout: RESULT_TIMEOUT },
  );
}

/** Does `change` and waits for the run it starts. */
async function rerun(page, change) {
  const since = await runNumber(page);
  await change();
  await settled(page, since);
}

/** Chooses files and waits for their analysis. */
async function load(page, files) {
  await rerun(page, () => page.locator("#ms-file-input").setInputFiles(files));
}

/** The page's JSON report, through its download button. */
async function downloaded(page) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 15_000 }),
    page.click("#ms-download-json", { timeout: 10_000 }),
  ]);
  return fs.readFileSync(await download.path());
}

/** The first byte where two buffers differ, with a little text around it. */
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = (buf) => JSON.stringify(buf.subarray(Math.max(0, i - 60), i + 60).toString("utf8"));
  return `lengths ${a.length} and ${b.length}; first difference at byte ${i}:\n  page: ${around(a)}\n  cli:  ${around(b)}`;
}

async function assertSameReport(page, fromCli, what) {
  const fromPage = await downloaded(page);
  assert.ok(fromPage.equals(fromCli), `${what}: the page's report differs from the CLI's: ${firstDifference(fromPage, fromCli)}`);
  return JSON.parse(fromPage);
}

/** Opens the mapping panel of `name` (a closed disclosure) and returns it. */
async function mappingPanel(page, name) {
  const panel = page.locator(`details[data-mapping-file="${name}"]`);
  if ((await panel.getAttribute("open")) === null) await panel.locator("summary").click();
  return panel;
}

const plain = cases.filter((c) => c.args.length === 0 && c.expected);

test("there are logs read without a flag", () => {
  assert.ok(plain.length >= 20, `only ${plain.length} cases in cases.json`);
});

for (const c of plain) {
  test(`${c.name}: the page's report is the CLI's`, { timeout: 120_000 }, async () => {
    const files = c.files.map((f) => path.join(logs, f));
    const dir = path.dirname(files[0]);
    const page = await openPage(env.context, env.url);
    try {
      await load(page, files);
      await assertSameReport(page, cliReport(dir, files.map((f) => path.basename(f))), c.name);
      if (c.name === "duplicate_file") {
        const row = page.locator('#ms-files-table tr[data-file="b.csv"]');
        assert.match(await row.innerText(), /same bytes as a\.csv: read once/);
      }
      assert.deepEqual(page.errors, [], "errors on the page");
    } finally {
      await page.close();
    }
  });
}

test("a label re-read in the labels panel gives the report of --value", { timeout: 120_000 }, async () => {
  const page = await openPage(env.context, env.url);
  try {
    await load(page, path.join(logs, "value_labels.csv"));
    const row = page.locator('#ms-labels-table tr[data-label-field="mode"][data-label="Catch-up"]');
    assert.match(await row.innerText(), /other/);
    assert.match(await row.innerText(), /unknown label/);
    assert.match(await row.innerText(), /\b4\b/, "its row count");
    // The notice about it is beside the panel.
    assert.match(await page.locator("#ms-labels").innerText(), /counted as "other"[^\n]*"Catch-up" \(4 rows\)/);

    await rerun(page, () => row.locator("select").selectOption("phone"));
    const report = await assertSameReport(
      page,
      cliReport(logs, ["--value", "mode:Catch-up=phone", "value_labels.csv"]),
      "Catch-up read as phone",
    );
    assert.ok(report.input.notices.some((n) => n.includes('"Catch-up" as phone')));
    const again = page.locator('#ms-labels-table tr[data-label-field="mode"][data-label="Catch-up"]');
    assert.match(await again.innerText(), /as you chose/);

    // And back to the automatic reading.
    await rerun(page, () => page.click("#ms-labels-reset"));
    await assertSameReport(page, cliReport(logs, ["value_labels.csv"]), "labels read automatically again");
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("a column unmapped through (none) gives the report of --column FIELD=", { timeout: 120_000 }, async () => {
  const name = "status_not_attendance.csv";
  const page = await openPage(env.context, env.url);
  try {
    await load(page, path.join(logs, name));
    const before = JSON.parse(await downloaded(page));
    assert.equal(before.input.rows_rejected, before.input.rows_read, "Status read as attendance rejects every row");
    const panel = await mappingPanel(page, name);
    const row = panel.locator('tr[data-map-field="attendance"]');
    assert.match(await row.innerText(), /header recognised/);
    await rerun(page, () => row.locator("select").selectOption("none"));
    const report = await assertSameReport(page, cliReport(logs, ["--column", "attendance=", name]), "attendance unmapped");
    assert.equal(report.input.rows_rejected, 0);
    assert.match(await panel.locator('tr[data-map-field="attendance"]').innerText(), /no such column, as you chose/);
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("a merge from the names that look alike gives the report of the --same flags the notice names", { timeout: 120_000 }, async () => {
  const name = "near_duplicates.csv";
  const page = await openPage(env.context, env.url);
  try {
    await load(page, path.join(logs, name));
    const names = page.locator("#ms-names");
    const text = await names.innerText();
    for (const [site, rows] of [["St George's", 5], ["St Georges", 3], ["St. Georges", 2]]) {
      assert.ok(text.includes(`“${site}” (${rows} rows)`), `${site} with ${rows} rows not in: ${text}`);
    }
    // The flags the notice beside it names.
    const notice = await names.locator(".ms-notices li").first().innerText();
    const flags = [...notice.matchAll(/--same (\w+):"([^"]*)"/g)].flatMap((m) => ["--same", `${m[1]}:${m[2]}`]);
    assert.equal(flags.length, 4, `two --same flags in: ${notice}`);

    await rerun(page, () => names.locator("button[data-merge]").click());
    const report = await assertSameReport(page, cliReport(logs, [...flags, name]), "names merged");
    const sites = report.sites.map((s) => s.site);
    assert.ok(sites.includes("St George's") && !sites.includes("St Georges") && !sites.includes("St. Georges"), sites.join(", "));
    assert.match(await page.locator("#ms-names").innerText(), /Counted as the site “St George's”/);

    // Undo gives the report without the flags again.
    await rerun(page, () => page.locator("#ms-names button[data-unmerge]").click());
    await assertSameReport(page, cliReport(logs, [name]), "merge undone");
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("a REDCap export dropped with its data dictionary gives the report of --codebook", { timeout: 120_000 }, async () => {
  const page = await openPage(env.context, env.url);
  try {
    await load(page, [path.join(logs, "redcap_raw.csv"), path.join(logs, "redcap_DataDictionary.csv")]);
    await assertSameReport(page, cliReport(logs, ["--codebook", "redcap_DataDictionary.csv", "redcap_raw.csv"]), "REDCap with its dictionary");
    const row = page.locator('#ms-files-table tr[data-file="redcap_DataDictionary.csv"]');
    assert.match(await row.innerText(), /REDCap data dictionary \(\d+ fields\)/);
    assert.doesNotMatch(await row.innerText(), /not read/i);
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("a file refused for its header opens its columns; choosing the suggested ones gives the report of --column", { timeout: 120_000 }, async () => {
  const name = "no_header_found.csv";
  const page = await openPage(env.context, env.url);
  try {
    await load(page, path.join(logs, name));
    const panel = page.locator(`details[data-mapping-file="${name}"]`);
    await panel.locator("tr[data-map-field]").first().waitFor();
    assert.notEqual(await panel.getAttribute("open"), null, "the mapping panel is open");
    const missing = await panel.locator('tr[data-missing="true"]').evaluateAll((rows) => rows.map((r) => r.dataset.mapField));
    assert.deepEqual(missing, ["date", "site", "mode"]);
    const message = await panel.locator(".ms-file-problem").innerText();
    assert.match(message, /line 3/);
    assert.ok(!message.includes("--"), `the page's message names a flag: ${message}`);
    // Each missing field offers the row's columns with their values (each
    // header and value set apart by U+2068...U+2069, as names are).
    const options = (await panel.locator('select[data-map-field="site"] option').allInnerTexts()).map((o) =>
      o.replace(/[\u2068\u2069]/g, ""),
    );
    assert.ok(options.some((o) => o.startsWith("Ward: Royal Derby Hospital")), options.join(" | "));

    for (const [field, header] of [["date", "Visit day"], ["site", "Ward"], ["mode", "How"]]) {
      await rerun(page, () => panel.locator(`select[data-map-field="${field}"]`).selectOption(`h:${header}`));
    }
    await assertSameReport(
      page,
      cliReport(logs, ["--column", "date=Visit day", "--column", "site=Ward", "--column", "mode=How", name]),
      "the suggested columns",
    );
    assert.equal(await page.locator('#ms-files-table tr[data-file="no_header_found.csv"].ms-row-error').count(), 0);
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("the suggested columns, all at once, give the same report", { timeout: 120_000 }, async () => {
  const name = "no_header_found.csv";
  const page = await openPage(env.context, env.url);
  try {
    await load(page, path.join(logs, name));
    await rerun(page, () => page.locator(`button[data-use-suggestions="${name}"]`).click());
    await assertSameReport(
      page,
      cliReport(logs, ["--column", "date=Visit day", "--column", "site=Ward", "--column", "mode=How", name]),
      "the suggested columns at once",
    );
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("a sheet chosen from the workbook's list gives the report of --sheet", { timeout: 120_000 }, async () => {
  const dir = path.join(logs, "two_workbooks");
  const page = await openPage(env.context, env.url);
  try {
    await load(page, path.join(dir, "leeds.xlsx"));
    const panel = await mappingPanel(page, "leeds.xlsx");
    const sheet = panel.locator('select[data-sheet-file="leeds.xlsx"]');
    const sheets = await sheet.locator("option").allInnerTexts();
    assert.ok(["2018", "2019", "2020"].every((s) => sheets.includes(s)), sheets.join(" | "));
    await rerun(page, () => sheet.selectOption("2019"));
    await assertSameReport(page, cliReport(dir, ["--sheet", "2019", "leeds.xlsx"]), "sheet 2019");
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("the duration unit setting gives the report of --duration-unit hours, beside its notice", { timeout: 120_000 }, async () => {
  const name = "minutes_look_like_hours.csv";
  const page = await openPage(env.context, env.url);
  try {
    await load(page, path.join(logs, name));
    const beside = page.locator("#ms-duration-notices");
    assert.match(await beside.innerText(), /look like hours/);
    // It is beside the setting: inside the same group as the choices.
    assert.equal(await page.locator(".ms-duration-setting #ms-duration-notices").count(), 1);
    await rerun(page, () => page.locator("#ms-duration-unit-hours").check());
    const report = await assertSameReport(page, cliReport(logs, ["--duration-unit", "hours", name]), "durations in hours");
    assert.ok(report.input.notices.some((n) => n.includes("as asked (--duration-unit hours)")));
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("a window that ends before it starts is refused with its message and runs nothing", { timeout: 120_000 }, async () => {
  const name = "value_labels.csv";
  const page = await openPage(env.context, env.url);
  try {
    await load(page, path.join(logs, name));
    await rerun(page, () => page.locator("#ms-from").fill("2019-05-01"));
    const since = await runNumber(page);
    await page.locator("#ms-to").fill("2019-04-30");
    const alert = page.locator("#ms-window-error");
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /starts on 2019-05-01, after it ends on 2019-04-30/);
    assert.equal(await page.locator("#ms-to").getAttribute("aria-invalid"), "true");
    await page.waitForTimeout(500);
    assert.equal(await runNumber(page), since, "a run started");
    const report = JSON.parse(await downloaded(page));
    assert.equal(report.settings.to, null, "the report shown is still the last one that could be computed");

    // Fixing it runs the analysis.
    await rerun(page, () => page.locator("#ms-to").fill("2019-05-31"));
    assert.equal(await alert.count(), 0);
    await assertSameReport(page, cliReport(logs, ["--from", "2019-05-01", "--to", "2019-05-31", name]), "the window fixed");
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});
