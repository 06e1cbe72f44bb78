// Writes the calculator as one file that works from the disk:
//
//   node scripts/make_offline.mjs DIST
//
// reads what Trunk built into DIST (index.html, main.css, loader.js, web.js,
// web_bg.wasm with the hash of web.js pinned in it) and the log templates
// (scripts/make_templates.mjs), and writes DIST/mentoring-stats.html. It is
// the same page from the same files, put together differently:
//
//   * main.css in a <style> element;
//   * web.js, then loader.js, in one inline module script. loader.js is
//     changed in two places only: it takes init from the bindings above it
//     rather than importing "./web.js", and gives init the wasm's bytes
//     rather than its URL;
//   * web_bg.wasm gzipped and base64-encoded in a data block (a <script>
//     of type application/octet-stream, which never runs), decompressed at
//     start with the browser's DecompressionStream; the templates likewise
//     (not compressed);
//   * before the calculator starts, window.mentoringStatsOffline holds the
//     bytes of web.js, which its analysis workers run from a data: URL
//     (Chromium refuses a module worker from a blob: URL of a file:// page)
//     after checking them against the SHA-256 pinned in the wasm, as the
//     served page does (src/ui/offline.rs), and those of the templates;
//   * its Content-Security-Policy allows no connection from the start
//     (connect-src 'none'), and only the page's own inline script and
//     style, by their SHA-256 (no 'unsafe-inline').
//
// scripts/setup.sh's build_page runs it after Trunk. It fails if the file
// would be 2.5 MB or more.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

import { CSV_NAME, XLSX_NAME, templateCsv, templateXlsx } from "./make_templates.mjs";

export const OFFLINE_NAME = "mentoring-stats.html";
/** The most the file may weigh (README and BENCHMARKS.md state its size). */
export const MAX_BYTES = 2_500_000;

/** The policy of the single file, from its first byte. */
function policy(scriptHash, styleHash) {
  return (
    `default-src 'none'; script-src 'sha256-${scriptHash}' 'wasm-unsafe-eval'; ` +
    `style-src 'sha256-${styleHash}'; img-src data:; worker-src data:; connect-src 'none'; ` +
    "base-uri 'none'; form-action 'none'; object-src 'none'"
  );
}

const sha256 = (text) => crypto.createHash("sha256").update(text, "utf8").digest("base64");

