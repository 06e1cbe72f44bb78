// Each shared fixture, uploaded through the page's file input: the per-site
// table shows the expected values, and the JSON download is byte for byte
// the command line tool's report of the same file.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { cli, compareRows, expected, fixtureNames, fixtures, openPage, start, tableRows, upload } from "./helpers.js";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** The first byte where two buffers differ, with a little text around it. */
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = (buf) => JSON.stringify(buf.subarray(Math.max(0, i - 40), i + 40).toString("utf8"));
  return `lengths ${a.length} and ${b.length}; first difference at byte ${i}:\n  page: ${around(a)}\n  cli:  ${around(b)}`;
}

const names = fixtureNames();

test("the shared fixtures are there", () => {
  assert.ok(names.length > 0, `no NAME.csv with NAME.expected.json in ${fixtures}`);
});

for (const name of names) {
  test(`${name}.csv`, { timeout: 180_000 }, async (t) => {
    const page = await openPage(env.context, env.url);
    try {
      await upload(page, path.join(fixtures, `${name}.csv`));

      await t.test("per-site table shows the expected values", async () => {
        const rows = await tableRows(page, "#ms-sites-table");
        const problems = compareRows(rows, expected(name).sites, (s) => s.site);
        assert.ok(problems.length === 0, `#ms-sites-table differs from ${name}.expected.json:\n  ${problems.join("\n  ")}`);
      });

      await t.test("JSON download equals `mentoring-stats report` byte for byte", async () => {
        assert.ok(fs.existsSync(cli), `${cli} not found: build it first (cargo build --release)`);
        const fromCli = execFileSync(cli, ["report", `${name}.csv`], { cwd: fixtures, maxBuffer: 1 << 28 });
        const [download] = await Promise.all([
          page.waitForEvent("download", { timeout: 15_000 }),
          page.click("#ms-download-json", { timeout: 10_000 }),
        ]);
        const fromPage = fs.readFileSync(await download.path());
        assert.ok(fromPage.equals(fromCli), `the downloaded report differs from the CLI's: ${firstDifference(fromPage, fromCli)}`);
      });

      assert.deepEqual(page.errors, [], "errors on the page");
    } finally {
      await page.close();
    }
  });
}
