// Limits and overlapping work: a file over the size limit is refused before
// it is read, with the limit named; a second file chosen while an analysis
// runs restarts it with both files, and the two runs never mix.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { bigFile, cli, fixtures, openPage, start, tempDir } from "./helpers.js";

let env;
let tmp;
before(async () => {
  tmp = tempDir();
  env = await start();
});
after(async () => {
  await env?.close();
  tmp?.remove();
});

test("a file over 2 GiB is refused before it is read, naming the limit", { timeout: 60_000 }, async () => {
  // A sparse file: 2.2 GB long, no disk used, never read by the page.
  const huge = path.join(tmp.dir, "huge.csv");
  const fd = fs.openSync(huge, "w");
  fs.ftruncateSync(fd, 2_200_000_000);
  fs.closeSync(fd);
  const page = await openPage(env.context, env.url);
  const started = Date.now();
  await page.locator("#ms-file-input").setInputFiles(huge);
  const row = page.locator('#ms-files-table tr[data-file="huge.csv"]', { hasText: /too large/i });
  await row.waitFor({ timeout: 20_000 });
  const text = await page.locator("body").innerText();
  assert.match(text, /huge\.csv: is too large to read: 2200 MB \(the limit is 2147 MB\)/);
  assert.ok(Date.now() - started < 15_000, "refusing took as long as reading");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a second file chosen during an analysis restarts it with both, never mixing runs", { timeout: 240_000 }, async () => {
  const big = bigFile();
  // Both files side by side, so the CLI sees the same bare names as the page.
  fs.symlinkSync(big, path.join(tmp.dir, "records_1000000.csv"));
  fs.copyFileSync(path.join(fixtures, "small.csv"), path.join(tmp.dir, "small.csv"));
  const page = await openPage(env.context, env.url);
  await page.locator("#ms-file-input").setInputFiles(path.join(tmp.dir, "records_1000000.csv"));
  // While the big file is being read...
  await page.locator("#ms-cancel").waitFor({ timeout: 20_000 });
  await page.locator("#ms-file-input").setInputFiles(path.join(tmp.dir, "small.csv"));
  // ...the second choice restarts the analysis; wait for it to end.
  await page.locator('#ms-files-table tr[data-file="small.csv"] td[data-field="rows_read"]').waitFor({ timeout: 180_000 });
  await page.locator("#ms-cancel").waitFor({ state: "detached", timeout: 180_000 });
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 15_000 }),
    page.click("#ms-download-json"),
  ]);
  const fromPage = fs.readFileSync(await download.path());
  const fromCli = execFileSync(cli, ["report", "records_1000000.csv", "small.csv"], {
    cwd: tmp.dir,
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.ok(fromPage.equals(fromCli), "the page's report is not the report of both files");
  assert.deepEqual(page.errors, []);
  await page.close();
});
