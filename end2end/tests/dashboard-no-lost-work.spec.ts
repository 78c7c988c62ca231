import { test, expect, type Page } from "@playwright/test";
import * as path from "node:path";
import { signUp, uniqueEmail } from "./support/accounts";

// The dashboard never loses work: rejected files leave the saved résumé as it was, a cancelled
// upload changes nothing, unsaved edits survive a reload (and leaving asks first), validation
// answers next to the field, and the page fits a phone.

const JANE = path.join(__dirname, "..", "..", "..", "shared", "eval", "dev", "fresh-jane-fullstacker__even.pdf");
const SCANNED = path.join(__dirname, "..", "..", "resume", "tests", "fixtures", "no-text-layer.pdf");

/** Types a name and saves it: the résumé every later step must leave intact. */
async function saveName(page: Page, name: string) {
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
}

async function expectSavedName(page: Page, name: string) {
  await page.reload();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(page.getByRole("button", { name: "Save changes" })).toBeDisabled();
}

test("rejected files get a sentence and leave the saved résumé intact", async ({ page }) => {
  await signUp(page, uniqueEmail("rejects"));
  await saveName(page, "Ada Lovelace");
  const input = page.locator('#resume-file');

  // Over the limit (5 MB by default): refused in the browser before anything is sent.
  const big = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(6 * 1024 * 1024, 0x20)]);
  let sent = false;
  page.on("request", (r) => {
    if (r.url().endsWith("/api/upload")) sent = true;
  });
  await input.setInputFiles({ name: "huge.pdf", mimeType: "application/pdf", buffer: big });
  await expect(page.getByText("This file is larger than 5 MB. Export a smaller PDF (fewer images) and try again.")).toBeVisible();
  await expect(page.getByText("Your saved résumé is unchanged.")).toBeVisible();
  expect(sent).toBe(false);

  // Not a PDF (a Word file is a zip), whatever its name says.
  await input.setInputFiles({ name: "resume.pdf", mimeType: "application/pdf", buffer: Buffer.from("PK\u0003\u0004 word/document.xml") });
  await expect(page.getByText("This file is not a PDF. Upload your résumé as a PDF, or a JSON Resume (.json) file.")).toBeVisible();
  expect(sent).toBe(false);

  // A real PDF the server cannot read: its answer is shown as it is.
  await input.setInputFiles(SCANNED);
  await expect(page.getByText("This PDF has no text layer — it looks scanned. Export it again from Word, Google Docs or LinkedIn.")).toBeVisible();
  expect(sent).toBe(true);

  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Ada Lovelace");
  await expectSavedName(page, "Ada Lovelace");
});

test("an upload shows its progress and can be cancelled without changing anything", async ({ page }) => {
  await signUp(page, uniqueEmail("cancel"));
  await saveName(page, "Grace Hopper");
  // A slow connection, so the progress can be seen and cancelled.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 50, downloadThroughput: -1, uploadThroughput: 16 * 1024 });

  await page.locator('#resume-file').setInputFiles(JANE);
  const progress = page.getByRole("progressbar");
  await expect(progress).toBeVisible();
  await expect(page.getByText(/Uploading fresh-jane-fullstacker__even\.pdf… \d+%/)).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByText("Upload cancelled.")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Grace Hopper");
  await expect(page.getByRole("button", { name: "Save changes" })).toBeDisabled();

  // At full speed the same file goes through: reading, then the result as unsaved changes.
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.locator('#resume-file').setInputFiles(JANE);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Jane Q. Fullstacker", { timeout: 20_000 });
  await expect(page.getByRole("button", { name: "Save changes" })).toBeEnabled();
  // Discarding goes back to the saved résumé.
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Discard" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Grace Hopper");
});

