// Site outcomes on the page, for each shared example of
// ../shared/fixtures/outcomes/ (NAME.csv, read with the flags of NAME.args):
// adding the outcome file after the records reads them again and the JSON
// download is byte for byte `mentoring-stats report NAME.csv --outcomes
// FILE`; the scatter plots carry the expected rho and n; a file that
// cannot be read as site outcomes is said, and the report stays; removing
// the outcome file gives the report without it; axe-core finds no
// violation with the outcomes shown. A screenshot of the plots goes to
// target/browser/outcomes.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

import { cli, compareRows, fixtures, near, openPage, repo, RESULT_TIMEOUT, start, tableRows, tempDir, upload } from "./helpers.js";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const FOLDER = path.join(fixtures, "outcomes");
const SHOT = path.join(repo, "target", "browser", "outcomes.png");
/** The first bytes of a PNG: not a table of any kind. */
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
const FSI_PDI = /[\u2068\u2069]/g;

/**
 * The cases of the folder: each NAME.csv with NAME.expected.json, its
 * flags (NAME.args, one a line, paths relative to the folder), copied
 * into a temporary folder so that the page and the command line tool see
 * the same file names (an outcome file named as a record file is given
 * the name of its folder in front).
 */
function cases() {
  return fs
    .readdirSync(FOLDER)
    .filter((f) => f.endsWith(".csv") && fs.existsSync(path.join(FOLDER, f.replace(/\.csv$/, ".expected.json"))))
    .sort()
    .map((csv) => {
      const name = csv.replace(/\.csv$/, "");
      const argsFile = path.join(FOLDER, `${name}.args`);
      const args = fs.existsSync(argsFile)
        ? fs.readFileSync(argsFile, "utf8").split("\n").map((l) => l.trim()).filter(Boolean)
        : [];
      const at = args.indexOf("--outcomes");
      assert.ok(at >= 0 && args[at + 1], `${name}.args gives no --outcomes FILE`);
      const outcomes = path.join(FOLDER, args[at + 1]);
      const rest = args.filter((_, i) => i !== at && i !== at + 1);
      return {
        name,
        records: [path.join(FOLDER, csv), ...rest.filter((a) => !a.startsWith("-")).map((a) => path.join(FOLDER, a))],
        flags: rest.filter((a) => a.startsWith("-")),
        outcomes,
        expected: JSON.parse(fs.readFileSync(path.join(FOLDER, `${name}.expected.json`), "utf8")),
      };
    });
}

/** Copies a case's files into `dir`: the names the page and the CLI are given. */
function stage(c, dir) {
  const records = c.records.map((file) => {
    const to = path.join(dir, path.basename(file));
    fs.copyFileSync(file, to);
    return path.basename(file);
  });
  let outcomes = path.basename(c.outcomes);
  if (records.includes(outcomes)) outcomes = `${path.basename(path.dirname(c.outcomes))}-${outcomes}`;
  fs.copyFileSync(c.outcomes, path.join(dir, outcomes));
  return { records, outcomes };
}

