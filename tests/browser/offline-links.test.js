// What the served page offers besides the user's files: "Use it offline"
// downloads the single file byte for byte as dist/ has it; the template
// links download dist/'s templates; the example button gives the example's
// expected report with no request.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import {
  EXAMPLE,
  TEMPLATES,
  cliReport,
  compareRows,
  dist,
  downloadOf,
  exampleDir,
  firstDifference,
  openPage,
  resultsDrawn,
  start,
  tableRows,
} from "./helpers.js";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

test("Use it offline downloads dist/mentoring-stats.html as it is", async () => {
  const page = await openPage(env.context, env.url);
  try {
    const link = page.locator("#ms-offline-link");
    assert.equal(await link.getAttribute("download"), "mentoring-stats.html");
    assert.match(await page.locator(".ms-footer").innerText(), /Use it offline/);
    const { name, bytes } = await downloadOf(page, "#ms-offline-link");
    assert.equal(name, "mentoring-stats.html");
    const want = fs.readFileSync(path.join(dist, "mentoring-stats.html"));
    assert.ok(bytes.equals(want), `the download differs from dist/mentoring-stats.html: ${firstDifference(bytes, want)}`);
  } finally {
    await page.close();
  }
});

test("the template links download dist/'s templates", async () => {
  const page = await openPage(env.context, env.url);
  try {
    for (const [selector, file] of [["#ms-template-csv", TEMPLATES[0]], ["#ms-template-xlsx", TEMPLATES[1]]]) {
      const { name, bytes } = await downloadOf(page, selector);
      assert.equal(name, file);
      assert.ok(bytes.equals(fs.readFileSync(path.join(dist, file))), `${file} differs from dist/'s`);
    }
  } finally {
    await page.close();
  }
});

test("the example button gives the example's expected report, with no request", { timeout: 120_000 }, async () => {
  const page = await openPage(env.context, env.url);
  const seen = [];
  const record = (request) => seen.push(request.url());
  env.context.on("request", record);
  const served = env.requests.length;
  try {
    await page.click("#ms-example");
    await resultsDrawn(page);
    const want = JSON.parse(fs.readFileSync(path.join(exampleDir, `${EXAMPLE}.expected.json`), "utf8"));
    const problems = compareRows(await tableRows(page, "#ms-sites-table"), want.sites, (s) => s.site);
    assert.deepEqual(problems, [], "#ms-sites-table differs from the example's expected report");
    const { bytes } = await downloadOf(page, "#ms-download-json");
    const report = JSON.parse(bytes.toString("utf8"));
    assert.deepEqual(
      [report.input.rows_read, report.input.rows_used, report.input.rows_rejected],
      [want.input.rows_read, want.input.rows_used, want.input.rows_rejected],
    );
    const fromCli = cliReport(`${EXAMPLE}.csv`, exampleDir);
    assert.ok(bytes.equals(fromCli), `the report differs from the CLI's: ${firstDifference(bytes, fromCli)}`);
    await page.waitForTimeout(300);
    assert.deepEqual(seen.filter((u) => /^https?:/i.test(u)), [], "requests seen by the browser after load");
    assert.deepEqual(env.requests.slice(served), [], "requests received by the server after load");
    assert.deepEqual(page.errors, []);
  } finally {
    env.context.off("request", record);
    await page.close();
  }
});
