import { expect, test } from "./fixtures";

import { installPortal } from "./helpers";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  expect(await installPortal(page, "sean.obrien+sandbox@acme-widgets.com", 21000004)).toBe(200);
  await page.close();
});

test("the installation's page shows the portal, the installing user, scopes and a timeline", async ({
  page,
}) => {
  await page.goto("/?q=21000004");
  await page.getByRole("link", { name: "staging.acme-widgets.com" }).click();
  await expect(page).toHaveURL(/\/installations\/[0-9a-f-]{36}$/);

  const portal = page.getByRole("region", { name: "Portal" });
  await expect(portal).toContainText("SANDBOX");
  await expect(portal).toContainText("America/Los_Angeles");
  const user = page.getByRole("region", { name: "Installing user" });
  await expect(user).toContainText("Seán O'Brien");
  await expect(user).toContainText("RevOps Engineer");
  await expect(user).toContainText("Monday to Friday 08:00–17:00");
  const scopes = page.getByRole("region", { name: "Scopes" });
  await expect(scopes.getByRole("row", { name: /settings\.users\.read/ })).toContainText("granted");
  await expect(page.getByRole("list", { name: "Installation events" })).toContainText(
    /Installed|Reinstalled/,
  );
});

test("the re-sync button shows progress and then what happened", async ({ page }) => {
  await page.goto("/?q=21000004");
  await page.getByRole("link", { name: "staging.acme-widgets.com" }).click();
  await expect(page).toHaveURL(/\/installations\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  const events = page.getByTestId("event");
  const before = await events.count();

  await page.getByRole("button", { name: "Re-sync", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /up to date/ })).toBeVisible();
  await page.reload();
  await expect(events).toHaveCount(before + 1);
  await expect(events.first()).toContainText("Re-synced");
  await expect(page.getByTestId("health-reason")).toContainText("up to date");
});

test("a row's re-sync button works from the table", async ({ page }) => {
  await page.goto("/?q=21000004");
  await page.getByRole("button", { name: "Re-sync this installation" }).click();
  await expect(page.getByTestId("installation-row").getByRole("status")).toContainText(
    /up to date/,
  );
});

test("a bulk re-sync of a search shows live progress and a summary", async ({ page }) => {
  await page.goto("/?q=21000004");
  await page.getByRole("button", { name: "Re-sync 1 installation" }).click();
  await expect(page.getByRole("dialog")).toContainText(
    "Re-sync the 1 installation this view selects?",
  );
  await page.getByRole("button", { name: "Start the re-sync" }).click();

  await expect(page).toHaveURL(/\/bulk\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Finished" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("bulk-summary")).toHaveText(
    "1 of 1 done: 1 synced, 0 failed, 0 skipped.",
  );
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "1");
});
