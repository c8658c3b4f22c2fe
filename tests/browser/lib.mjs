// SPDX-License-Identifier: Apache-2.0
// Shared by the browser tests: Debian's chromium driven by playwright-core (installed into
// tests/browser/node_modules by scripts/install-deps.sh test), pages opened from file:// with
// every other request blocked, console errors collected, and `geosim` run as a child process.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
export const kSkip = 77;  // ctest's SKIP_RETURN_CODE for these tests (tests/CMakeLists.txt)

let passed = 0, failed = 0;
export function check(ok, name, detail) {
  if (ok) { passed++; console.log("ok   " + name); }
  else { failed++; console.log("FAIL " + name + (detail ? "\n       " + String(detail).split("\n").join("\n       ") : "")); }
  return ok;
}
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

// The engine beside geosim, or a skip with the reason (a build without emscripten, such as the
// sanitizer build, has none; `make test` builds it).
export function requireEngine(geosim) {
  const engine = join(dirname(geosim), "geosim-engine.js");
  if (!existsSync(engine)) {
    console.log(`SKIP: no browser engine beside ${geosim} (geosim-engine.js is built only when emscripten is ` +
                "installed and the build is not a sanitizer or fuzzing build; `make test` builds and tests it)");
    process.exit(kSkip);
  }
  return engine;
}

export async function playwright() {
  const entry = join(here, "node_modules", "playwright-core", "index.mjs");
  if (!existsSync(entry)) {
    console.log(`FAIL playwright-core is not installed in ${join(here, "node_modules")}: bash scripts/install-deps.sh test`);
    process.exit(1);
  }
  return (await import(entry)).chromium;
}

export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "geosim-browser-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function geosimRun(geosim, args) {
  return execFileSync(geosim, args, { encoding: "utf8", maxBuffer: 256 << 20, timeout: 600000 });
}

// Chromium with a page that may load only file:, blob: and data: URLs; everything else is
// aborted and recorded. Console errors and uncaught exceptions (page and worker) are recorded.
export async function openPage(chromium, file, viewport = { width: 1280, height: 900 }) {
  const browser = await chromium.launch({
    executablePath: process.env.GEOSIM_CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--no-first-run", "--allow-file-access-from-files"],
  });
  const context = await browser.newContext({ viewport: viewport, acceptDownloads: true });
  const blocked = [], errors = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (/^(file|blob|data):/.test(url)) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") errors.push("console: " + m.text()); });
  page.on("pageerror", (e) => errors.push("page error: " + e.message));
  page.on("worker", (w) => w.on("console", (m) => { if (m.type() === "error") errors.push("worker console: " + m.text()); }));
  page.on("requestfailed", (r) => { if (!blocked.includes(r.url())) errors.push("failed load: " + r.url()); });
  await page.goto("file://" + file);
  return { browser, context, page, blocked, errors };
}

// Waits until the engine has started in the page's worker (the Run button is enabled).
export async function engineReady(page) {
  await page.waitForSelector("#run:not([disabled])", { timeout: 120000 });
}

// A phone-sized screen: nothing wider than it (tables that scroll do so inside their own box).
export async function checkNoOverflowAt400(page) {
  await page.setViewportSize({ width: 400, height: 800 });
  await page.waitForTimeout(200);
  const overflow = await page.evaluate(() => {
    const W = document.documentElement.clientWidth, out = [];
    if (document.documentElement.scrollWidth > W) out.push("page scrollWidth " + document.documentElement.scrollWidth);
    for (const e of document.querySelectorAll("body *")) {
      if (e.closest(".scroll") && !e.classList.contains("scroll")) continue;
      const r = e.getBoundingClientRect();
      if (r.width > 0 && (r.right > W + 0.5 || r.left < -0.5)) out.push(e.tagName + (e.id ? "#" + e.id : "") + " " + r.left.toFixed(0) + ".." + r.right.toFixed(0));
    }
    return { width: W, out: out };
  });
  check(overflow.width === 400 && overflow.out.length === 0, "at 400 px wide nothing overflows", overflow.out.slice(0, 10).join("\n"));
}