function cliReport(dir, args) {
  assert.ok(fs.existsSync(cli), `${cli} not found: build it first (cargo build --release)`);
  return execFileSync(cli, ["report", ...args], { cwd: dir, maxBuffer: 1 << 28 });
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

function assertSame(fromPage, fromCli, what) {
  assert.ok(fromPage.equals(fromCli), `${what}: the page's report differs from the CLI's: ${firstDifference(fromPage, fromCli)}`);
}

/** Waits until no run is in progress. */
async function idle(page) {
  await page.waitForSelector('.ms-app[data-busy="false"]', { state: "attached", timeout: RESULT_TIMEOUT });
}

/** Adds a site outcome file and waits for the run it starts to end. */
async function addOutcomes(page, file) {
  await idle(page);
  const run = Number(await page.locator(".ms-app").getAttribute("data-run"));
  await page.locator("#ms-outcomes-input").setInputFiles(file);
  await page.waitForFunction(
    (run) => {
      const app = document.querySelector(".ms-app");
      return Number(app.dataset.run) > run && app.dataset.busy === "false";
    },
    run,
    { timeout: RESULT_TIMEOUT },
  );
}

/** What each scatter plot says: its attributes, heading, text, points and labels. */
function plots(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("#ms-outcomes figure.ms-outcome-chart")].map((f) => ({
      index: Number(f.dataset.index),
      sites: Number(f.dataset.sites),
      n: Number(f.dataset.n),
      rho: f.dataset.rho,
      rhoTotal: f.dataset.rhoTotal,
      heading: f.querySelector("h4")?.textContent,
      text: f.querySelector(".ms-rho")?.textContent,
      caution: f.querySelector(".ms-caution")?.textContent,
      points: f.querySelectorAll("svg circle.ms-point").length,
      labels: [...f.querySelectorAll("svg text.ms-point-label")].map((t) => t.textContent),
      labelWidths: [...f.querySelectorAll("svg text.ms-point-label")].map((t) => t.getComputedTextLength()),
      svg: !!f.querySelector('svg[role="img"] title') && !!f.querySelector("svg desc"),
      numbers: f.querySelectorAll("details.ms-chart-numbers tbody tr").length,
    })),
  );
}

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const all = cases();

test("the outcome examples are there", () => {
  assert.ok(all.length > 0, `no NAME.csv with NAME.expected.json and NAME.args in ${FOLDER}`);
});

