// Full-page screenshots of the results, for people to look at:
// target/browser/results.png for trial_group_uk.csv, and
// target/browser/results-320-sites.png for a log of 320 sites and 46,000
// rows made by benches/generate_records.py (as in BENCHMARKS.md).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import { execFileSync } from "node:child_process";

import { fixtures, openPage, repo, resultsDrawn, start, tempDir, upload } from "./helpers.js";

const SHOT = path.join(repo, "target", "browser", "results.png");

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

test("screenshot of the results for trial_group_uk.csv", { timeout: 120_000 }, async (t) => {
  const page = await openPage(env.context, env.url);
  await upload(page, path.join(fixtures, "trial_group_uk.csv"));
  await page.waitForLoadState("networkidle");
  fs.mkdirSync(path.dirname(SHOT), { recursive: true });
  await page.screenshot({ path: SHOT, fullPage: true });
  const size = fs.statSync(SHOT).size;
  assert.ok(size > 10_000, `screenshot only ${size} bytes`);
  t.diagnostic(`screenshot: ${SHOT}`);
});

test("screenshot of the results for a log of 320 sites", { timeout: 180_000 }, async (t) => {
  const tmp = tempDir("ms-shot-");
  try {
    const log = path.join(tmp.dir, "sites_320.csv");
    execFileSync("python3", [
      path.join(repo, "benches/generate_records.py"),
      ...["--rows", "46000", "--seed", "2", "--sites", "320", "--mentees", "2000", "--mentors", "40", "--out", log],
    ]);
    const page = await openPage(env.context, env.url);
    await upload(page, log);
    await resultsDrawn(page);
    const shot = path.join(repo, "target", "browser", "results-320-sites.png");
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(fs.statSync(shot).size > 50_000, "screenshot too small");
    // The screenful drawn is bounded by what is shown, not by the 320 sites.
    const elements = await page.evaluate(() => document.querySelectorAll("#ms-results *").length);
    assert.ok(elements < 20_000, `${elements} elements in the results`);
    t.diagnostic(`screenshot: ${shot} (${elements} elements in the results)`);
    await page.close();
  } finally {
    tmp.remove();
  }
});
