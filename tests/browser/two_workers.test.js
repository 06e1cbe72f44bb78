// The page reads a large file on two workers: the reading worker splits it
// into cells while the analysis worker counts the rows (src/ui/worker.rs).
// The report is the command line tool's, byte for byte; when the reading
// worker dies, the analysis worker reads alone and nothing else changes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";

import { cliReport, downloadOf, openPage, repo, start, tempDir, upload, workerNamed } from "./helpers.js";

let env;
let tmp;
let log;
before(async () => {
  env = await start();
  tmp = tempDir();
  // Over the 20 MB from which the reading worker takes a file, with many
  // sites and people (as a pooled national log has).
  log = path.join(tmp.dir, "pooled_log.csv");
  execFileSync("python3", [
    path.join(repo, "benches/generate_records.py"),
    "--rows", "230000", "--seed", "7", "--sites", "900", "--mentees", "3000", "--mentors", "40", "--out", log,
  ]);
});
after(async () => {
  await env?.close();
  tmp?.remove();
});

test("a large file read on two workers gives the command line's report byte for byte", { timeout: 180_000 }, async () => {
  const page = await openPage(env.context, env.url);
  try {
    const reading = await workerNamed(page, "reading");
    assert.ok(reading, "the page has a reading worker");
    assert.ok(await workerNamed(page, "analysis"), "the page has an analysis worker");
    await upload(page, log);
    assert.equal(await reading.evaluate(() => self.msFilesRead), 1, "the reading worker did not read the file");
    const { bytes } = await downloadOf(page, "#ms-download-json");
    const fromCli = cliReport(path.basename(log), tmp.dir);
    assert.ok(bytes.equals(fromCli), "the page's report differs from the command line's");
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test("when the reading worker dies, the analysis worker reads the file alone, with no crash shown", { timeout: 180_000 }, async () => {
  const page = await openPage(env.context, env.url);
  try {
    const reading = await workerNamed(page, "reading");
    assert.ok(reading, "the page has a reading worker");
    await reading.evaluate(() => setTimeout(() => { throw new Error("forced by the two-worker test"); }, 0));
    // The page hears of it (the worker's error event) before the file is chosen.
    await page.waitForTimeout(300);
    await upload(page, log);
    assert.equal(await reading.evaluate(() => self.msFilesRead ?? 0), 0, "the dead reading worker was asked to read");
    assert.equal(await page.locator("#ms-crash").count(), 0, "a crash panel for the reading worker");
    const { bytes } = await downloadOf(page, "#ms-download-json");
    assert.ok(bytes.equals(cliReport(path.basename(log), tmp.dir)), "the page's report differs from the command line's");
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});
