// Reporting for the manuscript and the budget, in the page: each fixture of
// ../shared/fixtures/reporting/ read with the flags of its .args given
// through the page's own controls (the costs panel), its tables and JSON
// equal to the expected report and to the CLI's; the manuscript table
// copied to the clipboard as `mentoring-stats table --format html` and
// `--format tsv` give it, and its .docx byte for byte the CLI's; a bad
// amount said at its field with the last report kept; axe-core clean with
// costs, topics and workload shown.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { axeClean, cli, compareRows, fixtures, openPage, repo, start, tableRows, tempDir, tempFile, upload } from "./helpers.js";

const folder = path.join(fixtures, "reporting");
const shots = path.join(repo, "target", "screenshots");

let env;
before(async () => {
  // CSP bypassed so that axe can be injected (the privacy tests keep it).
  env = await start({ bypassCSP: true });
  await env.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.url });
});
after(async () => {
  await env?.close();
  longLogDir?.remove();
});

let longLogDir;
/**
 * A log whose analysis takes long enough to type into a field while it
 * runs (about a second in the page), made once for this file's tests.
 */
function longLog() {
  if (!longLogDir) {
    longLogDir = tempDir();
    execFileSync("python3", [
      path.join(repo, "benches/generate_records.py"),
      "--rows", "120000", "--seed", "5", "--sites", "300", "--mentees", "2000", "--mentors", "40",
      "--out", path.join(longLogDir.dir, "long_log.csv"),
    ]);
  }
  return path.join(longLogDir.dir, "long_log.csv");
}

/** The fixtures of reporting/: name, its flags (one a line in NAME.args), its expected report. */
function cases() {
  return fs
    .readdirSync(folder)
    .filter((f) => f.endsWith(".expected.json"))
    .map((f) => f.slice(0, -".expected.json".length))
    .filter((name) => fs.existsSync(path.join(folder, `${name}.csv`)))
    .sort()
    .map((name) => {
      const argsFile = path.join(folder, `${name}.args`);
      const args = fs.existsSync(argsFile)
        ? fs.readFileSync(argsFile, "utf8").split(/\r?\n/).filter((l) => l.length > 0)
        : [];
      return { name, args, expected: JSON.parse(fs.readFileSync(path.join(folder, `${name}.expected.json`), "utf8")) };
    });
}

/** The CLI's output for `args` run in the reporting folder. */
function runCli(args) {
  return execFileSync(cli, args, { cwd: folder, maxBuffer: 1 << 28 });
}

/** The page's JSON report, through its download button. */
async function downloadedReport(page) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 15_000 }),
    page.click("#ms-download-json", { timeout: 10_000 }),
  ]);
  return fs.readFileSync(await download.path());
}

/** Types `value` in the field `locator` and leaves it, as a user does. */
async function type(locator, value) {
  await locator.fill(value);
  await locator.press("Tab");
}

/**
 * Gives the cost flags of an .args file through the costs panel; any other
 * flag fails the test (the page would need another control for it).
 */
async function applyFlags(page, args) {
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (flag === "--mentor-cost" && value.includes("=")) {
      const at = value.lastIndexOf("=");
      const [mentor, amount] = [value.slice(0, at), value.slice(at + 1)];
      await type(page.locator(`#ms-costs .ms-field[data-mentor="${mentor}"] input`), amount);
    } else if (flag === "--mentor-cost") {
      await type(page.locator("#ms-mentor-cost"), value);
    } else if (flag === "--mentee-cost") {
      await type(page.locator("#ms-mentee-cost"), value);
    } else if (flag === "--currency") {
      await type(page.locator("#ms-currency"), value);
    } else {
      assert.fail(`${flag} has no control in this test`);
    }
  }
}

/**
 * The page's report once `done(report, bytes)` holds (each change starts a
 * new run), or the last one after 60 s (for the caller's assertion to show).
 */
async function reportWhen(page, done) {
  let bytes;
  const until = Date.now() + 60_000;
  do {
    bytes = await downloadedReport(page);
    if (done(JSON.parse(bytes), bytes)) break;
    await page.waitForTimeout(250);
  } while (Date.now() < until);
  return bytes;
}