for (const c of all) {
  test(`${c.name}: site outcomes added, shown, refused and removed`, { timeout: 240_000 }, async (t) => {
    assert.deepEqual(c.flags, [], `${c.name}.args has flags the page test does not set: ${c.flags.join(" ")}`);
    const tmp = tempDir();
    const page = await openPage(env.context, env.url);
    try {
      const { records, outcomes } = stage(c, tmp.dir);
      const withOutcomes = cliReport(tmp.dir, [...records, "--outcomes", outcomes]);
      const without = cliReport(tmp.dir, records);

      await upload(page, records.map((r) => path.join(tmp.dir, r)));
      await idle(page);
      assertSame(await downloaded(page), without, "records alone");
      assert.equal(await page.locator("#ms-outcomes").count(), 0, "outcomes shown before an outcome file was added");

      await t.test("adding the outcome file gives the CLI's report with --outcomes", async () => {
        await addOutcomes(page, path.join(tmp.dir, outcomes));
        await page.locator("#ms-outcomes").waitFor({ timeout: RESULT_TIMEOUT });
        assertSame(await downloaded(page), withOutcomes, `${records.join(" ")} --outcomes ${outcomes}`);
        assert.equal(await page.locator("#ms-outcome-file").getAttribute("data-file"), outcomes);
      });

      await t.test("the measures table and the scatter plots carry the expected rho and n", async () => {
        const want = c.expected.outcomes;
        const rows = await tableRows(page, "#ms-outcome-measures-table");
        const problems = compareRows(rows, want, (o) => o.measure);
        assert.ok(problems.length === 0, `#ms-outcome-measures-table:\n  ${problems.join("\n  ")}`);

        const shown = await plots(page);
        assert.equal(shown.length, want.length, "one scatter plot per measure");
        for (const [i, o] of want.entries()) {
          const p = shown[i];
          const where = `plot ${i} (${o.measure})`;
          assert.equal(p.heading.replace(FSI_PDI, ""), o.measure, `${where}: heading`);
          assert.equal(p.sites, o.sites, `${where}: data-sites`);
          assert.ok(p.svg, `${where}: an svg role=img with a title and a desc`);
          for (const [field, raw] of [["spearman_minutes_per_month", p.rho], ["spearman_total_minutes", p.rhoTotal]]) {
            if (o[field] === null) assert.equal(raw, "", `${where}: ${field} should be null`);
            else assert.ok(raw !== "" && near(Number(raw), o[field]), `${where}: ${field} ${raw}, expected ${o[field]}`);
          }
          // Every site of the report has minutes per month here: every point is drawn and labelled.
          assert.equal(p.n, o.points.length, `${where}: n`);
          assert.equal(p.points, o.points.length, `${where}: points drawn`);
          // Each label is its site's name, or its start cut with "…" to
          // the room of a label (136 units, chart::fit by its letters).
          assert.equal(p.labels.length, o.points.length, `${where}: a label per point`);
          for (const [j, pt] of o.points.entries()) {
            const label = p.labels[j].replace(FSI_PDI, "");
            const whole = label === pt.site;
            const cut = label.endsWith("…") && pt.site.startsWith(label.slice(0, -1));
            assert.ok(whole || cut, `${where}: label ${JSON.stringify(label)} for ${JSON.stringify(pt.site)}`);
            assert.ok(p.labelWidths[j] <= 136, `${where}: label ${JSON.stringify(label)} is ${p.labelWidths[j]} wide`);
          }
          assert.equal(p.numbers, o.points.length, `${where}: a row of numbers per point`);
          const text = p.text.replace(FSI_PDI, "");
          const n = `n = ${o.points.length} sites`;
          if (o.spearman_minutes_per_month !== null) {
            assert.ok(text.includes(`ρ = ${Number(o.spearman_minutes_per_month.toFixed(2))}`), `${where}: rho under the plot: ${text}`);
          }
          assert.ok(text.includes(n), `${where}: "${n}" under the plot: ${text}`);
          assert.equal(
            p.caution,
            `A correlation across ${o.points.length} sites; it does not show that mentoring caused the difference.`,
            `${where}: the caution`,
          );
        }

        // Every point in the per-site table, and in its CSV.
        const sites = await tableRows(page, "#ms-outcome-sites-table");
        for (const [m, o] of want.entries()) {
          const problems = compareRows(sites, o.points.map((pt) => ({ site: pt.site, [`measure_${m + 1}`]: pt.value })), (pt) => pt.site);
          assert.ok(problems.length === 0, `#ms-outcome-sites-table, ${o.measure}:\n  ${problems.join("\n  ")}`);
        }
        const [download] = await Promise.all([
          page.waitForEvent("download", { timeout: 15_000 }),
          page.locator("#ms-outcomes button", { hasText: "Download site outcomes (CSV)" }).click(),
        ]);
        const csv = fs.readFileSync(await download.path(), "utf8").replace(/^\ufeff/, "").trimEnd().split(/\r?\n/);
        assert.equal(csv[0], ["site", "total_minutes", "minutes_per_month", ...want.map((o) => (/[",]/.test(o.measure) ? `"${o.measure.replaceAll('"', '""')}"` : o.measure))].join(","));
        const union = new Set(want.flatMap((o) => o.points.map((pt) => pt.site)));
        assert.equal(csv.length - 1, union.size, "one CSV row per site with a value");
      });

      await t.test("the outcome file's notices are shown beside the outcomes", async () => {
        const notices = await page.locator("#ms-outcome-notices li").allTextContents();
        const report = JSON.parse(withOutcomes);
        const own = report.input.notices.filter((n) => n.startsWith(`${outcomes}: `));
        assert.ok(own.length > 0, "the CLI gives notices about the outcome file");
        assert.equal(notices.length, own.length, `notices beside the outcomes: ${notices.join(" | ")}`);
        for (const [i, n] of own.entries()) {
          assert.ok(notices[i].replace(FSI_PDI, "").startsWith(n), `notice ${i}: ${notices[i]}`);
        }
      });

      await t.test("a screenshot of the plots", async () => {
        fs.mkdirSync(path.dirname(SHOT), { recursive: true });
        await page.locator("#ms-outcomes").screenshot({ path: SHOT });
        t.diagnostic(`screenshot: ${SHOT}`);
      });

      await t.test("a file that is not site outcomes is said, and the report stays", async () => {
        const bad = path.join(tmp.dir, "picture.csv");
        fs.writeFileSync(bad, PNG);
        await addOutcomes(page, bad);
        const alert = page.locator("#ms-outcomes-error[role=alert]");
        await alert.waitFor({ timeout: 10_000 });
        const said = (await alert.innerText()).replace(FSI_PDI, "");
        assert.match(said, /picture\.csv[^\n]*could not be read/, said);
        assert.match(said, /Expected: .*one row per site/, said);
        assert.match(said, /What to do: /, said);
        assert.match(said, new RegExp(`still those made with the site outcomes of ${outcomes.replace(/\./g, "\\.")}`), said);
        assertSame(await downloaded(page), withOutcomes, "after a bad outcome file");
        assert.equal(await page.locator("#ms-outcome-file").getAttribute("data-file"), outcomes, "the outcome file in use");
        assert.equal(await page.locator("#ms-outcomes figure.ms-outcome-chart").count(), c.expected.outcomes.length);
      });

      await t.test("removing the outcome file gives the report without it", async () => {
        const run = Number(await page.locator(".ms-app").getAttribute("data-run"));
        await page.click("#ms-outcomes-remove");
        await page.waitForFunction((run) => Number(document.querySelector(".ms-app").dataset.run) > run, run);
        await idle(page);
        await page.locator("#ms-outcomes").waitFor({ state: "detached", timeout: RESULT_TIMEOUT });
        assertSame(await downloaded(page), without, "outcome file removed");
        assert.equal(await page.locator("#ms-outcomes-error").count(), 0, "the refusal is gone");
      });

      await t.test("a table without a measure is said, and the report without outcomes stays", async () => {
        const flat = path.join(tmp.dir, "sites-notes.csv");
        fs.writeFileSync(flat, "Site,Comment\nLarchfield,new PI\nMoorside,fine\n");
        await addOutcomes(page, flat);
        const said = (await page.locator("#ms-outcomes-error").innerText()).replace(FSI_PDI, "");
        assert.match(said, /sites-notes\.csv[^\n]*could not be read/, said);
        assert.match(said, /no outcome measure/, said);
        assert.match(said, /still those of the record files alone/, said);
        assertSame(await downloaded(page), without, "after a table without a measure");
        assert.equal(await page.locator("#ms-outcome-file").count(), 0, "no outcome file in use");
      });

      assert.deepEqual(page.errors, [], "errors on the page");
    } finally {
      await page.close();
      tmp.remove();
    }
  });
}

test("axe-core: no violation with the site outcomes shown", { timeout: 180_000 }, async (t) => {
  // axe is injected with the page's CSP bypassed, in a browser of its own.
  const axeEnv = await start({ bypassCSP: true });
  const tmp = tempDir();
  try {
    const c = all[0];
    const { records, outcomes } = stage(c, tmp.dir);
    const page = await openPage(axeEnv.context, axeEnv.url);
    await upload(page, records.map((r) => path.join(tmp.dir, r)));
    await addOutcomes(page, path.join(tmp.dir, outcomes));
    await page.locator("#ms-outcomes").waitFor({ timeout: RESULT_TIMEOUT });
    // The numbers under each plot open, so that their tables are checked too.
    await page.evaluate(() => document.querySelectorAll("#ms-outcomes details").forEach((d) => (d.open = true)));
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").join(" ")}`),
      }));
    });
    for (const v of violations) {
      t.diagnostic(`axe ${v.impact} ${v.id}: ${v.help}`);
      for (const node of v.nodes.slice(0, 5)) t.diagnostic(`    ${node}`);
    }
    assert.deepEqual(
      violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`),
      [],
      "axe-core violations with the outcomes shown",
    );
    assert.deepEqual(page.errors, [], "errors on the page");
    await page.close();
  } finally {
    tmp.remove();
    await axeEnv.close();
  }
});
