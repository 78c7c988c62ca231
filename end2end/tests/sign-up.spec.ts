import { test, expect, type Page } from "@playwright/test";
import { PASSWORD, uniqueEmail } from "./support/accounts";

// Built-in accounts, end to end: sign up → dashboard → sign out → the dashboard redirects →
// sign in again. Run with and without JavaScript: the forms must work without the wasm (the
// sign-up and sign-in pages never load it; the dashboard hydrates).

async function journey(page: Page, email: string, withJavaScript: boolean) {
  // With JavaScript: the dashboard has hydrated; any other page has run its inline script (the
  // theme toggle is enabled) and loaded no wasm.
  const wasm: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.endsWith(".wasm")) wasm.push(new URL(page.url()).pathname);
  });
  const ready = async () => {
    if (!withJavaScript) return;
    if (new URL(page.url()).pathname === "/dashboard") {
      await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
    } else {
      await expect(page.locator(".theme-toggle")).toBeEnabled();
      expect(await page.evaluate(() => performance.getEntriesByType("resource").some((e) => e.name.endsWith(".wasm")))).toBe(false);
    }
  };

  await page.goto("/sign-up");
  await ready();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create your account");

  // The password policy answers next to the field.
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(email);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Your password cannot be your email address.")).toBeVisible();

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your dashboard");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Dashboard" })).toBeVisible();

  await ready();
  // One Sign out, in the header.
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(1);
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/\?signed-out$/);
  await expect(page.getByRole("status").filter({ hasText: "You are signed out." })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  // The protected page now redirects to sign-in, remembering where we were going.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?return_to=\/dashboard$/);
  await ready();

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("The email or password is wrong.")).toBeVisible();

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await ready();
  // The wasm was fetched for the dashboard only (once per full load of it).
  for (const where of wasm) expect(where).toBe("/dashboard");
  if (withJavaScript) expect(wasm.length).toBeGreaterThan(0);
}

test("sign up, sign out and sign in again with JavaScript", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await journey(page, uniqueEmail("js"), true);
  expect(errors).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("sign up, sign out and sign in again", async ({ page }) => {
    await journey(page, uniqueEmail("nojs"), false);
  });
});

test("an anonymous request for the dashboard gets a 303 to sign-in", async ({ request }) => {
  const res = await request.get("/dashboard", { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  expect(res.headers()["location"]).toBe("/sign-in?return_to=/dashboard");
});
