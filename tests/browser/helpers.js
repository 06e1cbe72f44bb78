// Shared pieces of the browser tests: where things are, Debian's Chromium
// through playwright-core (never a downloaded browser), a fresh profile per
// run, and the page's DOM contract (tables with `tr[data-key]` rows and
// `td[data-field][data-value]` cells).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

import { serve } from "./serve.js";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The shared example files, beside the repository. */
export const fixtures = path.resolve(repo, "../shared/fixtures");
/** The built page (MS_DIST to test another build). */
export const dist = path.resolve(repo, process.env.MS_DIST ?? "dist");
/** The command line tool, built with `cargo build --release` (MS_CLI to override). */
export const cli = path.resolve(
  repo,
  process.env.MS_CLI ?? path.join(process.env.CARGO_TARGET_DIR ?? "target", "release", "mentoring-stats"),
);

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/** The calculator as one file (scripts/make_offline.mjs), and the log templates beside it. */
export const offlineFile = path.join(dist, "mentoring-stats.html");
export const TEMPLATES = ["mentoring-stats-log-template.csv", "mentoring-stats-log-template.xlsx"];
/** The invented example log behind "Try it with an example log", and its expected report. */
export const exampleDir = path.join(repo, "assets");
export const EXAMPLE = "invented_example_log";

/** How long an analysis of a fixture may take before a test gives up. */
export const RESULT_TIMEOUT = 60_000;

/** Names of the shared fixtures that have an expected report (NAME.csv + NAME.expected.json). */
export function fixtureNames() {
  return fs
    .readdirSync(fixtures)
    .filter((f) => f.endsWith(".expected.json"))
    .map((f) => f.slice(0, -".expected.json".length))
    .filter((name) => fs.existsSync(path.join(fixtures, `${name}.csv`)))
    .sort();
}

