import { test, expect, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./support/accounts";

// A photo, as a person adds one: uploaded on the dashboard, shown by the preview and by both
// styles of the live site (the served image is Vitae's re-encoded square), replaced, removed.

/** A real JPEG to upload: the browser's own screenshot of what it shows. */
async function photoOf(page: Page): Promise<Buffer> {
  return page.screenshot({ type: "jpeg", quality: 80 });
}

/** The site's photo as the server sends it now (the browser's HTTP cache keeps a page a minute),
 * with the style it is shown in. */
async function shown(page: Page, path: string): Promise<string> {
  const html = await (await page.request.get(path)).text();
  const style = html.match(/class="site (site-\w+)"/)?.[1] ?? "none";
  const img = html.match(/<img[^>]*class="avatar"[^>]*>/)?.[0];
  const src = img?.match(/src="([^"]+)"/)?.[1] ?? "initials";
  return `${style} ${src}`;
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
    await site.goto(sitePath);
    const first = await site.locator(".avatar").getAttribute("src");
    expect(first).toMatch(/\/photos\/[0-9a-f]{32}\.jpg$/);
    const [w, h] = await site.locator(".avatar").evaluate((img: HTMLImageElement) => img.decode().then(() => [img.naturalWidth, img.naturalHeight]));
    // Cropped square; never larger than 400 px (a smaller photo is not enlarged).
    expect(w).toBe(h);
    expect(w).toBeLessThanOrEqual(400);
    expect(await site.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    await page.getByRole("radio", { name: /Bento/ }).check();
    await expect.poll(() => shown(page, sitePath)).toBe(`site-bento ${first}`);

    // Another photo: a new address; the old one is gone.
    await page.getByRole("heading", { level: 1 }).scrollIntoViewIfNeeded();
    await page.getByLabel("Photo", { exact: true }).setInputFiles({ name: "me2.jpg", mimeType: "image/jpeg", buffer: await photoOf(site) });
    await expect(page.getByRole("img", { name: "Your photo" })).not.toHaveAttribute("src", first!);
    const second = (await shown(page, sitePath)).split(" ")[1];
    expect(second).toMatch(/\/photos\/[0-9a-f]{32}\.jpg$/);
    expect(second).not.toBe(first);
    expect((await page.request.get(new URL(first!).pathname)).status()).toBe(404);

    await page.getByRole("button", { name: "Remove photo" }).click();
    await expect(page.getByText("Photo removed")).toBeVisible();
    await expect.poll(() => shown(page, sitePath)).toBe("site-bento initials");
    expect(await (await page.request.get(sitePath)).text()).toContain(">AL<");
  });
}
