// The calculator as one file (dist/mentoring-stats.html), opened from the
// disk (file://) in Chromium with no server at all: each shared fixture
// gives the command line tool's JSON byte for byte; once the page has
// started, no request of any kind is made (file:, data:, blob:, http:),
// through analyses, downloads, the example and a cancelled 100 MB
// analysis; the policy allows no connection from the start; the example
// gives its expected report; the templates it carries are those of dist/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import {
  EXAMPLE,
  TEMPLATES,
  bigFile,
  cliReport,
  compareRows,
  dist,
  downloadOf,
  exampleDir,
  expected,
  firstDifference,
  fixtureNames,
  fixtures,
  resultsDrawn,
  startOffline,
  tableRows,
  upload,
} from "./helpers.js";

let env;
before(async () => {
  env = await startOffline();
});
after(async () => {
  await env?.close();
});

/** The worker's code: the page's own web.js (and the line that starts it), in a data: URL. */
const webJs = fs.readFileSync(path.join(dist, "web.js"));
function isOwnWorker(url) {
  const prefix = "data:text/javascript;base64,";
  if (!url.startsWith(prefix)) return false;
  const code = Buffer.from(url.slice(prefix.length), "base64");
  return code.subarray(0, webJs.length).equals(webJs);
}

/**
 * Chromium's own calendar icon of an <input type="date"> (the window
 * dates): the browser's built-in control draws it from a data: URL of its
 * own, which the page neither makes nor can stop. It is the only load
 * allowed besides the page and its worker.
 */
function isDatePickerIcon(url) {
  const prefix = "data:image/svg+xml;base64,";
  if (!url.startsWith(prefix)) return false;
  const svg = Buffer.from(url.slice(prefix.length), "base64").toString("utf8");
  return svg.includes('fill="WindowText" d="M20 3h-1V1h-2v2H7V1H5v2H4c');
}

/**
 * Opens the single file in a new tab, recording every request the browser
 * reports, of any scheme, from before the navigation: Playwright's (the
 * tab, its workers, the whole context) and the DevTools protocol's
 * Network domain for the tab, which also reports file: and data: loads
 * (a data: worker, a fetch of a data: URL) that Playwright leaves out.
 * `page.requests()` lists those made since the calculator started, but for
 * the starts of its own workers (`page.workers()` counts those) and
 * Chromium's date picker icon.
 */
async function openOffline() {
  const page = await env.context.newPage();
  page.errors = [];
  page.on("pageerror", (error) => page.errors.push(error.message));
  const all = [];
  const record = (request) => all.push(request.url());
  page.on("request", record);
  env.context.on("request", record);
  page.on("close", () => env.context.off("request", record));
  const cdp = await env.context.newCDPSession(page);
  await cdp.send("Network.enable");
  cdp.on("Network.requestWillBeSent", (event) => all.push(event.request.url));
  await page.goto(env.url);
  await page.waitForSelector("html[data-ms-ready]", { state: "attached" });
  await page.waitForTimeout(200);
  const atStart = all.length;
  const short = (url) => (url.length > 120 && !process.env.MS_FULL_URLS ? `${url.slice(0, 120)}... (${url.length} characters)` : url);
  page.loaded = [...new Set(all.slice(0, atStart).filter((u) => !isOwnWorker(u)))];
  page.requests = () => [
    ...new Set(all.slice(atStart).filter((u) => !isOwnWorker(u) && !isDatePickerIcon(u)).map(short)),
  ];
  page.workers = () => all.filter(isOwnWorker).length;
  return page;
}

