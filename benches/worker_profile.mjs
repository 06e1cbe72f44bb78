// Every thread of the page while it reads a file, workers included: the V8
// sampling profiler's samples from a DevTools trace, from the file chosen
// to the per-site table, each thread's 25 most costly functions by self
// time. Names of Rust functions show with a build whose wasm keeps its
// name section (MS_DIST; see BENCHMARKS.md, "Where the time goes in the
// page"). Not a test.
//
//   node benches/worker_profile.mjs FILE [--top N]
import { openPage, start } from "../tests/browser/helpers.js";

const file = process.argv[2];
const topAt = process.argv.indexOf("--top");
const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;
// `--callers REGEX`: also the callers of the functions it matches.
const callersAt = process.argv.indexOf("--callers");
const callersOf = callersAt > 0 ? new RegExp(process.argv[callersAt + 1]) : null;
const env = await start();
const page = await openPage(env.context, env.url);
const cdp = await page.context().newCDPSession(page);
const events = [];
cdp.on("Tracing.dataCollected", ({ value }) => events.push(...value));
const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
await cdp.send("Tracing.start", {
  categories: "disabled-by-default-v8.cpu_profiler,devtools.timeline",
  transferMode: "ReportEvents",
});
const t0 = Date.now();
await page.locator("#ms-file-input").setInputFiles(file);
await page.locator("#ms-sites-table tbody tr").first().waitFor({ timeout: 600000 });
console.log("file chosen to per-site table (driver):", Date.now() - t0, "ms");
await cdp.send("Tracing.end");
await done;

const threadNames = new Map();
for (const e of events) if (e.name === "thread_name") threadNames.set(`${e.pid}:${e.tid}`, e.args.name);
// A profile's chunks share its id; its nodes and samples come in pieces.
const profiles = new Map();
for (const e of events) {
  if (e.name !== "Profile" && e.name !== "ProfileChunk") continue;
  const key = `${e.pid}:${e.id}`;
  const p = profiles.get(key) ?? { thread: `${e.pid}:${e.tid}`, nodes: new Map(), samples: [], deltas: [] };
  profiles.set(key, p);
  if (e.name === "Profile") p.thread = `${e.pid}:${e.tid}`;
  const data = e.args?.data?.cpuProfile;
  for (const n of data?.nodes ?? []) p.nodes.set(n.id, n);
  p.samples.push(...(data?.samples ?? []));
  p.deltas.push(...(e.args?.data?.timeDeltas ?? []));
}
for (const p of profiles.values()) {
  if (!p.samples.length) continue;
  const self = new Map();
  let total = 0;
  const parent = new Map();
  for (const n of p.nodes.values()) for (const c of n.children ?? []) parent.set(c, n.id);
  for (const n of p.nodes.values()) if (n.parent !== undefined) parent.set(n.id, n.parent);
  const callers = new Map();
  p.samples.forEach((id, i) => {
    const n = p.nodes.get(id);
    if (callersOf && callersOf.test(n?.callFrame?.functionName ?? "")) {
      const up = p.nodes.get(parent.get(id));
      const k = `${n.callFrame.functionName.slice(0, 60)} <- ${(up?.callFrame?.functionName ?? "?").slice(0, 90)}`;
      callers.set(k, (callers.get(k) ?? 0) + (p.deltas[i + 1] ?? 0));
    }
    const dt = p.deltas[i + 1] ?? 0;
    const frame = n?.callFrame ?? {};
    const name = `${frame.functionName || "(anon)"} ${(frame.url ?? "").split("/").pop().slice(0, 12)}:${frame.lineNumber ?? ""}:${frame.columnNumber ?? ""}`.slice(0, 140);
    self.set(name, (self.get(name) ?? 0) + dt);
    if (!/^\((idle|program|garbage collector)\)/.test(name)) total += dt;
  });
  console.log(`\n${threadNames.get(p.thread) ?? p.thread}: ${(total / 1000).toFixed(0)} ms busy (self time, ms):`);
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log((t / 1000).toFixed(0).padStart(7), k);
  if (callers.size) console.log("callers:");
  for (const [k, t] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log((t / 1000).toFixed(0).padStart(7), k);
}
await env.close();
