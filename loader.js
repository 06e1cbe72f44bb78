// Starts the calculator, then forbids every connection for the rest of the
// page's life: the files a user loads can never leave the page.
import init, { ready } from "./web.js";

const locked = "connect-src 'none'";

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