export function expected(name) {
  return JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.expected.json`), "utf8"));
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix = "ms-browser-") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Debian's Chromium with a fresh profile: the tests' arguments, a 1280 x 900
 * window, downloads allowed; `options` adds to or replaces those launch
 * options. Returns the context and `close()`, which ends it and removes the
 * profile.
 */
export async function freshChromium(options = {}) {
  const profile = tempDir("ms-chromium-");
  let context;
  try {
    context = await chromium.launchPersistentContext(profile.dir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
      ...options,
    });
  } catch (error) {
    profile.remove();
    throw error;
  }
  const close = async () => {
    await context.close().catch(() => {});
    profile.remove();
  };
  return { context, close };
}

/**
 * Starts a server and Debian's Chromium with a fresh profile. `root` is what
 * serve.js serves (default: the built page). Returns the server, the
 * browser context and `close()`, which ends both and removes the profile.
 */
export async function start({ root = dist, bypassCSP = false } = {}) {
  if (!fs.existsSync(path.join(dist, "index.html"))) {
    throw new Error(`${dist} has no index.html: build the page first (trunk build --release --offline)`);
  }
  const site = await serve(root, 0);
  let browser;
  try {
    browser = await freshChromium({ bypassCSP });
  } catch (error) {
    site.server.close();
    throw error;
  }
  const close = async () => {
    await browser.close();
    site.server.closeAllConnections?.();
    await new Promise((resolve) => site.server.close(resolve));
  };
  return { ...site, context: browser.context, close };
}

/**
 * Debian's Chromium with a fresh profile and no server, for the single file
 * (file://). Returns the context and `close()`.
 */
export async function startOffline() {
  if (!fs.existsSync(offlineFile)) {
    throw new Error(`${offlineFile} not found: build the page first (. scripts/setup.sh page; build_page)`);
  }
  const { context, close } = await freshChromium();
  return { context, close, url: pathToFileURL(offlineFile).href };
}

/** The first byte where two buffers differ, with a little text around it. */
export function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = (buf) => JSON.stringify(buf.subarray(Math.max(0, i - 40), i + 40).toString("utf8"));
  return `lengths ${a.length} and ${b.length}; first difference at byte ${i}:\n  page: ${around(a)}\n  cli:  ${around(b)}`;
}

/** The CLI's report of `file` (in `cwd`), as bytes. */
export function cliReport(file, cwd) {
  return execFileSync(cli, ["report", file], { cwd, maxBuffer: 1 << 28 });
}

/** Clicks `selector` and returns the bytes of the download it starts. */
export async function downloadOf(page, selector) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 15_000 }),
    page.click(selector, { timeout: 10_000 }),
  ]);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
}

/**
 * Opens `url` in a new tab and waits until the calculator has started
 * (`html[data-ms-ready]`) and the network is idle. Page errors are kept in
 * `page.errors`.
 */
export async function openPage(context, url) {
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (error) => page.errors.push(error.message));
  await page.goto(url);
  await page.waitForSelector("html[data-ms-ready]", { state: "attached" });
  await page.waitForLoadState("networkidle");
  return page;
}

/**
 * Starts waiting for the file chooser that the page opens next, and
 * returns the promise of it. Call it well before the key press that opens
 * the chooser: Playwright turns on its interception without waiting for
 * the browser, so a press sent right after could open the real dialog
 * (nothing, headless) and the event would never come.
 */
export function nextFileChooser(page) {
  const chooser = page.waitForEvent("filechooser", { timeout: 30_000 });
  // A test that fails before the press never awaits it: no stray rejection.
  chooser.catch(() => {});
  return chooser;
}

/** The page's worker named `name` ("analysis" or "reading"), or null. */
export async function workerNamed(page, name) {
  for (const worker of page.workers()) {
    if ((await worker.evaluate(() => self.name)) === name) return worker;
  }
  return null;
}

/**
 * Chooses `files` in the page's file input and waits for the results to be
 * drawn ([`resultsDrawn`]).
 */
export async function upload(page, files, { scope = page } = {}) {
  await scope.locator("#ms-file-input").setInputFiles(files);
  await resultsDrawn(scope);
}

/**
 * Waits for the results in `scope` (a page, frame or locator) to be drawn:
 * the per-site table has rows, and every later stage (charts, the other
 * tables) is drawn (`data-drawn="all"`).
 */
export async function resultsDrawn(scope) {
  await scope.locator("#ms-sites-table tbody tr").first().waitFor({ timeout: RESULT_TIMEOUT });
  await scope.locator("#ms-results[data-drawn=all]").waitFor({ state: "attached", timeout: RESULT_TIMEOUT });
}

/**
 * The body rows of a table, every page of it (a long table draws one page
 * at a time: its "Next" button, `[data-pager=next]`, is pressed until it is
 * disabled): each row's `data-key`, its text and its `td[data-field]` cells
 * as `{ field: data-value }` (a cell without data-value gives undefined).
 */
export async function tableRows(page, selector) {
  const read = () =>
    page.evaluate((selector) => {
      const table = document.querySelector(selector);
      if (!table) return null;
      return [...table.querySelectorAll("tbody tr")].map((tr) => {
        const fields = {};
        for (const td of tr.querySelectorAll("td[data-field]")) {
          fields[td.dataset.field] = td.hasAttribute("data-value") ? td.getAttribute("data-value") : undefined;
        }
        return { key: tr.getAttribute("data-key"), text: tr.textContent, fields };
      });
    }, selector);
  const rows = await read();
  if (rows === null) return null;
  const next = page.locator(`.ms-table-block:has(${selector}) [data-pager="next"]`);
  while ((await next.count()) > 0 && (await next.isEnabled())) {
    const last = rows.at(-1)?.key ?? null;
    await next.click();
    await page.waitForFunction(
      ([selector, last]) => document.querySelector(selector)?.querySelector("tbody tr:last-child")?.getAttribute("data-key") !== last,
      [selector, last],
    );
    rows.push(...(await read()));
  }
  return rows;
}

/** Whether two numbers are equal within 1e-9, absolute or relative (as compare_report.py). */
export function near(a, b) {
  return Math.abs(a - b) <= Math.max(1e-9, 1e-9 * Math.max(Math.abs(a), Math.abs(b)));
}

/**
 * Compares a table's rows with expected entries (objects of the report):
 * for each entry, the row `tr[data-key=KEY]` and, for each number or null
 * field of the entry, its cell's data-value. Returns the differences.
 */
export function compareRows(rows, entries, keyOf) {
  const problems = [];
  if (rows === null) return ["the table is not on the page"];
  const byKey = new Map(rows.filter((r) => r.key !== null).map((r) => [r.key, r]));
  if (byKey.size === 0 && rows.length > 0) {
    problems.push(`the table has ${rows.length} body rows but none carries data-key`);
  }
  for (const entry of entries) {
    const key = keyOf(entry);
    const row = byKey.get(key);
    if (!row) {
      problems.push(`no row tr[data-key=${JSON.stringify(key)}]`);
      continue;
    }
    for (const [field, want] of Object.entries(entry)) {
      if (want !== null && typeof want !== "number") continue;
      if (!(field in row.fields)) {
        problems.push(`${key}: no cell td[data-field="${field}"]`);
        continue;
      }
      const raw = row.fields[field];
      if (raw === undefined) {
        problems.push(`${key}.${field}: the cell has no data-value`);
      } else if (want === null) {
        if (raw !== "") problems.push(`${key}.${field}: expected null (empty data-value), got ${JSON.stringify(raw)}`);
      } else if (raw === "" || !near(Number(raw), want)) {
        problems.push(`${key}.${field}: expected ${want}, got ${JSON.stringify(raw)}`);
      }
    }
  }
  return problems;
}

/** Writes `text` to `name` in a new temporary folder; returns the path and a cleanup. */
export function tempFile(name, content) {
  const tmp = tempDir();
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, content);
  return { file, remove: tmp.remove };
}

/**
 * A ~100 MB record file (1,000,000 rows, seed 1, by
 * benches/generate_records.py), made once in the temporary folder.
 */
export function bigFile() {
  const file = path.join(os.tmpdir(), "records_1000000.csv");
  if (!fs.existsSync(file)) {
    const partial = `${file}.${process.pid}.tmp`;
    execFileSync("python3", [path.join(repo, "benches/generate_records.py"), "--rows", "1000000", "--seed", "1", "--out", partial]);
    fs.renameSync(partial, file);
  }
  return file;
}

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * Runs axe-core on the page (injected once; the page must be opened with
 * `start({ bypassCSP: true })`), reports every violation as a diagnostic
 * of `t`, and fails on a serious or critical one.
 */
export async function axeClean(page, t) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
  for (const v of violations) t.diagnostic(`axe ${v.impact} ${v.id}: ${v.help} ${v.nodes.join(", ")}`);
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.ok(bad.length === 0, `serious or critical: ${bad.map((v) => `${v.id} (${v.nodes.join(", ")})`).join("; ")}`);
}
