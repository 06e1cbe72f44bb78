// DuckDB-Wasm on the simple query, its engine started one of two ways (the
// page's query string, set by benches/browser_compare.mjs):
//   ?start=after   (the default) everything after the file is chosen is
//                  timed, the engine's start-up included: the worker,
//                  fetching and compiling its wasm (from this server's
//                  node_modules/), the database opened and a connection
//                  made; then the query;
//   ?start=before  the page starts the engine as it loads, as a page that
//                  loads DuckDB-Wasm up front would, and says it is ready
//                  (html[data-ready]) only once the connection is made: the
//                  time from the file chosen to the rows shown is the query
//                  alone.
// The query: the File registered as a browser file handle (read in slices
// by the worker through FileReaderSync: protocol BROWSER_FILEREADER), then
// the simple query. The engine is left open after the rows are shown (the
// driver closes the browser after each run).
import * as duckdb from "/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs";
import { failed, ready, SIMPLE_SQL } from "./common.js";

const dist = new URL("/node_modules/@duckdb/duckdb-wasm/dist/", location.href).href;
const BUNDLES = {
  mvp: { mainModule: dist + "duckdb-mvp.wasm", mainWorker: dist + "duckdb-browser-mvp.worker.js" },
  eh: { mainModule: dist + "duckdb-eh.wasm", mainWorker: dist + "duckdb-browser-eh.worker.js" },
};
const START = new URLSearchParams(location.search).get("start") === "before" ? "before" : "after";

/** The worker, the wasm fetched and compiled, the database opened, a connection. */
async function startEngine() {
  const bundle = await duckdb.selectBundle(BUNDLES);
  const worker = new Worker(bundle.mainWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  const conn = await db.connect();
  return { bundle, db, conn };
}

async function query({ db, conn }, file) {
  await db.registerFileHandle("records.csv", file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  const table = await conn.query(SIMPLE_SQL("records.csv"));
  return table.toArray().map((r) => [r.site, Number(r.n), r.minutes === null ? null : Number(r.minutes)]);
}

/** Leaves the engine's name and version for the driver, once the rows are shown. */
function describe({ bundle, db }) {
  return async () => {
    window.duckdbEngine = { bundle: bundle.mainModule.split("/").pop(), version: await db.getVersion(), start: START };
  };
}

const input = document.getElementById("file-input");
if (START === "before") {
  const begun = performance.now();
  let engine;
  try {
    engine = await startEngine();
  } catch (error) {
    failed(error);
  }
  if (engine) {
    const startupBefore = performance.now() - begun;
    ready(input, async (file, chosen) => {
      const rows = await query(engine, file);
      return { rows, query_ms: performance.now() - chosen, startup_before_ms: startupBefore, after: describe(engine) };
    });
  }
} else {
  ready(input, async (file, chosen) => {
    const engine = await startEngine();
    const started = performance.now();
    const rows = await query(engine, file);
    return { rows, startup_ms: started - chosen, query_ms: performance.now() - started, after: describe(engine) };
  });
}
