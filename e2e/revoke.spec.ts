import type { Page } from "@playwright/test";

import { expect, test } from "./fixtures";
import { installPortal } from "./helpers";
import { OPERATORS, storageStateOf } from "./operators";

/**
 * An admin cuts Portalscope off from a portal: revoking its tokens, or uninstalling the app
 * through HubSpot (the sandbox here). Both ask for the hub id first, and both end up in
 * the audit log. The portal is reinstalled at the end, as other specs found it.
 */
test.describe.configure({ mode: "serial" });
test.use({
  storageState: async ({}, provide, testInfo) => provide(storageStateOf(testInfo, "admin")),
});

const HUB_ID = 21000002;
const INSTALLER = "zoe@buecher-zuerich.ch";

async function openDisconnectPage(page: Page) {
  await page.goto(`/?q=${HUB_ID}`);
  await page.getByTestId("installation-row").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/installations\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split("/").pop()!;
  await page.goto(`/disconnect/${id}`);
  return id;
}

async function confirmAndRun(page: Page, form: string, hubId: string) {
  const section = page.getByRole("form", { name: form });
  await section.getByLabel(/Type the hub id/).fill(hubId);
  await section.getByRole("button").click();
  return section.getByRole("status");
}

test.beforeAll(async ({ browser }, testInfo) => {
  const context = await browser.newContext({ storageState: storageStateOf(testInfo, "admin") });
  expect(await installPortal(await context.newPage(), INSTALLER, HUB_ID)).toBe(200);
  await context.close();
});

test.afterAll(async ({ browser }, testInfo) => {
  const context = await browser.newContext({ storageState: storageStateOf(testInfo, "admin") });
  expect(await installPortal(await context.newPage(), INSTALLER, HUB_ID)).toBe(200);
  await context.close();
});

test("revoking tokens needs the hub id typed in, and leaves the portal marked uninstalled", async ({
  page,
}) => {
  await openDisconnectPage(page);

  await expect(await confirmAndRun(page, "Revoke the tokens", "21000001")).toHaveText(
    `Type the hub id ${HUB_ID} to confirm.`,
  );
  await page.reload();
  await expect(page.getByText("Healthy")).toBeVisible();

  await expect(await confirmAndRun(page, "Revoke the tokens", String(HUB_ID))).toContainText(
    `Tokens revoked by ${OPERATORS.admin.email}`,
  );
  await page.reload();
  await expect(page.getByText("Uninstalled", { exact: true })).toBeVisible();

  // The dashboard says so too.
  await page.goto(`/?q=${HUB_ID}`);
  await expect(page.getByTestId("installation-row")).toContainText("Uninstalled");
});

test("uninstalling the app goes through HubSpot and is in the audit log", async ({ page }) => {
  expect(await installPortal(page, INSTALLER, HUB_ID)).toBe(200);
  await openDisconnectPage(page);

  await expect(
    await confirmAndRun(page, "Uninstall the app from this portal", String(HUB_ID)),
  ).toContainText(`Uninstalled from the portal by ${OPERATORS.admin.email}`);

  await page.goto("/audit");
  const rows = page.getByTestId("audit-row").filter({ hasText: `hub ${HUB_ID}` });
  await expect(rows.filter({ hasText: "Uninstalled the app" }).first()).toContainText(
    OPERATORS.admin.email,
  );
  await expect(rows.filter({ hasText: "Revoked tokens" }).first()).toContainText("ok");
});

test("support can look but not disconnect", async ({ browser, page }, testInfo) => {
  const id = await openDisconnectPage(page);
  const support = await browser.newContext({ storageState: storageStateOf(testInfo, "support") });
  const supportPage = await support.newPage();
  const response = await supportPage.goto(`/disconnect/${id}`);
  expect(response?.status()).toBe(403);
  await expect(supportPage.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await support.close();
});
