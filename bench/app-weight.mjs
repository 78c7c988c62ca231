// The browser half of bench/app-weight.sh: cold loads of the app's pages in Chromium under a
// throttled phone profile, through the DevTools protocol. Prints one line per load and a table
// of medians; writes the medians as JSON to --out.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../end2end/package.json"));
const { chromium } = require("playwright-core");

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const base = args.base;
const runs = Number(args.runs ?? 5);
const pages = ["/", "/sign-in", "/sign-up", "/dashboard"];

// Slow 4G as Chrome DevTools defines it, and a mid-range phone's CPU.
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const CPU_SLOWDOWN = 4;
const VIEWPORT = { width: 390, height: 844 };

// Runs before any of the page's scripts: notes when <body> gets data-hydrated (the wasm's
// last step), on the page's own clock (milliseconds since navigation start, like paint entries).
const WATCH_HYDRATION = () => {
  new MutationObserver((_, observer) => {
    if (document.body && document.body.hasAttribute("data-hydrated")) {
      window.__hydratedAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

// The dashboard's account: signed up through the form, as a person does (unthrottled).
async function signUp() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/sign-up`);
  await page.getByLabel("Email").fill(`bench-${Date.now()}@example.org`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard$/);
  const state = await context.storageState();
  await context.close();
  return state;
}

async function load(url, storageState) {
  const context = await browser.newContext({ viewport: VIEWPORT, storageState, isMobile: true, hasTouch: true });
  await context.addInitScript(WATCH_HYDRATION);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", NETWORK);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  let bytes = 0;
  const wasm = [];
  cdp.on("Network.loadingFinished", (e) => (bytes += e.encodedDataLength));
  cdp.on("Network.requestWillBeSent", (e) => {
    if (new URL(e.request.url).pathname.endsWith(".wasm")) wasm.push(e.request.url);
  });
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response || response.status() !== 200) throw new Error(`${url}: status ${response?.status()}`);
  if (new URL(page.url()).pathname !== new URL(url).pathname) throw new Error(`${url}: ended at ${page.url()}`);
  // A page that ships wasm is measured until it has hydrated; every page until the network
  // has been quiet for half a second (what hydration fetches counts too).
  const hydrates = await page.evaluate(() => !!document.querySelector("script[type=module], link[rel=modulepreload]"));
  if (hydrates) {
    await page.waitForFunction(() => document.body.hasAttribute("data-hydrated"), null, { polling: 50, timeout: 60_000 });
  }
  await page.waitForLoadState("networkidle");
  const timing = await page.evaluate(() => ({
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
    hydrated: document.body.hasAttribute("data-hydrated") ? (window.__hydratedAt ?? null) : null,
  }));
  await context.close();
  return { bytes, wasm: wasm.length, hydrates, ...timing };
}

const median = (xs) => {
  const v = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const sec = (ms) => (ms == null ? "—" : `${(ms / 1000).toFixed(2)} s`);

const state = await signUp();
const results = [];
for (const p of pages) {
  const loads = [];
  for (let i = 0; i < runs; i++) {
    const r = await load(`${base}${p}`, p === "/dashboard" ? state : undefined);
    console.log(`  ${p.padEnd(11)} load ${i + 1}: ${kb(r.bytes).padStart(9)}  FCP ${sec(r.fcp)}  hydrated ${sec(r.hydrated)}  wasm requests ${r.wasm}`);
    loads.push(r);
  }
  results.push({
    path: p,
    runs,
    bytes: median(loads.map((l) => l.bytes)),
    fcp: median(loads.map((l) => l.fcp)),
    hydrated: loads.some((l) => l.hydrates) ? median(loads.map((l) => l.hydrated)) : null,
    wasmLoads: loads.filter((l) => l.wasm > 0).length,
  });
}
await browser.close();

console.log(`\n| page | transferred | first paint | hydrated | .wasm requested |`);
console.log(`|---|---:|---:|---:|---|`);
for (const r of results) {
  console.log(`| \`${r.path}\` | ${kb(r.bytes)} | ${sec(r.fcp)} | ${r.hydrated == null ? "— (no wasm)" : sec(r.hydrated)} | ${r.wasmLoads ? `yes (${r.wasmLoads}/${r.runs})` : "no"} |`);
}
if (args.out) writeFileSync(args.out, JSON.stringify(results));
