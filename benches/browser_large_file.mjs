// A 1 GB record file in the page, in headless Debian Chromium: it completes,
// and the progress bar moves while it reads. Not a test: it prints what it saw.
//
//   node benches/browser_large_file.mjs          # page from dist/ (build it first)
//
// The file is target/bench-data/records_10x1000000_seed1.csv: the 1M-row
// benchmark file (made by benches/generate_records.py when missing) with its
// rows written ten times under one header, about 1.01 GB and 10,000,000 rows.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { openPage, repo, start } from "../tests/browser/helpers.js";

const dataDir = path.join(repo, "target", "bench-data");
const base = path.join(dataDir, "records_1000000_seed1.csv");
const big = path.join(dataDir, "records_10x1000000_seed1.csv");

if (!fs.existsSync(base)) {
  fs.mkdirSync(dataDir, { recursive: true });
  execFileSync("python3", [path.join(repo, "benches/generate_records.py"), "--rows", "1000000", "--seed", "1", "--out", base], {
    stdio: "inherit",
  });
}
if (!fs.existsSync(big)) {
  const text = fs.readFileSync(base);
  const body = text.subarray(text.indexOf(0x0a) + 1);
  const out = fs.openSync(big + ".part", "w");
  fs.writeSync(out, text);
  for (let i = 1; i < 10; i++) fs.writeSync(out, body);
  fs.closeSync(out);
  fs.renameSync(big + ".part", big);
}

const env = await start();
try {
  const page = await openPage(env.context, env.url);
  const samples = [];
  const started = performance.now();
  await page.locator("#ms-file-input").setInputFiles(big);
  let done = false;
  while (!done && performance.now() - started < 20 * 60_000) {
    const state = await page.evaluate(() => ({
      progress: document.querySelector("#ms-progress-bar")?.getAttribute("value") ?? null,
      rows: document.querySelectorAll("#ms-sites-table tbody tr").length,
    }));
    samples.push({ t: (performance.now() - started) / 1000, progress: state.progress });
    done = state.rows > 0;
    if (!done) await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  const values = samples.map((s) => s.progress).filter((p) => p !== null).map(Number);
  const distinct = [...new Set(values)];
  const rising = values.every((v, i) => i === 0 || v >= values[i - 1]);
  const mb = fs.statSync(big).size / 1e6;
  console.log(`${path.basename(big)} (${mb.toFixed(0)} MB): ${done ? "results shown" : "NOT finished"} after ${seconds.toFixed(1)} s`);
  console.log(
    `progress bar: ${values.length} samples, ${distinct.length} distinct values, ` +
      `${rising ? "never going back" : "going back at times"}; from ${values[0] ?? "-"}% to ${values.at(-1) ?? "-"}%`,
  );
  console.log(`  samples (s: %): ${samples.filter((_, i) => i % 10 === 0).map((s) => `${s.t.toFixed(1)}: ${s.progress ?? "-"}`).join(", ")}`);
  const fileRow = await page.evaluate(() => document.querySelector("tr[data-file]")?.innerText ?? null);
  if (fileRow) console.log(`file list: ${fileRow.replace(/\s+/g, " ")}`);
  if (page.errors.length) console.log(`page errors: ${page.errors.join("; ")}`);
  await page.close();
} finally {
  await env.close();
}
