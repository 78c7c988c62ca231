import { test, expect, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

// People's public sites (/username): no wasm, two styles, light and dark, phone to desktop.
//
// The server under test (started by scripts/test.sh) has an empty database, so the two sites are
// seeded the way an operator would: `vitae users import` run against the server's own data
// directory (VITAE_BIN and VITAE_DATA_DIR, exported by scripts/test.sh). SQLite lets both
// processes use the file at once. With VITAE_SCREENSHOTS=1 the spec also writes the README's
// screenshots to docs/.

const bin = process.env.VITAE_BIN;
const dataDir = process.env.VITAE_DATA_DIR;
const styles = ["simple", "bento"] as const;

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  test.skip(!bin || !dataDir, "needs VITAE_BIN and VITAE_DATA_DIR (scripts/test.sh sets them)");
  const fixture = path.join(__dirname, "..", "fixtures", "grace.json");
  for (const style of styles) {
    execFileSync(bin!, ["users", "import", fixture, "--username", `grace-${style}`, "--email", "grace@example.com", "--live", "--style", style], {
      cwd: dataDir,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", RUST_LOG: "warn" },
      stdio: "pipe",
    });
  }
});

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

for (const style of styles) {
  for (const width of [390, 1280]) {
    test(`the ${style} style renders at ${width} px without horizontal scrolling or wasm`, async ({ page }) => {
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });

      await page.setViewportSize({ width, height: 900 });
      const response = await page.goto(`/grace-${style}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Grace Hopper");
      await expect(page.getByRole("main")).toBeVisible();
      await expect(page.getByRole("heading", { level: 2, name: "Experience" })).toBeVisible();
      await expect(page.getByRole("heading", { level: 3, name: "Rear Admiral, United States Navy" })).toBeVisible();
      await expect(page.getByRole("link", { name: "grace.example" })).toHaveAttribute("rel", "noopener noreferrer");
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(requests.filter((u) => u.endsWith(".wasm") || u.includes("/pkg/"))).toEqual([]);
      expect(errors).toEqual([]);

      if (process.env.VITAE_SCREENSHOTS && width === 1280) {
        await page.emulateMedia({ colorScheme: "light" });
        await page.screenshot({ path: path.join(__dirname, "..", "..", "docs", `site-${style}.png`) });
      }
    });
  }

  test(`dark mode follows the system, toggles and is remembered in the ${style} style`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`/grace-${style}`);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const dark = await background();

    const toLight = page.getByRole("button", { name: "Light mode" });
    await expect(toLight).toHaveAttribute("aria-pressed", "true");
    await toLight.click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    const light = await background();
    expect(light).not.toEqual(dark);

    await page.getByRole("button", { name: "Dark mode" }).click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    expect(await background()).toEqual(dark);

    await page.getByRole("button", { name: "Light mode" }).click();
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a site is complete and the buttons that need a script are not shown", async ({ page }) => {
    await page.goto("/grace-simple");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Grace Hopper");
    await expect(page.getByRole("heading", { name: "Awards" })).toBeVisible();
    await expect(page.getByRole("button", { name: /mode/ })).toBeHidden();
  });
});

test("a crawler gets 404 for a missing site and 301 to the canonical spelling", async ({ request }) => {
  expect((await request.get("/no-such-person")).status()).toBe(404);
  const moved = await request.get("/Grace-Simple", { maxRedirects: 0 });
  expect(moved.status()).toBe(301);
  expect(moved.headers()["location"]).toBe("/grace-simple");
});

test("the page is printable as one clean column", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/grace-bento");
  await page.emulateMedia({ media: "print" });
  const columns = await page.evaluate(() => getComputedStyle(document.querySelector(".bento-grid")!).display);
  expect(columns).toBe("block");
  await expect(page.locator(".site-footer")).toBeHidden();
});
