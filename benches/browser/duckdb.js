// DuckDB-Wasm on the simple query. Everything after the file is chosen is
// timed, the engine's start-up included: the worker, fetching and compiling
// its wasm (from this server's node_modules/), then the file registered as a
// browser File handle (read in slices by the worker through FileReaderSync:
// protocol BROWSER_FILEREADER) and the query.
import * as duckdb from "/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs";
import { ready, SIMPLE_SQL } from "./common.js";

const dist = new URL("/node_modules/@duckdb/duckdb-wasm/dist/", location.href).href;
const BUNDLES = {
  mvp: { mainModule: dist + "duckdb-mvp.wasm", mainWorker: dist + "duckdb-browser-mvp.worker.js" },
  eh: { mainModule: dist + "duckdb-eh.wasm", mainWorker: dist + "duckdb-browser-eh.worker.js" },
};

async function run(file, chosen) {
  const bundle = await duckdb.selectBundle(BUNDLES);
  const worker = new Worker(bundle.mainWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  const conn = await db.connect();
  const started = performance.now();
  await db.registerFileHandle("records.csv", file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  const table = await conn.query(SIMPLE_SQL("records.csv"));
  const rows = table.toArray().map((r) => [r.site, Number(r.n), r.minutes === null ? null : Number(r.minutes)]);
  const queried = performance.now();
  window.duckdbEngine = { bundle: bundle.mainModule.split("/").pop(), version: await db.getVersion() };
  await conn.close();
  await db.terminate();
  return { rows, startup_ms: started - chosen, query_ms: queried - started };
}

ready(document.getElementById("file-input"), run);
