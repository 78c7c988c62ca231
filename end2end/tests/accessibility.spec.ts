import { test, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { signUp, uniqueEmail } from "./support/accounts";

// axe-core on every kind of page, light and dark, phone and desktop: 0 violations. The public
// sites are seeded like public-site.spec.ts does (`vitae users import` on the server's data).

const bin = process.env.VITAE_BIN;
const dataDir = process.env.VITAE_DATA_DIR;
const schemes = ["light", "dark"] as const;
const widths = [390, 1280] as const;

async function violations(page: Page): Promise<string[]> {
  // The dashboard's preview frame runs no script (sandboxed), so axe cannot enter it; what it
  // shows is the public site, checked on its own below.
  const result = await new AxeBuilder({ page }).exclude("#site-preview").analyze();
  return result.violations.map(
    (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`,
  );
}

test.describe("public sites", () => {
  test.beforeAll(() => {
    test.skip(!bin || !dataDir, "needs VITAE_BIN and VITAE_DATA_DIR (scripts/test.sh sets them)");
    const fixture = path.join(__dirname, "..", "fixtures", "grace.json");
    for (const style of ["simple", "bento"]) {
      execFileSync(bin!, ["users", "import", fixture, "--username", `a11y-${style}`, "--email", "a11y@example.com", "--live", "--style", style], {
        cwd: dataDir,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", RUST_LOG: "warn" },
        stdio: "pipe",
      });
    }
  });

  for (const style of ["simple", "bento"]) {
    for (const colorScheme of schemes) {
      for (const width of widths) {
        test(`the ${style} style, ${colorScheme}, ${width} px`, async ({ page }) => {
          await page.setViewportSize({ width, height: 900 });
          await page.emulateMedia({ colorScheme });
          await page.goto(`/a11y-${style}`);
          expect(await violations(page)).toEqual([]);
        });
      }
    }
  }
});

for (const colorScheme of schemes) {
  for (const width of widths) {
    test(`the app's pages, ${colorScheme}, ${width} px`, async ({ page }) => {
      test.setTimeout(60_000);
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      for (const url of ["/", "/sign-in", "/sign-up", "/no-such-page/at-all"]) {
        await page.goto(url);
        expect(await violations(page), url).toEqual([]);
      }
      await signUp(page, uniqueEmail(`a11y-${colorScheme}-${width}`));
      expect(await violations(page), "/dashboard").toEqual([]);
    });
  }
}
