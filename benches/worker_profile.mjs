// Every thread of the page while it reads a file, workers included: the V8
// sampling profiler's samples from a DevTools trace, from the file chosen
// to the per-site table, each thread's most costly functions by self time
// ("busy" leaves out idle time, the browser's own work and garbage
// collection). Rust names show in a copy of the page made by
// benches/named_build.sh (MS_DIST; BENCHMARKS.md, "Where the time goes in
// the page's workers"). Not a test.
//
//   node benches/worker_profile.mjs FILE [--top N] [--callers REGEX [--depth N]] [--inclusive]
import { traceFileRead } from "./trace_file_read.mjs";

const file = process.argv[2];
const topAt = process.argv.indexOf("--top");
const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;
// `--callers REGEX`: also the callers of the functions it matches.
const callersAt = process.argv.indexOf("--callers");
const callersOf = callersAt > 0 ? new RegExp(process.argv[callersAt + 1]) : null;
// `--depth N`: the callers' chain N calls up (default 1, the direct caller).
const depthAt = process.argv.indexOf("--depth");
const depth = depthAt > 0 ? Number(process.argv[depthAt + 1]) : 1;
// `--inclusive`: also each function's total time (itself and what it calls).
const inclusiveToo = process.argv.includes("--inclusive");
const { events, ms } = await traceFileRead(file, "disabled-by-default-v8.cpu_profiler,devtools.timeline");
console.log("file chosen to per-site table (driver):", ms, "ms");

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
  // A trace's profile nodes name their parent.
  const parent = new Map();
  for (const n of p.nodes.values()) if (n.parent !== undefined) parent.set(n.id, n.parent);
  const callers = new Map();
  const inclusive = new Map();
  const label = (frame) =>
    `${frame.functionName || "(anon)"} ${(frame.url ?? "").split("/").pop().slice(0, 12)}:${frame.lineNumber ?? ""}:${frame.columnNumber ?? ""}`.slice(0, 140);
  p.samples.forEach((id, i) => {
    const n = p.nodes.get(id);
    // A sample stands for the time until the next one.
    const dt = p.deltas[i + 1] ?? 0;
    if (callersOf && callersOf.test(n?.callFrame?.functionName ?? "")) {
      const chain = [];
      for (let up = p.nodes.get(parent.get(id)); chain.length < depth; up = p.nodes.get(parent.get(up.id))) {
        chain.push((up?.callFrame?.functionName || "?").slice(0, 90));
        if (!up || !parent.has(up.id)) break;
      }
      const k = `${n.callFrame.functionName.slice(0, 60)} <- ${chain.join(" <- ")}`;
      callers.set(k, (callers.get(k) ?? 0) + dt);
    }
    const name = label(n?.callFrame ?? {});
    if (inclusiveToo) {
      const seen = new Set();
      for (let at = n; at; at = p.nodes.get(parent.get(at.id))) {
        const k = label(at.callFrame ?? {});
        if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
        seen.add(k);
      }
    }
    self.set(name, (self.get(name) ?? 0) + dt);
    if (!/^\((idle|program|garbage collector)\)/.test(name)) total += dt;
  });
  console.log(`\n${threadNames.get(p.thread) ?? p.thread}: ${(total / 1000).toFixed(0)} ms busy (self time, ms):`);
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log((t / 1000).toFixed(0).padStart(7), k);
  if (inclusive.size) console.log("inclusive (ms):");
  for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log((t / 1000).toFixed(0).padStart(7), k);
  if (callers.size) console.log("callers:");
  for (const [k, t] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log((t / 1000).toFixed(0).padStart(7), k);
}
