// Starts the calculator, then forbids every request for the rest of the
// page's life: the files a user loads can never leave the page through a
// connection, an image, a stylesheet, a script or a <link> (prefetch,
// preload, icon). What a policy cannot stop is in docs/DECISIONS.md, "The
// web page".
import init, { ready } from "./web.js";

// First, before the calculator runs: WebRTC can send packets (STUN) that no
// Content-Security-Policy covers, and the calculator has no use for it.
for (const name of Object.getOwnPropertyNames(window)) {
  if (/^(webkit|moz)?RTC/.test(name)) delete window[name];
}

// The policy once started (it adds to index.html's, which stays): nothing
// is fetched any more; new workers still start from the blob: copy of the
// calculator's own code, with its compiled wasm.
const locked =
  "default-src 'none'; connect-src 'none'; img-src 'none'; style-src 'none'; " +
  "script-src 'wasm-unsafe-eval'; worker-src blob:; base-uri 'none'; form-action 'none'";

async function start() {
  try {
    await init({ module_or_path: new URL("web_bg.wasm", import.meta.url) });
    // The app fetches its worker's code once; wait for it before locking.
    await ready();
  } catch (error) {
    const box = document.createElement("div");
    box.className = "ms-error";
    box.setAttribute("role", "alert");
    box.textContent =
      "The calculator could not start in this browser: " + error +
      ". It needs a current browser with WebAssembly enabled.";
    document.body.append(box);
  } finally {
    const meta = document.createElement("meta");
    meta.httpEquiv = "Content-Security-Policy";
    meta.content = locked;
    document.head.append(meta);
    document.documentElement.dataset.msReady = "true";
  }
}

start();
