// A log of many names (1,000 sites, 3,000 mentees, made by
// benches/generate_records.py) and one spanning twelve years: the page
// draws a screenful, not every name. Tables show one page of rows with the
// others a click away, and sorting, the filter, the totals and the CSV work
// on all rows; charts draw the top 20 sites with the others summed, and
// every site a page at a time on request; long periods are drawn by quarter
// or by year; the JSON is still the CLI's, byte for byte; axe-core clean.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { axeClean, cli, openPage, repo, start, tableRows, tempDir, upload } from "./helpers.js";


let env;
let tmp;
let manySites;
let longLog;
before(async () => {
  env = await start({ bypassCSP: true });
  tmp = tempDir("ms-many-");
  manySites = path.join(tmp.dir, "many_sites.csv");
  execFileSync("python3", [
    path.join(repo, "benches/generate_records.py"),
    ...["--rows", "20000", "--seed", "3", "--sites", "1000", "--mentees", "3000", "--mentors", "30"],
    ...["--out", manySites],
  ]);
  // One 30-minute phone call a month at one site from Jan 2010 to Dec 2021.
  const lines = ["Date,Site,Mentee,Mentor,Mode,Duration (minutes),Attended"];
  for (let y = 2010; y <= 2021; y++) {
    for (let m = 1; m <= 12; m++) lines.push(`${y}-${String(m).padStart(2, "0")}-15,Ashford,Amy Cole,Mentor A,Phone,30,Yes`);
  }
  longLog = path.join(tmp.dir, "twelve_years.csv");
  fs.writeFileSync(longLog, `${lines.join("\n")}\n`);
});
after(async () => {
  await env?.close();
  tmp?.remove();
});

function cliReport(file) {
  return execFileSync(cli, ["report", path.basename(file)], { cwd: path.dirname(file), maxBuffer: 1 << 28 });
}

async function downloadedReport(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#ms-download-json")]);
  return fs.readFileSync(await download.path());
}

