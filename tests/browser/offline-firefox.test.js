// The single file (dist/mentoring-stats.html) from the disk in Firefox:
// Debian's firefox-esr driven through WebDriver BiDi by puppeteer-core
// (which downloads no browser). Each shared fixture gives the command line
// tool's JSON byte for byte; once started, the page makes no request that
// the browser reports (BiDi's network events: data: and http(s) loads;
// Firefox reports no file: load there, not even a fetch), but for its own
// worker started again and Firefox's own font; the policy blocks connections; a 100 MB analysis is cancelled and
// another runs; the example gives its expected report.
//
// Skipped, saying why, where firefox-esr is not installed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import {
  EXAMPLE,
  RESULT_TIMEOUT,
  bigFile,
  cliReport,
  exampleDir,
  expected,
  firstDifference,
  fixtureNames,
  fixtures,
  near,
  offlineFile,
  tempDir,
} from "./helpers.js";

const FIREFOX = ["/usr/bin/firefox-esr", "/usr/bin/firefox"].find((f) => fs.existsSync(f));
const skip = FIREFOX ? false : "firefox-esr is not installed (scripts/setup.sh test installs it)";

let browser;
let profile;
let downloads;
before(async () => {
  if (skip) return;
  const { default: puppeteer } = await import("puppeteer-core");
  profile = tempDir("ms-firefox-");
  downloads = tempDir("ms-firefox-downloads-");
  browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile.dir,
    extraPrefsFirefox: {
      // Downloads go to a folder of the test's own, with no dialog.
      "browser.download.folderList": 2,
      "browser.download.dir": downloads.dir,
      "browser.download.useDownloadDir": true,
      "browser.download.always_ask_before_handling_new_types": false,
      // Firefox's default, which puppeteer turns off: each file:// page is
      // an origin of its own, and cannot read other files.
      "security.fileuri.strict_origin_policy": true,
    },
  });
});
after(async () => {
  await browser?.close().catch(() => {});
  profile?.remove();
  downloads?.remove();
});

/** The worker's code: the page's own web.js (and the line that starts it), in a data: URL. */
const webJs = fs.readFileSync(path.join(path.dirname(offlineFile), "web.js"));
function isOwnWorker(url) {
  const prefix = "data:text/javascript;base64,";
  return url.startsWith(prefix) && Buffer.from(url.slice(prefix.length), "base64").subarray(0, webJs.length).equals(webJs);
}

/**
 * Firefox's own font for the disclosure triangles of <details> ("Mozilla
 * Bullet", a data: URL of its user-agent style sheet). The page declares
 * no font at all (checked below), so a font it loads is the browser's.
 */
const isBrowserFont = (url) => url.startsWith("data:font/woff2;");

/**
 * Opens the single file, recording every request reported from the start.
 * `page.requests()` lists those made once it has started, but for its own
 * workers' starts and Firefox's own font.
 */
async function openOffline() {
  const page = await browser.newPage();
  page.errors = [];
  page.on("pageerror", (error) => page.errors.push(error.message));
  const all = [];
  page.on("request", (request) => all.push(request.url()));
  const url = pathToFileURL(offlineFile).href;
  await page.goto(url);
  await page.waitForSelector("html[data-ms-ready]", { timeout: 30_000 });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const atStart = all.length;
  const short = (url) => (url.length > 120 ? `${url.slice(0, 120)}... (${url.length} characters)` : url);
  page.loaded = [...new Set(all.slice(0, atStart).filter((u) => !isOwnWorker(u)))];
  page.requests = () => [...new Set(all.slice(atStart).filter((u) => !isOwnWorker(u) && !isBrowserFont(u)).map(short))];
  page.workers = () => all.filter(isOwnWorker).length;
  page.url0 = url;
  // Keeps each blob the page offers for download, so that the test can
  // read it (Firefox's downloads are not handed to the driver).
  await page.evaluate(() => {
    const make = URL.createObjectURL;
    window.__msBlobs = [];
    URL.createObjectURL = (blob) => {
      window.__msBlobs.push(blob);
      return make(blob);
    };
  });
  return page;
}

async function results(page) {
  await page.waitForSelector("#ms-sites-table tbody tr", { timeout: RESULT_TIMEOUT });
  await page.waitForSelector("#ms-results[data-drawn=all]", { state: "attached", timeout: RESULT_TIMEOUT });
}

/** The bytes of the report the JSON button offers. */
async function jsonDownload(page) {
  const before = await page.evaluate(() => window.__msBlobs.length);
  await page.click("#ms-download-json");
  await page.waitForFunction((n) => window.__msBlobs.length > n, {}, before);
  const text = await page.evaluate(async () => window.__msBlobs.at(-1).text());
  return Buffer.from(text, "utf8");
}

