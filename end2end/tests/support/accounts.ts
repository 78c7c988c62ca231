import { expect, type Page } from "@playwright/test";

// Built-in accounts for the specs: one password, a fresh address per test, and signing up the
// way a person does (the form, a plain HTML form on a page without wasm, then the dashboard).

export const PASSWORD = "correct horse battery";

export function uniqueEmail(tag: string): string {
  return `e2e-${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
}

/** Signs up through the /sign-up form and waits for the hydrated dashboard. */
export async function signUp(page: Page, email: string) {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}
