import { test, expect } from "@playwright/test";
import { signUp, uniqueEmail } from "./support/accounts";

test("the landing page is complete in the server-rendered HTML", async ({ request }) => {
  const response = await request.get("/");
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toContain("Your résumé, as a website, in two minutes.");
  expect(html).toContain('href="/sign-up"');
  // Hydration has not happened in a raw response.
  expect(html).not.toContain("data-hydrated");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the landing page reads and links to sign-up", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Your résumé, as a website, in two minutes.",
    );
    await expect(page.getByRole("link", { name: /Create your site/ })).toHaveAttribute("href", "/sign-up");
    // The header's session-dependent links are there too, not left in a streamed placeholder.
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  });
});

test("the theme toggle works without the wasm, and is remembered", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  const wasm: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.endsWith(".wasm")) wasm.push(r.url());
  });

  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");

  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const lightBackground = await background();
  const toggle = page.getByRole("button", { name: "Dark mode" });
  // Served disabled; the page's inline script enables it.
  await expect(toggle).toBeEnabled();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  // The page really changes colour, not just an attribute.
  expect(await background()).not.toBe(lightBackground);
  await expect(page.getByRole("button", { name: "Light mode" })).toHaveAttribute("aria-pressed", "true");

  await page.reload();
  // Applied before the first paint, by the inline script in <head>.
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByRole("button", { name: "Light mode" })).toBeEnabled();

  // The way back works too, and is remembered.
  await page.getByRole("button", { name: "Light mode" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await background()).toBe(lightBackground);
  await page.reload();
  await expect(page.getByRole("button", { name: "Dark mode" })).toBeEnabled();

  expect(wasm).toEqual([]);
  expect(errors).toEqual([]);
});

test("pages with nothing interactive ship no wasm; the dashboard does", async ({ page, request }) => {
  const wasmIn = (html: string) => /\.wasm|modulepreload|type="module"/.test(html);
  for (const path of ["/", "/sign-in", "/sign-up", "/sign-in?return_to=/dashboard", "/does/not/exist"]) {
    const html = await (await request.get(path)).text();
    expect(html, path).toContain('class="theme-toggle"');
    expect(wasmIn(html), path).toBe(false);
  }
  await signUp(page, uniqueEmail("wasm"));
  const dashboard = await (await page.request.get("/dashboard")).text();
  expect(wasmIn(dashboard)).toBe(true);
});

test("an unknown path shows the not-found page with status 404", async ({ page, request }) => {
  const raw = await request.get("/does/not/exist");
  expect(raw.status()).toBe(404);
  expect(await raw.text()).toContain("Page not found");

  const response = await page.goto("/does/not/exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expect(page.getByRole("link", { name: "Go to the home page" })).toBeVisible();
});

test("health and readiness answer", async ({ request }) => {
  expect((await request.get("/healthz")).status()).toBe(200);
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready" });
});

test("the landing page fits a phone without horizontal scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("the hashed /pkg files are compressed and cached for a year", async ({ page }) => {
  // The dashboard: the one page with the wasm and its JS glue besides the stylesheet.
  await signUp(page, uniqueEmail("pkg"));
  const request = page.request;
  const html = await (await request.get("/dashboard")).text();
  const assets = [...html.matchAll(/(?:href|src)="(\/pkg\/[^"]+\.(?:css|js|wasm))"/g)].map((m) => m[1]);
  const wasm = html.match(/\/pkg\/[^"']+\.wasm/);
  expect(wasm).not.toBeNull();
  assets.push(wasm![0]);
  expect(assets.some((a) => a.endsWith(".js"))).toBe(true);
  expect(assets.some((a) => a.endsWith(".css"))).toBe(true);
  for (const path of new Set(assets)) {
    // A content hash in the name: vitae.<hash>.<ext>
    expect(path).toMatch(/\/pkg\/vitae\.[^./]+\.(css|js|wasm)$/);
    const res = await request.get(path, { headers: { "accept-encoding": "br, gzip" } });
    expect(res.status(), path).toBe(200);
    expect(res.headers()["cache-control"], path).toBe("public, max-age=31536000, immutable");
    expect(["br", "gzip"], path).toContain(res.headers()["content-encoding"]);
  }
});

test("a signed-in person's call to action goes to the dashboard, and an example site is shown", async ({ page }) => {
  await signUp(page, uniqueEmail("landing"));
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Go to your dashboard" })).toHaveAttribute("href", "/dashboard");
  await expect(page.getByRole("link", { name: /Create your site/ })).toHaveCount(0);
  const example = page.getByRole("img", { name: /example Vitae site/ });
  await example.scrollIntoViewIfNeeded();
  await expect.poll(() => example.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
});