/** The report fields that are costs (null in a report without costs). */
const COST_FIELDS = new Set(["mentor_cost", "mentee_cost", "total_cost", "cost_per_mentee", "cost_per_month", "cost"]);

/** Whether a report was made with any cost. */
function wantsCosts(report) {
  const s = report.settings;
  return s.mentor_hourly_cost != null || s.mentee_hourly_cost != null || Object.keys(s.mentor_costs ?? {}).length > 0;
}

/** Where two buffers first differ. */
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = (buf) => JSON.stringify(buf.subarray(Math.max(0, i - 40), i + 40).toString("utf8"));
  return `lengths ${a.length} and ${b.length}; first difference at byte ${i}:\n  page: ${around(a)}\n  cli:  ${around(b)}`;
}

for (const { name, args, expected } of cases()) {
  test(`reporting/${name}.csv${args.length ? ` with ${args.join(" ")}` : ""}`, { timeout: 180_000 }, async (t) => {
    const page = await openPage(env.context, env.url);
    try {
      await upload(page, path.join(folder, `${name}.csv`));
      await applyFlags(page, args);
      const fromCli = runCli(["report", ...args, `${name}.csv`]);
      const fromPage = await reportWhen(page, (_, bytes) => bytes.equals(fromCli));

      await t.test("JSON download equals `mentoring-stats report` with the flags, byte for byte", () => {
        assert.ok(fromPage.equals(fromCli), `differs from the CLI's: ${firstDifference(fromPage, fromCli)}`);
      });

      await t.test("the tables show the expected report", async () => {
        // Without costs the page shows no cost columns (the report's are null).
        const costed = wantsCosts(expected);
        const strip = (entries) => (costed ? entries : entries.map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !COST_FIELDS.has(k)))));
        if (!costed) {
          const costColumns = await page.locator(`#ms-sites-table td[data-field="total_cost"], #ms-mentors-table td[data-field="cost"]`).count();
          assert.equal(costColumns, 0, "cost columns without costs");
        }
        const checks = [
          ["#ms-sites-table", strip(expected.sites), (s) => s.site],
          ["#ms-mentors-table", strip(expected.mentors), (m) => m.mentor],
          ["#ms-topics-table", expected.topics, (x) => x.topic],
          ["#ms-site-topics-table", expected.site_topics, (x) => `${x.site}|${x.topic}`],
          ["#ms-mentor-months-table", expected.mentor_months, (x) => `${x.month}|${x.mentor}`],
        ];
        const problems = [];
        for (const [selector, entries, keyOf] of checks) {
          if (entries.length === 0) continue;
          const rows = await tableRows(page, selector);
          problems.push(...compareRows(rows, entries, keyOf).map((p) => `${selector}: ${p}`));
        }
        assert.ok(problems.length === 0, problems.slice(0, 20).join("\n  "));
        if (expected.topics.length === 0) {
          assert.ok(await page.locator("#ms-no-topics").isVisible(), "without topics the page says how to get them");
        }
      });

      await t.test("the workload view marks each mentor's peak month", async () => {
        if (expected.mentors.length === 0) return;
        await page.locator("#ms-workload details.ms-chart-numbers summary").click();
        const peaks = await page.evaluate(() => {
          const table = document.querySelector("#ms-workload-numbers");
          const mentors = [...table.querySelectorAll("thead th")].slice(1).map((th) => th.textContent.trim());
          const found = {};
          for (const tr of table.querySelectorAll("tbody tr")) {
            [...tr.querySelectorAll("td")].forEach((td, i) => {
              if (td.classList.contains("ms-peak-cell")) (found[mentors[i]] ??= []).push(tr.querySelector("th").textContent.trim());
            });
          }
          return { found, marks: document.querySelectorAll("#ms-workload .ms-peak-mark").length };
        });
        for (const m of expected.mentors) {
          assert.equal(peaks.found[m.mentor]?.length ?? 0, m.peak_month ? 1 : 0, `${m.mentor}: one peak month`);
        }
        assert.equal(peaks.marks, expected.mentors.filter((m) => m.peak_month).length, "one ▼ per mentor with a peak");
      });

      await t.test("Copy table puts the CLI's HTML and tab-separated table on the clipboard", async () => {
        await page.click("#ms-copy-table");
        await page.locator("#ms-copy-status").filter({ hasText: "copied" }).waitFor({ timeout: 10_000 });
        const clip = await page.evaluate(async () => {
          const [item] = await navigator.clipboard.read();
          const text = async (type) => (item.types.includes(type) ? (await item.getType(type)).text() : null);
          return { html: await text("text/html"), text: await text("text/plain") };
        });
        const html = runCli(["table", ...args, "--format", "html", `${name}.csv`]).toString("utf8");
        const tsv = runCli(["table", ...args, "--format", "tsv", `${name}.csv`]).toString("utf8");
        assert.equal(clip.text, tsv, "the text on the clipboard is `table --format tsv`");
        assert.ok(clip.html !== null, "no HTML on the clipboard");
        // Chromium sanitises HTML on the clipboard (it writes it out again:
        // `&#39;` becomes `'`), so both are compared as the browser parses them.
        const [pasted, cliHtml] = await page.evaluate(
          ([a, b]) => [a, b].map((h) => new DOMParser().parseFromString(h, "text/html").body.innerHTML.trim()),
          [clip.html, html],
        );
        assert.ok(cliHtml.includes("<table>") && cliHtml.includes("<p>"), "`table --format html` has the table and the paragraph");
        assert.ok(Buffer.from(pasted).equals(Buffer.from(cliHtml)), `the HTML on the clipboard is not \`table --format html\`: ${firstDifference(Buffer.from(pasted), Buffer.from(cliHtml))}`);
      });

      await t.test("Download table (.docx) is byte for byte `mentoring-stats table --format docx`", async () => {
        const tmp = tempDir();
        try {
          const out = path.join(tmp.dir, "table.docx");
          runCli(["table", ...args, "--format", "docx", "--output", out, `${name}.csv`]);
          const [download] = await Promise.all([page.waitForEvent("download"), page.click("#ms-download-docx")]);
          assert.equal(download.suggestedFilename(), "mentoring-table.docx");
          const fromPage = fs.readFileSync(await download.path());
          assert.ok(fromPage.equals(fs.readFileSync(out)), "the page's .docx differs from the CLI's");
        } finally {
          tmp.remove();
        }
      });

      assert.deepEqual(page.errors, [], "errors on the page");
    } finally {
      await page.close();
    }
  });
}

