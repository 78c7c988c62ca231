import { test, expect, type Locator, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import * as path from "node:path";
import { signUp, uniqueEmail } from "./support/accounts";

// A new person's first run, on a phone and on a desktop: the four steps (upload → check →
// address → publish) follow what they do, the address is suggested from the name read from
// their PDF, and the first publish ends in a moment with the link to copy and visit; after a
// reload the guide is gone. With VITAE_SCREENSHOTS=1 it writes the README's first-run
// screenshots to docs/.

const PDF = path.join(__dirname, "..", "..", "..", "shared", "eval", "dev", "fresh-jane-fullstacker__even.pdf");

function currentStep(page: Page): Locator {
  return page.getByRole("region", { name: "Your site in four steps" }).locator('li[aria-current="step"]');
}

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).exclude("#site-preview").analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b, "the element is laid out").not.toBeNull();
  return b!;
}

for (const [width, height, device] of [[390, 844, "phone"], [1280, 900, "desktop"]] as const) {
  test(`a new person is guided from upload to a live site at ${width} px`, async ({ page, context, baseURL }) => {
    test.setTimeout(90_000);
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: "light" });
    await signUp(page, uniqueEmail(`first-run-${width}`));

    // Step 1: only the guide's first step is current; deleting the account is folded away.
    await expect(currentStep(page)).toHaveText(/Upload your résumé/);
    await expect(page.getByRole("button", { name: "Delete my account" })).toBeHidden();
    await expect(page.locator(".username-form .suggestion")).toBeHidden();

    // Step 2: what the PDF said opens in the editor, and its name suggests an address.
    await page.locator("#resume-file").setInputFiles(PDF);
    const name = page.getByLabel("Name", { exact: true });
    await expect(name).toHaveValue("Jane Q. Fullstacker", { timeout: 20_000 });
    await expect(currentStep(page)).toHaveText(/Check what we read/);
    const suggestion = page.getByRole("button", { name: /^Use .+\/jane-q-fullstacker/ });
    await expect(suggestion).toBeVisible();

    if (device === "phone") {
      // The phone editor: bullets as wide as their entry, entry titles clear of their buttons,
      // a save bar that leaves the screen to the form, nothing sideways.
      const entry = page.locator("#edit-experience fieldset.entry").first();
      const bullet = entry.locator(".list-row textarea").first();
      await bullet.scrollIntoViewIfNeeded();
      expect((await box(bullet)).width).toBeGreaterThanOrEqual(0.8 * (await box(entry)).width);
      const legend = entry.locator(":scope > legend");
      const legendBox = await box(legend);
      const actionsBox = await box(entry.locator(":scope > .row-actions"));
      expect(legendBox.y + legendBox.height <= actionsBox.y + 1 || actionsBox.y + actionsBox.height <= legendBox.y + 1, "the title and the buttons do not overlap").toBe(true);
      expect(await legend.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), "the title is not cut").toBe(true);
      expect((await box(page.locator(".save-bar"))).height).toBeLessThanOrEqual(80);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    }

    if (process.env.VITAE_SCREENSHOTS) {
      // On a desktop, tall enough to show the suggested address beside the upload.
      if (device === "desktop") await page.setViewportSize({ width, height: 1250 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(__dirname, "..", "..", "docs", `dashboard-first-run-${device}.png`) });
      await page.setViewportSize({ width, height });
    }

    // Another person may already have Jane's address (this spec runs at two widths): a name of
    // this run's own gets a suggestion of its own, which follows the name as it is typed.
    const tag = Math.random().toString(36).slice(2, 8).replace(/[^a-z]/g, "x");
    await name.fill(`Jane Q. Fullstacker ${tag.toUpperCase()}`);
    const wanted = `jane-q-fullstacker-${tag}`;
    const ownSuggestion = page.getByRole("button", { name: new RegExp(`^Use .+/${wanted}$`) });
    await expect(ownSuggestion).toBeVisible();

    // Step 3: saved; the address is next.
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.locator("#save-status")).toContainText("Saved.");
    await expect(currentStep(page)).toHaveText(/Choose your address/);
    await expect(page.getByRole("button", { name: "Keep this address" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    // Step 4: the suggestion in one click, checked, taken; the answer is by the username form.
    await ownSuggestion.click();
    await expect(page.getByLabel("Username")).toHaveValue(wanted);
    await expect(page.locator("#username-check")).toHaveText("Available.");
    await page.getByRole("button", { name: "Change username" }).click();
    const said = page.locator(".username-form #username-check");
    await expect(said).toContainText(`Your address is now ${baseURL}/${wanted}.`);
    await expect(said).toBeFocused();
    await expect(page.locator("#save-status")).not.toContainText("Your address");
    await expect(currentStep(page)).toHaveText(/Publish/);
    await expect(ownSuggestion).toBeHidden();

    // Coming back before publishing: the steps are still there, at the same place.
    await page.reload();
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
    await expect(currentStep(page)).toHaveText(/Publish/);

    // Publish: the moment, with the focus, the full address, Copy link and Visit.
    await page.getByRole("button", { name: "Publish site" }).click();
    const launched = page.getByRole("region", { name: "Your site is live" });
    await expect(launched).toBeVisible();
    await expect(launched).toBeFocused();
    await expect(page.getByRole("region", { name: "Your site in four steps" })).toBeHidden();
    const siteUrl = `${baseURL}/${wanted}`;
    await expect(launched.getByRole("link", { name: siteUrl })).toHaveAttribute("href", siteUrl);
    await expect(launched.getByRole("link", { name: "Visit your site" })).toHaveAttribute("href", siteUrl);
    // One way to visit while the panel is open: the Publish status's own link waits until it closes.
    await expect(page.getByRole("link", { name: "Visit your site" })).toHaveCount(1);
    await launched.getByRole("button", { name: "Copy link" }).click();
    await expect(launched.getByRole("status")).toHaveText("Copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(siteUrl);
    expect((await page.request.get(`/${wanted}`)).status()).toBe(200);
    expect(await axeViolations(page), "the dashboard after the first publish").toEqual([]);

    // Later visits: no guide, no moment, the danger zone open as before.
    await page.reload();
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
    await expect(page.getByRole("region", { name: "Your site in four steps" })).toBeHidden();
    await expect(launched).toBeHidden();
    await expect(page.getByRole("button", { name: "Delete my account" })).toBeVisible();
    expect(errors).toEqual([]);
  });
}

test("a person who fills in the form and keeps the e-mail's address is guided to Publish", async ({ page }) => {
  await signUp(page, uniqueEmail("keep"));
  await expect(currentStep(page)).toHaveText(/Upload your résumé/);
  await page.getByLabel("Name", { exact: true }).fill("李小龍");
  await expect(currentStep(page)).toHaveText(/Check what we read/);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(currentStep(page)).toHaveText(/Choose your address/);
  // A name with nothing to spell in ASCII suggests no address.
  await expect(page.locator(".username-form .suggestion")).toBeHidden();
  await page.getByRole("button", { name: "Keep this address" }).click();
  await expect(currentStep(page)).toHaveText(/Publish/);
  await page.getByRole("button", { name: "Publish site" }).click();
  await expect(page.getByRole("region", { name: "Your site is live" })).toBeFocused();
});

test("when someone holds the address a name suggests, its first free numbered form is offered", async ({ page, browser }) => {
  const tag = Math.random().toString(36).slice(2, 8).replace(/[^a-z]/g, "x");
  const held = `grace-hopper-${tag}`;
  await signUp(page, uniqueEmail("holder"));
  await page.getByLabel("Username").fill(held);
  await expect(page.locator("#username-check")).toHaveText("Available.");
  await page.getByRole("button", { name: "Change username" }).click();
  await expect(page.locator("#username-check")).toContainText(`/${held}.`);

  const other = await browser.newPage();
  await signUp(other, uniqueEmail("second-grace"));
  await other.getByLabel("Name", { exact: true }).fill(`Grace Hopper ${tag.toUpperCase()}`);
  const offered = other.getByRole("button", { name: new RegExp(`^Use .+/${held}-2$`) });
  await expect(offered).toBeVisible();
  await offered.click();
  await expect(other.getByLabel("Username")).toHaveValue(`${held}-2`);
  await expect(other.locator("#username-check")).toHaveText("Available.");
  await other.close();
});

test("after Move up, Move down or Remove the focus stays with the list", async ({ page }) => {
  await signUp(page, uniqueEmail("move-focus"));
  const add = page.getByRole("button", { name: "Add activity" });
  for (const [i, text] of ["Chess club", "Choir", "Rowing"].entries()) {
    await add.click();
    await expect(page.getByLabel(`Activity ${i + 1}`, { exact: true })).toBeFocused();
    await page.keyboard.type(text);
  }
  await page.getByRole("button", { name: "Move activity 3 up" }).click();
  await expect(page.getByLabel("Activity 2", { exact: true })).toHaveValue("Rowing");
  await expect(page.getByRole("button", { name: "Move activity 2 up" })).toBeFocused();

  // At the top "Move up" is disabled: the focus goes to the entry's "Move down".
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Activity 1", { exact: true })).toHaveValue("Rowing");
  await expect(page.getByRole("button", { name: "Move activity 1 down" })).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Activity 2", { exact: true })).toHaveValue("Rowing");
  await expect(page.getByRole("button", { name: "Move activity 2 down" })).toBeFocused();

  // At the bottom "Move down" is disabled: the focus goes to "Move up".
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Activity 3", { exact: true })).toHaveValue("Rowing");
  await expect(page.getByRole("button", { name: "Move activity 3 up" })).toBeFocused();
  await expect(page.getByLabel("Activity 1", { exact: true })).toHaveValue("Chess club");

  // Remove: the focus goes to the next entry's Remove, the one before at the end, then Add.
  await page.getByRole("button", { name: "Remove activity 1" }).click();
  await expect(page.getByLabel("Activity 1", { exact: true })).toHaveValue("Choir");
  await expect(page.getByRole("button", { name: "Remove activity 1" })).toBeFocused();
  await page.getByRole("button", { name: "Remove activity 2" }).click();
  await expect(page.getByRole("button", { name: "Remove activity 1" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Activity 1", { exact: true })).toHaveCount(0);
  await expect(add).toBeFocused();
});
