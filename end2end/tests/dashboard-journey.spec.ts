import { test, expect, type Page } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import { PASSWORD, signUp, uniqueEmail } from "./support/accounts";

// The whole journey a person takes, as they take it: sign up → upload a PDF → see the progress
// and the parsed name → edit a field → save → publish → the public page shows the edit → change
// the username (the old address 404s, the new one works) → unpublish (404) → delete the account.
//
// The PDF comes from the evaluation set beside the repository (../shared/eval/dev). With
// VITAE_SCREENSHOTS=1 the spec also writes the README's dashboard screenshot to docs/.

const PDF = path.join(__dirname, "..", "..", "..", "shared", "eval", "dev", "fresh-jane-fullstacker__even.pdf");

async function status(page: Page, url: string): Promise<number> {
  return (await page.request.get(url, { maxRedirects: 0 })).status();
}

test("sign up, upload, edit, save, publish, rename, unpublish and delete the account", async ({ page }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  const email = uniqueEmail("journey");
  await signUp(page, email);

  // Upload: progress, then what the parser read, opened as unsaved changes.
  await page.locator('#resume-file').setInputFiles(PDF);
  await expect(page.getByText(/Uploading fresh-jane-fullstacker__even\.pdf|Reading your résumé|Read fresh-jane/).first()).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Jane Q. Fullstacker", { timeout: 20_000 });
  await expect(page.getByText(/Read fresh-jane-fullstacker__even\.pdf\./)).toBeVisible();
  await expect(page.frameLocator("#site-preview").getByRole("heading", { level: 1 })).toHaveText("Jane Q. Fullstacker");
  await expect(page.getByRole("button", { name: "Save changes" })).toBeEnabled();

  // Edit a field; the preview beside the form follows.
  const headline = "Chief Bug Whisperer";
  await page.getByLabel("Title", { exact: true }).fill(headline);
  await expect(page.frameLocator("#site-preview").locator("body")).toContainText(headline);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(/Saved/).first()).toBeVisible();

  // Publish: the site is live at the address shown.
  await page.getByRole("button", { name: "Publish site" }).click();
  const address = page.getByRole("link", { name: /\/[a-z0-9-]+$/ }).first();
  await expect(address).toBeVisible();
  const siteUrl = (await address.getAttribute("href"))!;
  const oldPath = new URL(siteUrl).pathname;
  await expect.poll(() => status(page, oldPath)).toBe(200);

  if (process.env.VITAE_SCREENSHOTS) {
    // The dashboard as it is on later visits, without the first publish's moment.
    await page.getByRole("region", { name: "Your site is live" }).getByRole("button", { name: "Close" }).click();
    await page.setViewportSize({ width: 1360, height: 1500 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(__dirname, "..", "..", "docs", "dashboard.png") });
    await page.setViewportSize({ width: 1280, height: 720 });
  }

  // A colour: the preview follows at once, the live site on its next visit.
  await page.getByRole("group", { name: "Colour" }).getByText("Rose").click();
  await expect(page.frameLocator("#site-preview").locator(".page")).toHaveClass(/accent-rose/);
  await expect.poll(async () => (await page.request.get(oldPath)).text()).toContain('class="site-root accent-rose"');

  const site = await page.context().newPage();
  await site.goto(oldPath);
  await expect(site.getByRole("heading", { level: 1 })).toHaveText("Jane Q. Fullstacker");
  await expect(site.getByText(headline)).toBeVisible();
  await expect(site.locator(".site-root")).toHaveClass(/accent-rose/);

  // A new username: the old address is gone at once, the new one works.
  const newName = `jane-${Date.now().toString(36)}`;
  await page.getByLabel("Username").fill(newName);
  await expect(page.getByText("Available.")).toBeVisible();
  await page.getByRole("button", { name: "Change username" }).click();
  await expect(page.getByRole("link", { name: new RegExp(`/${newName}$`) }).first()).toBeVisible();
  expect(await status(page, oldPath)).toBe(404);
  expect(await status(page, `/${newName}`)).toBe(200);

  // Unpublish: hidden, the résumé kept.
  await page.getByRole("button", { name: "Unpublish site" }).click();
  await expect(page.getByRole("button", { name: "Publish site" })).toBeVisible();
  expect(await status(page, `/${newName}`)).toBe(404);
  await page.reload();
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(headline);

  // Delete the account: everything goes, and the sign-in no longer works. (A résumé is saved, so
  // the danger zone is open.)
  await page.getByRole("button", { name: "Delete my account" }).click();
  await page.getByLabel(/Type your username/).fill(newName);
  await page.getByRole("button", { name: "Delete my account" }).last().click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("The email or password is wrong.")).toBeVisible();

  expect(errors).toEqual([]);
  expect(fs.existsSync(PDF)).toBe(true);
});
