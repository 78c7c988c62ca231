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

// The bento grid packs: no two tiles overlap, and no band leaves a column empty (a lone card
// beside empty slots, or a card stretched beside a short one, were what people saw before).
for (const width of [390, 768, 1280]) {
  test(`the bento tiles pack without overlapping or empty columns at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/grace-bento");
    const bands = await page.evaluate(() =>
      [...document.querySelectorAll("main .tiles")].map((band) => {
        const style = getComputedStyle(band);
        const columns = style.columnCount === "auto" ? 1 : Number(style.columnCount);
        const tiles = [...band.children].map((t) => {
          const r = t.getBoundingClientRect();
          return { x: Math.round(r.left), y: r.top, w: r.width, h: r.height, bottom: r.bottom, right: r.right };
        });
        return { columns, tiles };
      }),
    );
    expect(bands.length).toBeGreaterThan(0);
    const all = bands.flatMap((b) => b.tiles);
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const [a, b] = [all[i], all[j]];
        const overlap = Math.min(a.right, b.right) - Math.max(a.x, b.x) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.y, b.y) > 1;
        expect(overlap, `tiles ${i} and ${j} overlap`).toBe(false);
      }
    }
    for (const band of bands) {
      const used = new Set(band.tiles.map((t) => t.x)).size;
      expect(used, "every column of a band holds a tile").toBe(Math.min(band.columns, band.tiles.length));
      if (width <= 390) expect(band.columns).toBe(1);
    }
  });
}

test("contacts are a row of named icons and the theme toggle is at the top", async ({ page }) => {
  await page.goto("/grace-bento");
  const contacts = page.getByRole("list", { name: "Contact and profiles" });
  await expect(contacts.getByRole("link", { name: "Email: grace@example.com" })).toHaveAttribute("href", "mailto:grace@example.com");
  await expect(contacts.getByRole("link", { name: /^LinkedIn: / })).toHaveAttribute("href", "https://www.linkedin.com/in/grace-hopper-example");
  // Icons are inline SVG: nothing is fetched from anyone else.
  expect(await contacts.locator("svg").count()).toBeGreaterThanOrEqual(4);
  const toggle = await page.locator("#theme-toggle").boundingBox();
  const name = await page.getByRole("heading", { level: 1 }).boundingBox();
  expect(toggle!.y).toBeLessThan(name!.y);
});

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

// With VITAE_SCREENSHOTS=1: the README's screenshots (both styles, light and dark, phone and
// desktop) and the landing page's example site (public/, served by the app).
test("screenshots for the README and the landing page", async ({ page }) => {
  test.skip(!process.env.VITAE_SCREENSHOTS, "only with VITAE_SCREENSHOTS=1");
  const root = path.join(__dirname, "..", "..");
  for (const style of styles) {
    for (const colorScheme of ["light", "dark"] as const) {
      for (const [device, width, height] of [["desktop", 1280, 800], ["phone", 390, 844]] as const) {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme });
        await page.goto(`/grace-${style}`);
        await page.screenshot({ path: path.join(root, "docs", `site-${style}-${colorScheme}-${device}.png`) });
        if (style === "bento" && colorScheme === "light") {
          const file = device === "desktop" ? "example-site.jpg" : "example-site-phone.jpg";
          await page.screenshot({ path: path.join(root, "public", file), type: "jpeg", quality: 70 });
        }
      }
    }
  }
});
