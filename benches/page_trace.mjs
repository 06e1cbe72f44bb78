// The page's main thread while it reads a file, as a DevTools trace: time
// by event type (script, style, layout, paint...) from the file chosen to
// the per-site table, and the longest tasks. Not a test.
//
//   node benches/page_trace.mjs FILE [--out trace.json]
import fs from "node:fs";
import { traceFileRead } from "./trace_file_read.mjs";

const file = process.argv[2];
const outAt = process.argv.indexOf("--out");
const { events, ms } = await traceFileRead(file, "devtools.timeline,disabled-by-default-devtools.timeline");
console.log("file chosen to per-site table (driver):", ms, "ms");
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
