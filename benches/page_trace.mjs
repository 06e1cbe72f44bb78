// The page's main thread while it reads a file, as a DevTools trace: time
// by event type (script, style, layout, paint...) from the file chosen to
// the per-site table, and the longest tasks. Not a test.
//
//   node benches/page_trace.mjs FILE [--out trace.json]
import fs from "node:fs";
import { openPage, start } from "../tests/browser/helpers.js";

const file = process.argv[2];
const outAt = process.argv.indexOf("--out");
const env = await start();
const page = await openPage(env.context, env.url);
const cdp = await page.context().newCDPSession(page);
const events = [];
cdp.on("Tracing.dataCollected", ({ value }) => events.push(...value));
const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
await cdp.send("Tracing.start", {
  categories: "devtools.timeline,disabled-by-default-devtools.timeline",
  transferMode: "ReportEvents",
});
const t0 = Date.now();
await page.locator("#ms-file-input").setInputFiles(file);
await page.locator("#ms-sites-table tbody tr").first().waitFor({ timeout: 600000 });
await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
console.log("file chosen to per-site table (driver):", Date.now() - t0, "ms");
await cdp.send("Tracing.end");
await done;
if (outAt > 0) fs.writeFileSync(process.argv[outAt + 1], JSON.stringify(events));
// The renderer's main thread: the thread of the most RunTask events named CrRendererMain.
const names = new Map();
for (const e of events) if (e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args.name);
const main = [...names].find(([, n]) => n === "CrRendererMain")?.[0];
const worker = [...names].filter(([, n]) => /Worker/.test(n)).map(([k]) => k);
const byName = new Map();
const tasks = [];
for (const e of events) {
  const at = `${e.pid}:${e.tid}`;
  if (e.ph !== "X" || !e.dur) continue;
  if (at === main && e.name === "RunTask") tasks.push(e);
  if (at !== main && !worker.includes(at)) continue;
  const k = `${at === main ? "main" : `worker ${worker.indexOf(at) + 1}`} ${e.name}`;
  byName.set(k, (byName.get(k) ?? 0) + e.dur);
}
console.log("time by event (ms; nested events overlap):");
for (const [k, d] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log((d / 1000).toFixed(0).padStart(7), k);
// Each thread's busy span: from its first task to the end of its last, on
// the trace's clock, from the first task of any.
const first = Math.min(...events.filter((e) => e.ph === "X" && e.name === "RunTask").map((e) => e.ts));
for (const at of [main, ...worker]) {
  const runs = events.filter((e) => `${e.pid}:${e.tid}` === at && e.ph === "X" && e.name === "RunTask" && e.dur > 1000);
  if (!runs.length) continue;
  const from = Math.min(...runs.map((e) => e.ts)) - first;
  const to = Math.max(...runs.map((e) => e.ts + e.dur)) - first;
  const busy = runs.reduce((a, e) => a + e.dur, 0);
  const label = at === main ? "main" : `worker ${worker.indexOf(at) + 1}`;
  console.log(`${label}: tasks over 1 ms from ${(from / 1000).toFixed(0)} to ${(to / 1000).toFixed(0)} ms, busy ${(busy / 1000).toFixed(0)} ms`);
}
tasks.sort((a, b) => b.dur - a.dur);
console.log("longest main-thread tasks (ms):", tasks.slice(0, 8).map((t) => (t.dur / 1000).toFixed(0)).join(", "));
await env.close();