test("a bad amount is said at its field, and the last report stays until it is fixed", { timeout: 120_000 }, async () => {
  const page = await openPage(env.context, env.url);
  try {
    await upload(page, path.join(folder, "trial_costs.csv"));
    await type(page.locator("#ms-mentor-cost"), "40");
    const good = await reportWhen(page, (r) => r.settings.mentor_hourly_cost === 40);
    assert.equal(JSON.parse(good).settings.mentor_hourly_cost, 40, "the amount typed is used");

    await type(page.locator("#ms-mentor-cost"), "£45");
    const field = page.locator("#ms-mentor-cost");
    await page.locator("#ms-mentor-cost-error").waitFor();
    assert.equal(await field.getAttribute("aria-invalid"), "true");
    assert.equal(await field.getAttribute("aria-describedby"), "ms-mentor-cost-error");
    const message = await page.locator("#ms-mentor-cost-error").textContent();
    assert.match(message, /Mentor hourly cost/, "the message names the field");
    assert.match(message, /£45/, "the message quotes what was found");
    // The CLI's own words for the same amount, which the page reuses.
    let cliMessage = "";
    try {
      runCli(["report", "--mentor-cost", "£45", "trial_costs.csv"]);
    } catch (error) {
      cliMessage = error.stderr.toString("utf8");
    }
    assert.ok(cliMessage.length > 0, "the CLI refuses the amount");
    // The results are still the last good ones.
    await page.waitForTimeout(500);
    assert.ok((await downloadedReport(page)).equals(good), "the report changed under a bad amount");

    await type(page.locator("#ms-mentor-cost"), "45");
    const fixed = await reportWhen(page, (r) => r.settings.mentor_hourly_cost === 45);
    assert.equal(JSON.parse(fixed).settings.mentor_hourly_cost, 45, "the fixed amount is used");
    assert.equal(await page.locator("#ms-mentor-cost-error").count(), 0, "the message goes once the amount is fixed");
    assert.equal(await field.getAttribute("aria-invalid"), null);
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("what is typed in a cost field stays while a run ends, and is used once the field is left", { timeout: 180_000 }, async () => {
  const page = await openPage(env.context, env.url);
  try {
    await upload(page, longLog());
    const progress = page.locator("#ms-progress-bar");
    const mentee = page.locator("#ms-mentee-cost");
    await type(page.locator("#ms-mentor-cost"), "42.5");
    await progress.waitFor({ state: "attached" });
    // Typed, not yet left, while the run goes; then the run ends and the
    // page draws its results.
    await mentee.fill("35");
    assert.equal(await progress.count(), 1, "the run ended before the typing: the test needs a longer log");
    await progress.waitFor({ state: "detached", timeout: 60_000 });
    assert.equal(await mentee.inputValue(), "35", "what was being typed is kept when the results are drawn");
    await mentee.press("Tab");
    const report = JSON.parse(await reportWhen(page, (r) => r.settings.mentee_hourly_cost === 35));
    assert.equal(report.settings.mentee_hourly_cost, 35, "the amount typed is used");
    assert.equal(report.settings.mentor_hourly_cost, 42.5, "and the one before it");
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("a sheet name typed while a run ends stays in its field until it is left", { timeout: 180_000 }, async () => {
  // A workbook whose sheets are not known (this one cannot be opened: a
  // zip's first bytes and nothing more) has a text field for its sheet; a
  // long log beside it gives a run to type through.
  const workbook = tempFile("log.xlsx", "PK\x03\x04 not a whole workbook\n");
  const page = await openPage(env.context, env.url);
  try {
    await upload(page, [longLog(), workbook.file]);
    const panel = page.locator('details[data-mapping-file="log.xlsx"]');
    if ((await panel.getAttribute("open")) === null) await panel.locator("summary").click();
    const sheet = panel.locator('input[type="text"][id^="ms-sheet-"]');
    assert.equal(await sheet.count(), 1, "the workbook's sheet is typed in a text field");
    const progress = page.locator("#ms-progress-bar");
    await type(page.locator("#ms-mentor-cost"), "42.5");
    await progress.waitFor({ state: "attached" });
    await sheet.fill("Log");
    assert.equal(await progress.count(), 1, "the run ended before the typing: the test needs a longer log");
    await progress.waitFor({ state: "detached", timeout: 60_000 });
    assert.equal(await sheet.inputValue(), "Log", "what was being typed is kept when the results are drawn");
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
    workbook.remove();
  }
});

test("axe-core: no serious or critical violation with costs, topics and workload shown", { timeout: 120_000 }, async (t) => {
  const page = await openPage(env.context, env.url);
  try {
    await upload(page, path.join(folder, "trial_costs.csv"));
    await applyFlags(page, ["--mentor-cost", "42.5", "--mentor-cost", "Mentor B=60", "--mentee-cost", "35", "--currency", "GBP"]);
    const costed = await reportWhen(page, (r) => r.settings.mentee_hourly_cost === 35 && r.settings.currency === "GBP");
    assert.equal(JSON.parse(costed).settings.currency, "GBP", "the costs given are used");
    await type(page.locator("#ms-mentee-cost"), "x");
    await page.locator("#ms-mentee-cost-error").waitFor();
    for (const summary of await page.locator("#ms-topics summary, #ms-workload summary").all()) await summary.click();
    fs.mkdirSync(shots, { recursive: true });
    await page.locator("#ms-topics").screenshot({ path: path.join(shots, "topics.png") });
    await page.locator("#ms-workload").screenshot({ path: path.join(shots, "workload.png") });
    await page.locator("#ms-costs").screenshot({ path: path.join(shots, "costs.png") });
    await page.locator("#ms-manuscript").screenshot({ path: path.join(shots, "manuscript.png") });
    await axeClean(page, t);
  } finally {
    await page.close();
  }
});
