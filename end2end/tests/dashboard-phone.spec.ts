import { test, expect } from "@playwright/test";
import { signUp, uniqueEmail } from "./support/accounts";

// The dashboard on a phone (390 × 844): the editor and the preview take turns behind an
// Edit / Preview switch instead of the preview starting below the whole form.

test("on a phone the editor and the preview take turns, and nothing scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page, uniqueEmail("phone"));
  const editor = page.locator(".workspace .editor");
  const preview = page.locator(".workspace .preview");
  const show = page.getByRole("group", { name: "Show" });

  await expect(show.getByRole("button", { name: "Edit" })).toHaveAttribute("aria-pressed", "true");
  await expect(editor).toBeVisible();
  await expect(preview).toBeHidden();

  await page.getByLabel("Name", { exact: true }).fill("Ada Lovelace");
  await show.getByRole("button", { name: "Preview" }).click();
  await expect(show.getByRole("button", { name: "Preview" })).toHaveAttribute("aria-pressed", "true");
  await expect(editor).toBeHidden();
  await expect(preview).toBeVisible();
  await expect(page.frameLocator("#site-preview").getByRole("heading", { level: 1 })).toHaveText("Ada Lovelace");

  await show.getByRole("button", { name: "Edit" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Ada Lovelace");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  // The header is one row, and none of its buttons wraps its label onto a second line.
  const rows = await page.locator(".site-header").evaluate((header) => {
    const items = [...header.querySelectorAll(".brand, nav a, nav button")] as HTMLElement[];
    return items.map((el) => {
      const box = el.getBoundingClientRect();
      const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 24;
      return { name: el.textContent?.trim(), top: box.top, bottom: box.bottom, lines: el.getClientRects().length, tall: el.scrollHeight > 2 * lineHeight };
    });
  });
  expect(rows.length).toBeGreaterThanOrEqual(4);
  for (const r of rows) {
    expect(r.tall, `${r.name} wraps`).toBe(false);
    expect(r.top, `${r.name} sits in the header's one row`).toBeLessThan(rows[0].bottom);
  }
});

test("on a wide screen both are shown and there is no switch", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signUp(page, uniqueEmail("wide"));
  await expect(page.locator(".workspace .editor")).toBeVisible();
  await expect(page.locator(".workspace .preview")).toBeVisible();
  await expect(page.getByRole("group", { name: "Show" })).toBeHidden();
});

test("the keyboard starts at a skip link, and after Save the focus is on what the save said", async ({ page }) => {
  await signUp(page, uniqueEmail("focus"));
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toHaveAttribute("href", "#main");

  await page.getByLabel("Name", { exact: true }).fill("Ada Lovelace");
  await page.getByRole("button", { name: "Save changes" }).click();
  const status = page.locator("#save-status");
  await expect(status).toContainText("Saved.");
  await expect(status).toBeFocused();

  // The first publish: the focus goes to the moment that says so (dashboard-first-run.spec.ts).
  await page.getByRole("button", { name: "Publish site" }).click();
  await expect(page.locator("#publish-status")).toContainText("Your site is live");
  await expect(page.getByRole("region", { name: "Your site is live" })).toBeFocused();

  // Later ones: to what Publish said, with the way to the site.
  await page.getByRole("button", { name: "Unpublish site" }).click();
  await expect(page.locator("#publish-status")).toContainText("Your site is hidden");
  await expect(page.locator("#publish-status")).toBeFocused();
  await page.getByRole("button", { name: "Publish site" }).click();
  await expect(page.locator("#publish-status")).toContainText("Your site is live");
  await expect(page.locator("#publish-status")).toBeFocused();
  await expect(page.locator("#publish-status").getByRole("link", { name: "Visit your site" })).toHaveAttribute("href", /\/[a-z0-9-]+$/);
});
