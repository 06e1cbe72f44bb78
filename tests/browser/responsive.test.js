// The page stays responsive with a large log of many names: 200,000 rows
// over 3,000 sites and 8,000 mentees (made by benches/generate_records.py).
// While the worker analyses it the page keeps drawing frames; once the
// per-site table is shown, a click on a column's sort button re-sorts all
// 3,000 sites (the first row becomes the one the CLI's report puts first in
// that order) and the page draws the new order. No time is asserted: the
// times, the frames drawn, the longest gap between two frames and the
// longest task of the main thread are reported as diagnostics.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";

import { cliReport, openPage, repo, RESULT_TIMEOUT, start, tempDir, upload } from "./helpers.js";

const ROWS = 200_000;
const SITES = 3_000;
/** How long a sort may take before the test says the table did not re-sort. */
const SORT_TIMEOUT = 30_000;

let env;
let tmp;
let log;
before(async () => {
  env = await start();
  tmp = tempDir("ms-responsive-");
  log = path.join(tmp.dir, "many_sites_200k.csv");
  execFileSync("python3", [
    path.join(repo, "benches/generate_records.py"),
    ...["--rows", String(ROWS), "--seed", "4", "--sites", String(SITES), "--mentees", "8000", "--mentors", "40"],
    ...["--out", log],
  ]);
});
after(async () => {
  await env?.close();
  tmp?.remove();
});

// Installed in the page: a requestAnimationFrame loop noting when each
// frame ran, and the main thread's long tasks (over 50 ms), on the page's
// clock (performance.now()).
function watchFrames() {
  const frames = [];
  const tasks = [];
  const tick = () => {
    frames.push(performance.now());
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push([entry.startTime, entry.duration]);
  }).observe({ type: "longtask" });
  window.__msFrames = { frames, tasks };
}

/**
 * The frames drawn between two moments of the page's clock, the longest
 * gap without one (the moments counted as edges) and the longest task that
 * overlaps them.
 */
function frameStats([from, to]) {
  const { frames, tasks } = window.__msFrames;
  const inside = frames.filter((t) => t > from && t <= to);
  const edges = [from, ...inside, to];
  let gap = 0;
  for (let i = 1; i < edges.length; i++) gap = Math.max(gap, edges[i] - edges[i - 1]);
  const overlapping = tasks.filter(([s, d]) => s + d >= from && s <= to);
  return { frames: inside.length, gap, task: Math.max(0, ...overlapping.map(([, d]) => d)), tasks: overlapping.length };
}

const now = (page) => page.evaluate(() => performance.now());
const ms = (x) => `${Math.round(x)} ms`;
const describe = (s) => `${s.frames} frames, longest gap between frames ${ms(s.gap)}, ${s.tasks} long tasks (longest ${ms(s.task)})`;

/**
 * The site the per-site table shows first when sorted by `field` in
 * `direction`: the table sorts the report's rows (in the report's order)
 * stably, nulls last, so ties keep the report's order.
 */
function firstBy(sites, field, direction) {
  const sign = direction === "descending" ? -1 : 1;
  let best = null;
  for (const s of sites) {
    const v = s[field];
    if (v === null) continue;
    if (best === null || sign * (v - best[field]) < 0) best = s;
  }
  return best.site;
}

test("a 3,000-site log: the page draws while it is analysed, and re-sorts at a click", { timeout: 300_000 }, async (t) => {
  const report = JSON.parse(cliReport(path.basename(log), tmp.dir));
  assert.equal(report.sites.length, SITES);

  const page = await openPage(env.context, env.url);
  try {
    await page.evaluate(watchFrames);
    const chosen = await now(page);
    const started = Date.now();
    await upload(page, log);
    const shown = await now(page);
    t.diagnostic(`file chosen to per-site table: ${ms(Date.now() - started)}`);
    const analysis = await page.evaluate(frameStats, [chosen, shown]);
    t.diagnostic(`while analysed and shown: ${describe(analysis)}`);
    assert.ok(analysis.frames > 0, "the page drew no frame between the file chosen and the per-site table shown");

    const table = page.locator("#ms-sites-table");
    const status = page.locator("#ms-sites-table-pages");
    assert.match(await status.textContent(), /^Rows 1–25 of 3,000/);
    const firstKey = () => table.locator("tbody tr").first().getAttribute("data-key");
    assert.equal(await firstKey(), report.sites[0].site, "before any sort, the report's order (by name)");

    const th = table.locator("thead th", { hasText: "Total time" });
    const announcement = page.locator(".ms-table-block:has(#ms-sites-table) [aria-live=polite]");
    let previous = await firstKey();
    for (const [direction, way] of [
      ["descending", "largest first"],
      ["ascending", "smallest first"],
    ]) {
      await t.test(`sorted by total time, ${way}`, async (st) => {
        const want = firstBy(report.sites, "total_minutes", direction);
        assert.notEqual(want, previous, "the test needs a sort that changes the first row");
        const clicked = await now(page);
        const since = Date.now();
        await th.locator("button").click();
        // Polled in animation frames: it returns once a frame runs with the
        // table's order changed.
        await page
          .waitForFunction(
            ([previous, direction]) =>
              document.querySelector("#ms-sites-table tbody tr")?.getAttribute("data-key") !== previous ||
              [...document.querySelectorAll("#ms-sites-table thead th")].some((th) => th.getAttribute("aria-sort") === direction),
            [previous, direction],
            { polling: "raf", timeout: SORT_TIMEOUT },
          )
          .catch(() => assert.fail(`no frame showed the table re-sorted within ${SORT_TIMEOUT / 1000} s of the click`));
        const answered = await now(page);
        st.diagnostic(`click to re-sorted table drawn: ${ms(Date.now() - since)} (page clock ${ms(answered - clicked)})`);
        const sorting = await page.evaluate(frameStats, [clicked, answered]);
        st.diagnostic(`during the sort: ${describe(sorting)}`);
        assert.ok(sorting.frames > 0, "no animation frame ran between the click and the re-sorted table");

        assert.equal(await th.getAttribute("aria-sort"), direction);
        assert.equal(await firstKey(), want, `the first row is the report's first site by total time, ${way}`);
        assert.match(await status.textContent(), /^Rows 1–25 of 3,000/, "a new sort starts at the first page, all sites kept");
        assert.equal(await announcement.textContent(), `Sorted by Total time, ${way}.`);
        // The main thread is free again: a frame asked for now runs.
        const frame = await page.evaluate(() => {
          const asked = performance.now();
          return new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now() - asked)));
        });
        st.diagnostic(`a frame asked for after the sort ran after ${ms(frame)}`);
        previous = want;
      });
    }
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});