/** Replaces `from` in `text`, which must hold it exactly once. */
function replaceOnce(text, from, to, what) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) {
    throw new Error(`make_offline: ${what}: expected exactly one ${JSON.stringify(from)}`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Replaces what `pattern` matches in `text`, which must match exactly once. */
function replaceMatch(text, pattern, to, what) {
  const found = text.match(new RegExp(pattern.source, "g")) ?? [];
  if (found.length !== 1) throw new Error(`make_offline: ${what}: expected one match of ${pattern}, found ${found.length}`);
  return text.replace(pattern, () => to);
}

/** Text that may stand inside a <script> or <style> element as it is. */
function checkInline(text, what) {
  if (/<\/(script|style)|<!--|\r|\0/i.test(text)) {
    throw new Error(`make_offline: ${what} holds a sequence that cannot stand inline in HTML`);
  }
  return text;
}

/** A data block: bytes the page reads (base64), never run. */
function dataBlock(id, bytes, encoding) {
  return `<script type="application/octet-stream" id="${id}" data-encoding="${encoding}">${bytes.toString("base64")}</script>\n`;
}

/**
 * What the single file's module runs before loader.js's own code: reads
 * the data blocks, and gives the calculator the bytes of its own bindings
 * (the text above this code: the first CODE_LENGTH characters of this
 * very script, which the calculator checks against the pinned hash).
 */
function prelude(codeLength) {
  return `
// --- The single file's start (scripts/make_offline.mjs). ---
const CODE_LENGTH = ${codeLength};
const bytesOf = (id) => {
  const text = atob(document.getElementById(id).textContent);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
};
const offlineWasm = () =>
  new Response(new Blob([bytesOf("ms-wasm")]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
{
  const own = document.getElementById("ms-code").textContent.slice(0, CODE_LENGTH);
  window.mentoringStatsOffline = Object.freeze({
    code: new TextEncoder().encode(own),
    templates: Object.freeze({
      ${JSON.stringify(CSV_NAME)}: bytesOf("ms-template-csv"),
      ${JSON.stringify(XLSX_NAME)}: bytesOf("ms-template-xlsx"),
    }),
  });
}
// --- loader.js, as the served page runs it but for where web.js and the wasm come from. ---
`;
}

export function makeOffline(dist) {
  const read = (name) => fs.readFileSync(path.join(dist, name));
  const webJs = checkInline(read("web.js").toString("utf8"), "web.js");
  if (!/^async function __wbg_init\(/m.test(webJs) || !/^export function ready\(/m.test(webJs)) {
    throw new Error("make_offline: web.js has no __wbg_init or ready (a new wasm-bindgen?)");
  }
  let loader = read("loader.js").toString("utf8");
  loader = replaceOnce(loader, 'import init, { ready } from "./web.js";', "const init = __wbg_init;", "loader.js");
  loader = replaceOnce(
    loader,
    'init({ module_or_path: new URL("web_bg.wasm", import.meta.url) })',
    "init({ module_or_path: await offlineWasm() })",
    "loader.js",
  );
  // Its workers start from a data: URL (src/ui/bridge.rs: from a file://
  // page, Chromium refuses a module worker from a blob: URL).
  loader = replaceOnce(loader, "worker-src blob:;", "worker-src data:;", "loader.js's locking policy");
  // In a block: loader.js's names stay apart from those of web.js.
  const script = checkInline(`${webJs}\n{${prelude(webJs.length)}${loader}}\n`, "the module script");
  const css = checkInline(read("main.css").toString("utf8"), "main.css");

  let html = read("index.html").toString("utf8");
  html = replaceMatch(
    html,
    /<!-- Only this page's own files run[\s\S]*?-->/,
    "<!-- The calculator as one file (scripts/make_offline.mjs): its own inline\n" +
      "       script and style (allowed by their SHA-256), its wasm decompressed\n" +
      "       from the page itself, no connection allowed from the start. Once\n" +
      "       started, a second policy forbids every other request too. -->",
    "index.html's comment on the policy",
  );
  html = replaceMatch(
    html,
    /<meta http-equiv="Content-Security-Policy" content="[^"]*">/,
    `<meta http-equiv="Content-Security-Policy" content="${policy(sha256(script), sha256(css))}">`,
    "index.html's policy",
  );
  html = replaceMatch(html, /<link rel="stylesheet" href="\.\/main\.css"[^>]*>/, `<style>${css}</style>`, "index.html's stylesheet");
  html = replaceMatch(html, /\s*<link data-trunk rel="rust"[^>]*>\s*/, "\n  ", "Trunk's rust link");
  html = replaceMatch(html, /<script type="module" src="loader\.js"><\/script>/, `<script type="module" id="ms-code">${script}</script>`, "index.html's loader");
  const blocks =
    dataBlock("ms-wasm", zlib.gzipSync(read("web_bg.wasm"), { level: 9 }), "gzip+base64") +
    dataBlock("ms-template-csv", templateCsv(), "base64") +
    dataBlock("ms-template-xlsx", templateXlsx(), "base64");
  html = replaceOnce(html, "</body>", `${blocks}</body>`, "index.html");

  const out = Buffer.from(html, "utf8");
  if (out.length >= MAX_BYTES) {
    throw new Error(`make_offline: ${OFFLINE_NAME} would be ${out.length} bytes, over the ${MAX_BYTES} allowed`);
  }
  fs.writeFileSync(path.join(dist, OFFLINE_NAME), out);
  return out.length;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const dist = process.argv[2];
  if (!dist) {
    console.error("usage: node scripts/make_offline.mjs DIST");
    process.exit(2);
  }
  const size = makeOffline(dist);
  const gzipped = zlib.gzipSync(fs.readFileSync(path.join(dist, OFFLINE_NAME)), { level: 9 }).length;
  console.log(`${path.join(dist, OFFLINE_NAME)}: ${size} bytes (${gzipped} gzipped)`);
}