/** The per-site table's numeric cells, by site key. */
function siteCells(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll("#ms-sites-table tbody tr[data-key]")].map((tr) => [
        tr.dataset.key,
        Object.fromEntries([...tr.querySelectorAll("td[data-field][data-value]")].map((td) => [td.dataset.field, td.dataset.value])),
      ]),
    ),
  );
}

test("Firefox: the single file loads nothing but itself, and its policy blocks connections", { skip }, async () => {
  const page = await openOffline();
  try {
    // The page, and the empty icon its head names (data:,, which keeps the
    // browser from asking for a favicon).
    assert.deepEqual(page.loaded.filter((u) => u !== page.url0 && u !== "data:,"), [], "requests while the page started");
    assert.equal(page.workers(), 2, "the page started its two workers from its own code");
    assert.ok(!/@font-face|data:font/i.test(fs.readFileSync(offlineFile, "latin1")), "the page declares a font");
    // Firefox lets a file:// page read its own file even under
    // connect-src 'none' (Chromium does not): nothing leaves the machine,
    // and the page learns only what it holds. Any other file, a data: URL
    // or a server is refused.
    const outcomes = await page.evaluate(async (other) => {
      const attempt = (url) => fetch(url).then(() => "sent", () => "blocked");
      return [await attempt(other), await attempt("data:,x"), await attempt("http://127.0.0.1:9/")];
    }, pathToFileURL(path.join(fixtures, "small.csv")).href);
    assert.deepEqual(outcomes, ["blocked", "blocked", "blocked"]);
    const policies = await page.evaluate(() =>
      [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')].map((m) => m.content),
    );
    assert.match(policies[0], /(^|;)\s*connect-src 'none'\s*(;|$)/);
    assert.deepEqual(page.requests(), [], "requests after start");
  } finally {
    await page.close();
  }
});

for (const name of fixtureNames()) {
  test(`Firefox: ${name}.csv gives the command line tool's JSON`, { skip, timeout: 180_000 }, async () => {
    const page = await openOffline();
    try {
      const input = await page.$("#ms-file-input");
      await input.uploadFile(path.join(fixtures, `${name}.csv`));
      await results(page);
      const cells = await siteCells(page);
      for (const site of expected(name).sites) {
        assert.ok(cells[site.site], `no row for ${site.site}`);
        assert.ok(near(Number(cells[site.site].total_minutes), site.total_minutes), `${site.site} total_minutes`);
      }
      const bytes = await jsonDownload(page);
      const fromCli = cliReport(`${name}.csv`, fixtures);
      assert.ok(bytes.equals(fromCli), `the report differs from the CLI's: ${firstDifference(bytes, fromCli)}`);
      assert.deepEqual(page.requests(), [], "requests after start");
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  });
}

test("Firefox: the example gives its expected report", { skip, timeout: 120_000 }, async () => {
  const page = await openOffline();
  try {
    await page.click("#ms-example");
    await results(page);
    const want = JSON.parse(fs.readFileSync(path.join(exampleDir, `${EXAMPLE}.expected.json`), "utf8"));
    const bytes = await jsonDownload(page);
    const fromCli = cliReport(`${EXAMPLE}.csv`, exampleDir);
    assert.ok(bytes.equals(fromCli), `the report differs from the CLI's: ${firstDifference(bytes, fromCli)}`);
    const report = JSON.parse(bytes.toString("utf8"));
    assert.equal(report.input.rows_rejected, want.input.rows_rejected);
    assert.equal(report.overall.total_minutes, want.overall.total_minutes);
    assert.deepEqual(page.requests(), [], "requests after start");
  } finally {
    await page.close();
  }
});

test("Firefox: a 100 MB analysis is cancelled and another runs", { skip, timeout: 300_000 }, async () => {
  const big = bigFile();
  const page = await openOffline();
  try {
    const input = await page.$("#ms-file-input");
    await input.uploadFile(big);
    await page.waitForSelector("#ms-cancel", { timeout: 30_000 });
    await page.click("#ms-cancel");
    await page.waitForSelector("#ms-cancel", { hidden: true, timeout: 10_000 });
    assert.equal(await page.$("#ms-sites-table"), null, "the cancelled analysis gave results");
    await (await page.$("#ms-file-input")).uploadFile(path.join(fixtures, "small.csv"));
    await results(page);
    assert.equal((await page.$$("tr[data-file]")).length, 2);
    assert.ok(page.workers() >= 4, "Cancel started new workers from the page's own code");
    assert.deepEqual(page.requests(), [], "requests after start");
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});
