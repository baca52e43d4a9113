import { mkdirSync } from "node:fs";
import path from "node:path";

import type { Browser, Page } from "@playwright/test";

import { ANONYMOUS, expect, test } from "./fixtures";
import { OPERATORS, storageStateOf, type TestOperator } from "./operators";
import { serverOf, setupTokenOf } from "./servers";

/**
 * First run, as a newcomer meets it: no operator exists, the dashboard asks for the first
 * owner behind the setup token from the server's log, and the owner then adds the team.
 * Each operator's signed-in browser state is saved for the specs (see operators.ts).
 */
test.describe.configure({ mode: "serial" });
test.use({ storageState: ANONYMOUS });

async function signIn(page: Page, who: TestOperator) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(OPERATORS[who].email);
  await page.getByLabel("Password").fill(OPERATORS[who].password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-operator")).toContainText(OPERATORS[who].name);
}

async function saveSignedIn(
  browser: Browser,
  who: TestOperator,
  testInfo: Parameters<Parameters<typeof test>[2]>[1],
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who);
  const file = storageStateOf(testInfo, who);
  mkdirSync(path.dirname(file), { recursive: true });
  await context.storageState({ path: file });
  await context.close();
}

test("with no operator, the dashboard asks for the first owner, guarded by the setup token", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the first owner" })).toBeVisible();

  const owner = OPERATORS.owner;
  const fill = async (token: string) => {
    // React empties the form after each attempt.
    await page.getByLabel("Setup token").fill(token);
    await page.getByLabel("Your email address").fill(owner.email);
    await page.getByLabel("Your name").fill(owner.name);
    await page.getByLabel("Password", { exact: false }).first().fill(owner.password);
    await page.getByLabel("The password again").fill(owner.password);
    await page.getByRole("button", { name: "Create the owner account" }).click();
  };

  await fill("not-the-token-from-the-log");
  await expect(page.locator("form").getByRole("alert")).toContainText("setup token is not valid");

  await fill(setupTokenOf(serverOf(testInfo)));
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("signed-in-operator")).toContainText("Olga Owner · owner");

  // The way in is closed once an owner exists: /setup sends everyone to sign in (and a
  // signed-in owner on to the dashboard).
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Installations" })).toBeVisible();
});

test("the owner adds the team on the operators page", async ({ browser }, testInfo) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "owner");
  await page.getByRole("link", { name: "Operators" }).click();

  const form = page.getByRole("form", { name: "Add an operator" });
  for (const who of ["admin", "support", "viewer", "leaver"] as const) {
    const role = who === "leaver" ? "viewer" : who;
    await form.getByLabel("Email address").fill(OPERATORS[who].email);
    await form.getByLabel("Name").fill(OPERATORS[who].name);
    await form.getByLabel("Role").selectOption(role);
    await form.getByLabel("First password").fill(OPERATORS[who].password);
    await form.getByRole("button", { name: "Add operator" }).click();
    await expect(form.getByRole("status")).toContainText(
      `Added ${OPERATORS[who].email} as ${role}`,
    );
  }
  await expect(page.getByTestId("operator-row")).toHaveCount(5);
  await context.close();

  for (const who of ["owner", "admin", "support", "viewer", "leaver"] as const) {
    await saveSignedIn(browser, who, testInfo);
  }
});

test("disabling an operator signs them out everywhere at once", async ({ browser }, testInfo) => {
  const leaver = await browser.newContext({ storageState: storageStateOf(testInfo, "leaver") });
  const leaverPage = await leaver.newPage();
  await leaverPage.goto("/");
  await expect(leaverPage.getByTestId("signed-in-operator")).toContainText("Lee Leaver");

  const owner = await browser.newContext({ storageState: storageStateOf(testInfo, "owner") });
  const page = await owner.newPage();
  await page.goto("/settings/operators");
  const row = page.getByTestId("operator-row").filter({ hasText: OPERATORS.leaver.email });
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row.getByRole("status")).toContainText("Disabled");

  // The leaver's cookie is still in the browser, and opens nothing.
  await leaverPage.goto("/");
  await expect(leaverPage).toHaveURL(/\/sign-in/);
  await leaverPage.getByLabel("Email address").fill(OPERATORS.leaver.email);
  await leaverPage.getByLabel("Password").fill(OPERATORS.leaver.password);
  await leaverPage.getByRole("button", { name: "Sign in" }).click();
  await expect(leaverPage.locator("form").getByRole("alert")).toContainText(
    "This operator is disabled",
  );
  await leaver.close();
  await owner.close();
});
