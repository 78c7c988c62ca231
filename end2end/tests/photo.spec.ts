import { test, expect, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./support/accounts";

// A photo, as a person adds one: uploaded on the dashboard, shown by the preview and by both
// styles of the live site (the served image is Vitae's re-encoded square), replaced, removed.

/** A real JPEG to upload: the browser's own screenshot of what it shows. */
async function photoOf(page: Page): Promise<Buffer> {
  return page.screenshot({ type: "jpeg", quality: 80 });
}

async function avatarSrc(page: Page, path: string): Promise<string | null> {
  await page.goto(path);
  return page.locator(".avatar").getAttribute("src");
}

for (const width of [390, 1280]) {
  test(`a photo is added, shown on both styles, replaced and removed at ${width} px`, async ({ page, context }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height: 844 });
    await signUp(page, uniqueEmail(`photo-${width}`));
    await page.getByLabel("Name", { exact: true }).fill("Ada Lovelace");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.locator("#save-status")).toContainText("Saved.");
    await page.getByRole("button", { name: "Publish site" }).click();
    await expect(page.locator("#publish-status")).toContainText("Your site is live");
    const siteUrl = (await page.locator("#publish-status a").getAttribute("href"))!;
    const sitePath = new URL(siteUrl).pathname;

    await page.getByLabel("Photo", { exact: true }).setInputFiles({ name: "me.jpg", mimeType: "image/jpeg", buffer: await photoOf(page) });
    await expect(page.getByText("Photo saved: your site shows it.")).toBeVisible();
    await expect(page.getByRole("img", { name: "Your photo" })).toHaveAttribute("src", /\/photos\/[0-9a-f]{32}\.jpg$/);
    await expect(page.getByRole("button", { name: "Save changes" })).toBeDisabled();

    const site = await context.newPage();
    await site.setViewportSize({ width, height: 844 });
    const first = await avatarSrc(site, sitePath);
    expect(first).toMatch(/\/photos\/[0-9a-f]{32}\.jpg$/);
    const size = await site.locator(".avatar").evaluate((img: HTMLImageElement) => img.decode().then(() => [img.naturalWidth, img.naturalHeight]));
    expect(size).toEqual([400, 400]);
    expect(await site.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    await page.getByRole("radio", { name: /Bento/ }).check();
    await expect
      .poll(async () => {
        await site.goto(sitePath);
        return site.evaluate(() => document.querySelector(".site-bento .avatar")?.getAttribute("src") ?? null);
      })
      .toBe(first);

    // Another photo: a new address; the old one is gone.
    await page.getByRole("heading", { level: 1 }).scrollIntoViewIfNeeded();
    await page.getByLabel("Photo", { exact: true }).setInputFiles({ name: "me2.jpg", mimeType: "image/jpeg", buffer: await photoOf(site) });
    await expect(page.getByRole("img", { name: "Your photo" })).not.toHaveAttribute("src", first!);
    const second = await avatarSrc(site, sitePath);
    expect(second).not.toBe(first);
    expect((await page.request.get(new URL(first!).pathname)).status()).toBe(404);

    await page.getByRole("button", { name: "Remove photo" }).click();
    await expect(page.getByText("Photo removed")).toBeVisible();
    await site.goto(sitePath);
    await expect(site.locator(".avatar-initials")).toHaveText("AL");
  });
}