test("1,000 sites: a screenful drawn, every row within reach", { timeout: 300_000 }, async (t) => {
  const page = await openPage(env.context, env.url);
  try {
    const started = Date.now();
    await upload(page, manySites);
    t.diagnostic(`file chosen to per-site table: ${Date.now() - started} ms`);
    const fromCli = cliReport(manySites);
    const report = JSON.parse(fromCli);
    assert.equal(report.sites.length, 1000);

    await t.test("the JSON download is the CLI's", async () => {
      assert.ok((await downloadedReport(page)).equals(fromCli));
    });

    await t.test("the manuscript table shows 25 sites, and its .docx has all 1,000 (the CLI's, byte for byte)", async () => {
      const table = page.locator("#ms-manuscript-table");
      assert.equal(await table.locator('tbody tr[data-kind="site"]').count(), 25);
      assert.match(await page.locator("#ms-manuscript-shown").textContent(), /The first 25 of 1,000 sites/);
      const out = path.join(path.dirname(manySites), "table.docx");
      execFileSync(cli, ["table", path.basename(manySites), "--format", "docx", "--output", out], { cwd: path.dirname(manySites) });
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#ms-download-docx")]);
      assert.ok(fs.readFileSync(await download.path()).equals(fs.readFileSync(out)), "the page's .docx differs from the CLI's");
    });

    await t.test("the page holds a bounded number of elements", async () => {
      const nodes = await page.evaluate(() => document.querySelectorAll("*").length);
      t.diagnostic(`${nodes} elements`);
      assert.ok(nodes < 30_000, `${nodes} elements`);
      assert.equal(await page.locator("#ms-sites-table tbody tr").count(), 25, "one page of 25 sites");
    });

    await t.test("the pages are reached from the keyboard, and focus stays on Next", async () => {
      await page.locator("#ms-sites-table-filter").focus();
      await page.keyboard.press("Tab");
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-pager"));
      assert.equal(await focused(), "next", "Tab from the filter reaches Next (Previous is disabled on page 1)");
      const status = page.locator("#ms-sites-table-pages");
      const before = await status.textContent();
      await page.keyboard.press("Enter");
      await page.waitForFunction((b) => document.querySelector("#ms-sites-table-pages")?.textContent !== b, before);
      assert.match(await status.textContent(), /^Rows 26–50 of 1,000/);
      assert.equal(await focused(), "next", "focus stays on Next");
      await page.keyboard.press("Shift+Tab");
      assert.equal(await focused(), "previous");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => /^Rows 1–25/.test(document.querySelector("#ms-sites-table-pages")?.textContent ?? ""));
    });

    await t.test("every site is reached through the pages, once", async () => {
      const rows = await tableRows(page, "#ms-sites-table");
      assert.equal(rows.length, 1000);
      assert.equal(new Set(rows.map((r) => r.key)).size, 1000);
      const status = await page.locator("#ms-sites-table-pages").textContent();
      assert.match(status, /Rows 976–1,000 of 1,000/);
    });

    await t.test("sorting works on all rows: the largest first is the report's largest", async () => {
      const th = page.locator("#ms-sites-table thead th", { hasText: "Total time" });
      for (let i = 0; i < 3 && (await th.getAttribute("aria-sort")) !== "descending"; i++) await th.locator("button").click();
      assert.equal(await th.getAttribute("aria-sort"), "descending");
      const largest = [...report.sites].sort((a, b) => b.total_minutes - a.total_minutes)[0];
      const first = await page.locator("#ms-sites-table tbody tr").first().getAttribute("data-key");
      assert.equal(first, largest.site);
      const status = await page.locator("#ms-sites-table-pages").textContent();
      assert.match(status, /^Rows 1–25 of 1,000/, "a new sort starts at the first page");
    });

    await t.test("the month-by-site table filtered by a site shows that site's months", async () => {
      const site = report.sites[500].site;
      await page.locator("#ms-months-table-filter").fill(site);
      const rows = await tableRows(page, "#ms-months-table");
      const want = report.months.filter((m) => m.site.toLowerCase().includes(site.toLowerCase()));
      assert.ok(want.length > 0);
      assert.deepEqual(rows.map((r) => r.key).sort(), want.map((m) => `${m.month}|${m.site}`).sort());
      await page.locator("#ms-months-table-filter").fill("");
    });

    await t.test("the per-site CSV has every site", async () => {
      const block = page.locator(".ms-table-block:has(#ms-sites-table)");
      const [download] = await Promise.all([page.waitForEvent("download"), block.locator("button.ms-table-download").click()]);
      const lines = fs.readFileSync(await download.path(), "utf8").trim().split(/\r?\n/);
      assert.equal(lines.length, 1001);
    });

    await t.test("the minutes chart draws the top 20 and the other 980 summed", async () => {
      const chart = page.locator("figure:has(#ms-chart-sites-heading)");
      assert.equal(await chart.locator("g.ms-bar").count(), 21);
      const top = [...report.sites].sort((a, b) => b.total_minutes - a.total_minutes);
      const restMinutes = top.slice(20).reduce((sum, s) => sum + s.total_minutes, 0);
      const tips = await chart.locator("g.ms-bar title").allTextContents();
      assert.ok(tips[0].includes(top[0].site), `${tips[0]} names ${top[0].site}`);
      assert.match(tips[20], /Other 980 sites/);
      const minutes = Number(tips[20].match(/\(([\d,.]+) minutes/)[1].replace(/,/g, ""));
      assert.ok(Math.abs(minutes - restMinutes) < 0.05, `${tips[20]}: ${restMinutes} minutes`);

      await chart.getByRole("button", { name: /Show all 1,000 sites/ }).click();
      assert.equal(await chart.locator("g.ms-bar").count(), 50);
      assert.match(await chart.locator(".ms-chart-view").textContent(), /Sites 1–50 of 1,000/);
      await chart.getByRole("button", { name: /^Next/ }).click();
      assert.match(await chart.locator(".ms-chart-view").textContent(), /Sites 51–100 of 1,000/);
      await chart.getByRole("button", { name: /Top 20 only/ }).click();
      assert.equal(await chart.locator("g.ms-bar").count(), 21);
    });

    await t.test("axe-core: no serious or critical violation", async (st) => {
      await axeClean(page, st);
    });

    fs.mkdirSync(path.join(repo, "target", "screenshots"), { recursive: true });
    await page.locator(".ms-charts").first().screenshot({ path: path.join(repo, "target", "screenshots", "many_sites_charts.png") });
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("the results are drawn in stages: the per-site table first, then the charts and the other tables; a new run redraws in place", { timeout: 300_000 }, async () => {
  const page = await openPage(env.context, env.url);
  try {
    // What the page holds when the per-site table first has rows, and
    // every value `data-drawn` takes, seen as the DOM changes.
    await page.evaluate(() => {
      window.__stages = { first: null, drawn: [] };
      new MutationObserver(() => {
        const results = document.querySelector("#ms-results");
        const drawn = results?.getAttribute("data-drawn") ?? null;
        if (drawn !== window.__stages.drawn.at(-1)) window.__stages.drawn.push(drawn);
        if (!window.__stages.first && document.querySelector("#ms-sites-table tbody tr")) {
          window.__stages.first = {
            drawn,
            busy: results?.getAttribute("aria-busy") ?? null,
            charts: document.querySelectorAll("#ms-results figure.ms-chart").length,
            manuscript: !!document.querySelector("#ms-manuscript-table"),
            mentees: !!document.querySelector("#ms-mentees-table"),
            months: !!document.querySelector("#ms-months-table"),
          };
        }
      }).observe(document, { childList: true, subtree: true, attributes: true });
    });
    await upload(page, manySites);
    const first = await page.evaluate(() => window.__stages.first);
    assert.deepEqual(first, { drawn: "first", busy: "true", charts: 0, manuscript: true, mentees: false, months: false });
    assert.equal(await page.locator("#ms-results").getAttribute("aria-busy"), null, "no longer busy once drawn");
    assert.ok((await page.locator("#ms-results figure.ms-chart").count()) >= 4, "the charts are drawn after");
    assert.equal(await page.locator("#ms-mentees-table tbody tr").count(), 25);
    assert.equal(await page.locator("#ms-months-table tbody tr").count(), 25);

    // A sort chosen in a later stage's table stays through a new run,
    // which redraws the results in place rather than stage by stage.
    const th = page.locator("#ms-mentees-table thead th", { hasText: "Contacts attended" }).first();
    await th.locator("button").click();
    const sorted = await th.getAttribute("aria-sort");
    assert.ok(sorted === "ascending" || sorted === "descending", `aria-sort ${sorted}`);
    const total = page.locator('#ms-sites-table tfoot [data-total="total_minutes"]');
    const before = await total.textContent();
    await page.locator("#ms-written-minutes").fill("17");
    await page.locator("#ms-written-minutes").press("Tab");
    await page.waitForFunction((b) => document.querySelector('#ms-sites-table tfoot [data-total="total_minutes"]')?.textContent !== b, before);
    await page.waitForSelector('.ms-app[data-busy="false"]', { state: "attached" });
    assert.deepEqual(await page.evaluate(() => window.__stages.drawn), [null, "first", "all"], "the new run did not go back to the first stage");
    assert.equal(await th.getAttribute("aria-sort"), sorted, "the mentee table kept its sort");
  } finally {
    await page.close();
  }
});

test("twelve years of months are drawn by year", { timeout: 120_000 }, async () => {
  const page = await openPage(env.context, env.url);
  try {
    await upload(page, longLog);
    const chart = page.locator("figure:has(#ms-chart-months-heading)");
    assert.equal(await chart.locator("h3").textContent(), "Time per year, all sites");
    assert.equal(await chart.locator("g.ms-bar").count(), 12);
    const tip = await chart.locator("g.ms-bar").first().locator("title").textContent();
    // 12 calls of 30 minutes in 2010.
    assert.match(tip, /^2010: 6\.0\sh\s\(12\scontacts\)/);
    assert.ok((await downloadedReport(page)).equals(cliReport(longLog)));
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});