test("unsaved edits survive a reload, and leaving asks first", async ({ page }) => {
  await signUp(page, uniqueEmail("reload"));
  await saveName(page, "Katherine Johnson");
  await page.getByLabel("Title", { exact: true }).fill("Mathematician");
  await page.getByRole("button", { name: "Add experience" }).click();
  await page.getByLabel("Company").fill("NASA");
  await expect(page.getByText(/Unsaved changes/)).toBeVisible();

  // Reloading with unsaved changes: the browser asks first.
  const asked = new Promise<string>((resolve) =>
    page.once("dialog", async (d) => {
      resolve(d.type());
      await d.accept();
    }),
  );
  await page.reload();
  expect(await asked).toBe("beforeunload");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Mathematician");
  await expect(page.getByLabel("Company")).toHaveValue("NASA");
  await expect(page.getByText(/Restored the unsaved changes/)).toBeVisible();
  await expect(page.frameLocator("#site-preview").getByText("Mathematician")).toBeVisible();

  // A link inside the app asks too; saying no stays on the page with the edits.
  page.once("dialog", (d) => d.dismiss());
  await page.getByRole("link", { name: "Vitae" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByLabel("Company")).toHaveValue("NASA");

  // Saved: nothing to restore any more, and leaving no longer asks.
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs += 1;
    void d.dismiss();
  });
  await page.reload();
  await expect(page.getByLabel("Company")).toHaveValue("NASA");
  await expect(page.getByText(/Restored the unsaved changes/)).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test("validation answers next to the field, and nothing invalid is saved", async ({ page }) => {
  await signUp(page, uniqueEmail("validate"));
  await saveName(page, "Alan Turing");
  const website = page.getByLabel("Website");
  await website.fill("javascript:alert(1)");
  const message = page.locator("#personalInfo\\.website-error");
  await expect(message).toHaveText("Website is not a usable link: it must start with http://, https:// or mailto:");
  await expect(website).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Fix the field marked below first; nothing was saved.")).toBeVisible();
  await expect(website).toBeFocused();

  await website.fill("https://turing.example");
  await expect(message).toHaveCount(0);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
});

test("the dashboard fits a phone without horizontal scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page, uniqueEmail("phone"));
  await page.locator('#resume-file').setInputFiles(JANE);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Jane Q. Fullstacker", { timeout: 20_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // On a phone the preview waits behind the Edit / Preview switch (dashboard-phone.spec.ts).
  await expect(page.locator(".preview")).toBeHidden();
  // Deep in the form, Save is still in reach (the bar sticks to the top).
  await page.getByRole("button", { name: "Add experience" }).scrollIntoViewIfNeeded();
  await expect(page.getByRole("button", { name: "Save changes" })).toBeInViewport();
});

test("a JSON Resume file is imported as unsaved changes", async ({ page }) => {
  await signUp(page, uniqueEmail("import"));
  const jsonResume = {
    basics: { name: "Hedy Lamarr", label: "Inventor", email: "hedy@example.org" },
    work: [{ name: "MGM", position: "Actor", startDate: "1938-01", highlights: ["Frequency hopping"] }],
  };
  await page.locator('#resume-file').setInputFiles({
    name: "hedy.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(jsonResume)),
  });
  await expect(page.getByText(/Imported hedy\.json\./)).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Hedy Lamarr");
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Inventor");
  await expect(page.getByLabel("Company")).toHaveValue("MGM");
  await expect(page.getByLabel("Bullet 1", { exact: true })).toHaveValue("Frequency hopping");
  await expect(page.getByRole("button", { name: "Save changes" })).toBeEnabled();
});

test("the preview shows the draft in the site's style and follows the theme toggle", async ({ page }) => {
  const drawings: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/api/preview")) drawings.push(r.url());
  });
  await signUp(page, uniqueEmail("preview"));
  // The server drew the frame with the page: nothing is asked again until something changes.
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.waitForTimeout(1000);
  expect(drawings, "no redraw of what the page was served with").toHaveLength(0);
  await page.getByLabel("Name", { exact: true }).fill("Mary Somerville");
  const frame = page.frameLocator("#site-preview");
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText("Mary Somerville");
  await expect(frame.locator(".page-simple")).toHaveCount(1);
  expect(drawings.length, "the change was drawn by the server").toBeGreaterThan(0);

  await page.getByText("Bento", { exact: true }).click();
  await expect(frame.locator(".page-bento")).toHaveCount(1);
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText("Mary Somerville");

  const theme = () => page.locator("#site-preview").evaluate((f: HTMLIFrameElement) => f.contentDocument?.documentElement.dataset.theme ?? "");
  const before = await theme();
  await page.getByRole("button", { name: /Dark mode|Light mode/ }).click();
  await expect.poll(theme).not.toBe(before);
  expect(await theme()).toBe(await page.evaluate(() => document.documentElement.dataset.theme ?? ""));

  // The style was saved at once: it is still chosen after a reload.
  page.once("dialog", (d) => d.accept());
  await page.reload();
  await expect(page.getByRole("radio", { name: /Bento/ })).toBeChecked();
});