test("the single file loads nothing but itself", async () => {
  const page = await openOffline();
  try {
    assert.deepEqual(page.loaded, [env.url], "requests while the page started");
    assert.equal(page.workers(), 2, "the page started its two workers from its own code");
    assert.equal(await page.locator("#ms-example").count(), 1, "no example button");
    assert.equal(await page.locator("#ms-offline-link").count(), 0, "the single file links to itself");
    assert.match(await page.locator("#ms-offline-note").innerText(), /one file/);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test("its policy allows no connection from the start, and only its own inline script and style", async () => {
  const page = await openOffline();
  try {
    const html = fs.readFileSync(path.join(dist, "mentoring-stats.html"), "utf8");
    const initial = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
    assert.ok(initial, "no policy in the file");
    const directives = Object.fromEntries(
      initial.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([n, ...s]) => [n, s]),
    );
    assert.deepEqual(directives["connect-src"], ["'none'"]);
    assert.deepEqual(directives["default-src"], ["'none'"]);
    for (const [name, sources] of Object.entries(directives)) {
      for (const source of sources) {
        assert.ok(
          /^'(none|wasm-unsafe-eval)'$/.test(source) || /^'sha256-[A-Za-z0-9+/]+=*'$/.test(source) || source === "data:",
          `${name} allows ${source}`,
        );
      }
    }
    // In force: the first policy is the file's own, the second the lock.
    const policies = await page.evaluate(() =>
      [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')].map((m) => m.content),
    );
    assert.equal(policies[0], initial);
    assert.ok(policies.some((p) => /(^|;)\s*img-src\s+'none'/.test(p)), "the page did not lock itself once started");
    const outcomes = await page.evaluate(async () => {
      const attempt = (url) => fetch(url).then(() => "sent", () => "blocked");
      return [await attempt(location.href), await attempt("data:,x"), await attempt("http://127.0.0.1:9/")];
    });
    assert.deepEqual(outcomes, ["blocked", "blocked", "blocked"]);
    assert.deepEqual(page.requests(), [], "requests after start");
  } finally {
    await page.close();
  }
});

for (const name of fixtureNames()) {
  test(`${name}.csv from the single file gives the command line tool's JSON`, { timeout: 180_000 }, async () => {
    const page = await openOffline();
    try {
      await upload(page, path.join(fixtures, `${name}.csv`));
      const problems = compareRows(await tableRows(page, "#ms-sites-table"), expected(name).sites, (s) => s.site);
      assert.deepEqual(problems, [], `#ms-sites-table differs from ${name}.expected.json`);
      const { bytes } = await downloadOf(page, "#ms-download-json");
      const fromCli = cliReport(`${name}.csv`, fixtures);
      assert.ok(bytes.equals(fromCli), `the downloaded report differs from the CLI's: ${firstDifference(bytes, fromCli)}`);
      assert.deepEqual(page.requests(), [], "requests after start");
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  });
}

test("the example log gives its expected report, with no request", { timeout: 120_000 }, async () => {
  const page = await openOffline();
  try {
    await page.click("#ms-example");
    await resultsDrawn(page);
    const want = JSON.parse(fs.readFileSync(path.join(exampleDir, `${EXAMPLE}.expected.json`), "utf8"));
    const problems = compareRows(await tableRows(page, "#ms-sites-table"), want.sites, (s) => s.site);
    assert.deepEqual(problems, [], "#ms-sites-table differs from the example's expected report");
    const { name, bytes } = await downloadOf(page, "#ms-download-json");
    const report = JSON.parse(bytes.toString("utf8"));
    assert.deepEqual(
      [report.input.rows_read, report.input.rows_used, report.input.rows_rejected],
      [want.input.rows_read, want.input.rows_used, want.input.rows_rejected],
    );
    for (const [field, value] of Object.entries(want.overall)) {
      assert.deepEqual(report.overall[field], value, `overall.${field}`);
    }
    const fromCli = cliReport(`${EXAMPLE}.csv`, exampleDir);
    assert.ok(bytes.equals(fromCli), `${name} differs from the CLI's report: ${firstDifference(bytes, fromCli)}`);
    assert.match(await page.locator("#ms-example-note").innerText(), /invented/);
    assert.deepEqual(page.requests(), [], "requests after start");
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test("the templates it carries are those of dist/", async () => {
  const page = await openOffline();
  try {
    for (const [selector, file] of [["#ms-template-csv", TEMPLATES[0]], ["#ms-template-xlsx", TEMPLATES[1]]]) {
      const { name, bytes } = await downloadOf(page, selector);
      assert.equal(name, file);
      assert.ok(bytes.equals(fs.readFileSync(path.join(dist, file))), `${file} differs from dist/'s`);
    }
    assert.deepEqual(page.requests(), [], "requests after start");
  } finally {
    await page.close();
  }
});

test("a 100 MB analysis is cancelled and another runs, with no request", { timeout: 300_000 }, async () => {
  const big = bigFile();
  const page = await openOffline();
  try {
    await page.locator("#ms-file-input").setInputFiles(big);
    // The worker is reading: its progress moves before Cancel.
    await page.locator("#ms-cancel").waitFor({ timeout: 30_000 });
    await page.locator("#ms-cancel").click({ timeout: 10_000 });
    await page.locator("#ms-cancel").waitFor({ state: "detached", timeout: 10_000 });
    assert.equal(await page.locator("#ms-sites-table").count(), 0, "the cancelled analysis gave results");
    // The next file starts a new analysis (of both files) in a new worker.
    await upload(page, path.join(fixtures, "small.csv"));
    assert.equal(await page.locator("tr[data-file]").count(), 2);
    assert.equal(await page.locator(".ms-app").getAttribute("data-busy"), "false");
    assert.ok(page.workers() >= 4, "Cancel started new workers from the page's own code");
    assert.deepEqual(page.requests(), [], "requests after start");
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});
