// A static file server for the built page (dist/), on 127.0.0.1 only. It
// records every request URL, so tests can prove the page makes none after
// load, and sends the headers README's "The web page" asks a server to send
// (HEADERS below), as scripts/run.sh serves the page.
//
// `serve(root, port)`: `root` is a folder, or an object mapping URL prefixes
// to folders (the longest prefix wins), e.g. `{ "/": repo, "/dist/": dist }`.
// Port 0 picks a free port.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".csv": "text/csv; charset=utf-8",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/**
 * The page's Content-Security-Policy as a header: index.html's own, with
 * frame-ancestors, which only a header can set (only pages of this site
 * may frame the calculator).
 */
export const POLICY =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src data:; " +
  "worker-src blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; " +
  "frame-ancestors 'self'";

/** Features the calculator never uses, turned off for it and anything it could frame. */
export const PERMISSIONS =
  "camera=(), microphone=(), geolocation=(), display-capture=(), usb=(), serial=(), hid=(), " +
  "midi=(), payment=(), publickey-credentials-get=(), screen-wake-lock=(), " +
  "xr-spatial-tracking=(), browsing-topics=()";

/** The headers of every response. */
export const BASIC_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/**
 * The headers of the calculator's files (a folder with its web.js): the
 * policy and the features too. Other folders (the host pages of
 * examples/embed/, with policies of their own) get BASIC_HEADERS only.
 */
export const HEADERS = {
  ...BASIC_HEADERS,
  "content-security-policy": POLICY,
  "permissions-policy": PERMISSIONS,
};

// The file a URL path names and the headers to send with it, or null when
// it is outside every mount.
function resolve(mounts, pathname) {
  const mount = mounts.find(([prefix]) => pathname.startsWith(prefix));
  if (!mount) return null;
  const [prefix, dir] = mount;
  const file = path.join(dir, pathname.slice(prefix.length));
  if (file !== dir && !file.startsWith(dir + path.sep)) return null;
  return { file, headers: fs.existsSync(path.join(dir, "web.js")) ? HEADERS : BASIC_HEADERS };
}

export function serve(root, port = 0) {
  const table = typeof root === "string" ? { "/": root } : root;
  const mounts = Object.entries(table)
    .map(([prefix, dir]) => [prefix.endsWith("/") ? prefix : prefix + "/", path.resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    let found;
    try {
      found = resolve(mounts, decodeURIComponent(new URL(req.url, "http://localhost").pathname));
    } catch {
      found = null;
    }
    if (!found) {
      res.writeHead(403, BASIC_HEADERS).end();
      return;
    }
    let { file, headers } = found;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, headers).end("not found");
        return;
      }
      // The calculator as one file is a download, to open from the disk:
      // served with the page's policy (script-src 'self'), its inline
      // script would not run.
      const download = path.basename(file) === "mentoring-stats.html" ? { "content-disposition": 'attachment; filename="mentoring-stats.html"' } : {};
      res.writeHead(200, { ...headers, ...download, "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      res.end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ server, port, url: `http://127.0.0.1:${port}/`, requests });
    });
  });
}

// `node serve.js DIR [PORT]`: serve a folder (default dist/, port 8080) and
// say where, until Ctrl-C.
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(process.argv[2] ?? "dist");
  const port = Number(process.argv[3] ?? 8080);
  if (!fs.existsSync(path.join(root, "index.html"))) {
    console.error(`serve.js: ${root} has no index.html (build the page first: trunk build --release)`);
    process.exit(1);
  }
  try {
    const { url } = await serve(root, port);
    console.log(`Serving ${root}`);
    console.log(`Open ${url} in a browser (Ctrl-C stops the server).`);
  } catch (error) {
    const why = error.code === "EADDRINUSE" ? `port ${port} is in use; choose another with PORT=NNNN` : error.message;
    console.error(`serve.js: cannot listen on 127.0.0.1:${port}: ${why}`);
    process.exit(1);
  }
}
