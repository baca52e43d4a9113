import type { Page } from "@playwright/test";

import { ANONYMOUS, expect, test } from "./fixtures";
import { OPERATORS, storageStateOf, WRONG_PASSWORDS } from "./operators";

/** Signing in and out as an operator would, and what an attacker would try instead. */
test.use({ storageState: ANONYMOUS });

/** Submits the sign-in form and waits for the server's answer, not just for the click. */
async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  const answer = page.waitForResponse((response) => response.request().method() === "POST");
  await page.getByRole("button", { name: "Sign in" }).click();
  await answer;
}

test("a visitor is asked to sign in, lands where they were going, and signing out ends the session", async ({
  page,
  browser,
}, testInfo) => {
  await page.goto("/audit?action=sign_in");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faudit%3Faction%3Dsign_in$/);

  await fillSignIn(page, OPERATORS.admin.email, OPERATORS.admin.password);
  await expect(page).toHaveURL(/\/audit\?action=sign_in$/);
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(
    page.getByTestId("audit-row").filter({ hasText: OPERATORS.admin.email }).first(),
  ).toContainText("Signed in");

  const [session] = (await page.context().cookies()).filter((cookie) =>
    cookie.name.includes("session-token"),
  );
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  // http://localhost here; behind https the cookie is Secure (see lib/auth/auth-config.test.ts).
  expect(session?.secure).toBe(false);
  expect(session!.expires * 1000).toBeLessThanOrEqual(Date.now() + 8 * 3600_000 + 60_000);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);

  // A copy of the cookie taken before signing out opens nothing either.
  const copy = await browser.newContext();
  await copy.addCookies([session!]);
  const copied = await copy.newPage();
  await copied.goto("/audit");
  await expect(copied).toHaveURL(/\/sign-in/);
  await copy.close();

  const owner = await browser.newContext({ storageState: storageStateOf(testInfo, "owner") });
  const audit = await owner.newPage();
  await audit.goto("/audit?action=sign_out");
  await expect(
    audit.getByTestId("audit-row").filter({ hasText: OPERATORS.admin.email }).first(),
  ).toContainText("Signed out");
  await owner.close();
});

test("a wrong password is refused without saying which of the two was wrong", async ({ page }) => {
  await page.goto("/sign-in");
  await fillSignIn(page, OPERATORS.viewer.email, WRONG_PASSWORDS[0]);
  await expect(page.locator("form").getByRole("alert")).toHaveText(
    "Wrong email address or password.",
  );
  // The email comes back to save retyping; the password never does.
  await expect(page.getByLabel("Email address")).toHaveValue(OPERATORS.viewer.email);
  await expect(page.getByLabel("Password")).toHaveValue("");

  await fillSignIn(page, "nobody@portalscope.test", WRONG_PASSWORDS[0]);
  await expect(page.locator("form").getByRole("alert")).toHaveText(
    "Wrong email address or password.",
  );
});

test("repeated failures lock the address for a while, even against the right password", async ({
  page,
  browser,
}, testInfo) => {
  const owner = await browser.newContext({ storageState: storageStateOf(testInfo, "owner") });
  const settings = await owner.newPage();
  await settings.goto("/settings/operators");
  const add = settings.getByRole("form", { name: "Add an operator" });
  await add.getByLabel("Email address").fill("lockable@portalscope.test");
  await add.getByLabel("First password").fill("lockable operator password");
  await add.getByRole("button", { name: "Add operator" }).click();
  await expect(add.getByRole("status")).toContainText("Added lockable@portalscope.test");

  await page.goto("/sign-in");
  for (let attempt = 1; attempt <= 4; attempt++) {
    await fillSignIn(page, "lockable@portalscope.test", WRONG_PASSWORDS[1]);
    await expect(page.locator("form").getByRole("alert")).toHaveText(
      "Wrong email address or password.",
    );
  }
  await fillSignIn(page, "lockable@portalscope.test", WRONG_PASSWORDS[1]);
  await expect(page.locator("form").getByRole("alert")).toContainText(
    "Too many failed sign-ins for this email address. Try again in 15 minutes.",
  );

  await fillSignIn(page, "lockable@portalscope.test", "lockable operator password");
  await expect(page.locator("form").getByRole("alert")).toContainText("Too many failed sign-ins");
  await expect(page).toHaveURL(/\/sign-in/);

  // The owner sees it in the audit log, and lifts the lock by setting a new password.
  await settings.goto("/audit?action=sign_in_failed");
  const rows = settings.getByTestId("audit-row").filter({ hasText: "lockable@portalscope.test" });
  await expect(rows.filter({ hasText: "locked" }).first()).toBeVisible();
  await expect(rows.filter({ hasText: "wrong password" })).toHaveCount(5);

  await settings.goto("/settings/operators");
  const row = settings.getByTestId("operator-row").filter({ hasText: "lockable@portalscope.test" });
  await row
    .getByLabel("New password for lockable@portalscope.test")
    .fill("a new lockable password");
  await row.getByRole("button", { name: "Set password" }).click();
  await expect(row.getByRole("status")).toContainText("Password changed");
  await owner.close();

  await fillSignIn(page, "lockable@portalscope.test", "a new lockable password");
  await expect(page).toHaveURL(/\/$/);
});

test("callbackUrl and returnUrl never send a browser to another site", async ({
  page,
  request,
}, testInfo) => {
  for (const target of [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
  ]) {
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(target)}`);
    await fillSignIn(page, OPERATORS.viewer.email, OPERATORS.viewer.password);
    await expect(page.getByTestId("signed-in-operator")).toBeVisible();
    expect(new URL(page.url()).host).toBe(new URL(testInfo.project.use.baseURL!).host);
    expect(new URL(page.url()).pathname).toBe("/");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
  }

  const signin = await request.get("/api/auth/signin?callbackUrl=https%3A%2F%2Fevil.example%2F", {
    maxRedirects: 0,
  });
  expect(signin.headers()["location"] ?? "").not.toContain("evil.example");

  const install = await request.get("/oauth/install?returnUrl=https%3A%2F%2Fevil.example%2F", {
    maxRedirects: 0,
  });
  expect(install.status()).toBe(302);
  expect(new URL(install.headers()["location"]!).pathname).toBe("/sandbox/oauth/authorize");
  expect(install.headers()["location"]).not.toContain("evil.example");
});

test("pages carry a Content-Security-Policy and the usual security headers", async ({
  page,
  browser,
}) => {
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toContain("default-src 'self'");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("object-src 'none'");
  expect(headers["content-security-policy"]).toContain("form-action 'self'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-powered-by"]).toBeUndefined();

  // The browser enforces it: a script from elsewhere is refused, and says so on the
  // console, which is what fixtures.ts watches on every page of the suite.
  const other = await browser.newContext({ storageState: ANONYMOUS });
  const probe = await other.newPage();
  await probe.goto("/sign-in");
  const refusal = probe.waitForEvent("console", (message) =>
    /Content Security Policy/.test(message.text()),
  );
  await probe.evaluate(() => {
    const script = document.createElement("script");
    script.src = "https://scripts.evil.example/steal.js";
    document.body.append(script);
  });
  expect((await refusal).text()).toContain("script-src");
  await other.close();
});
