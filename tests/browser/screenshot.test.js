// A full-page screenshot of the results for trial_group_uk.csv, for the
// closing note and for people to look at: target/browser/results.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import { fixtures, openPage, repo, start, upload } from "./helpers.js";

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
