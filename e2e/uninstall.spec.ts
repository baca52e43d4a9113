import { expect, test } from "./fixtures";
import { installPortal } from "./helpers";

test("an uninstall is detected on re-sync, and a reinstall brings the installation back", async ({
  page,
}) => {
  expect(await installPortal(page, "dev-test@example.org", 21000003)).toBe(200);
  await page.goto("/?q=21000003");
  await page.getByRole("link", { name: "no domain" }).click();
  await expect(page).toHaveURL(/\/installations\/[0-9a-f-]{36}$/);
  const detail = page.url();

  // The customer uninstalls the app: HubSpot revokes its tokens.
  const uninstall = await page.request.post("/sandbox/control/faults", {
    data: { kind: "uninstalled", hubId: 21000003 },
  });
  expect(uninstall.ok()).toBe(true);

  await page.getByRole("button", { name: "Re-sync", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /Uninstalled/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("region", { name: "Token health" })).toContainText("Uninstalled");
  // Nothing was deleted: the portal and its installing user are still there.
  await expect(page.getByRole("region", { name: "Installing user" })).toContainText(
    "dev-test@example.org",
  );

  expect(await installPortal(page, "dev-test@example.org", 21000003)).toBe(200);
  await expect(page.getByRole("heading", { name: "The app was reconnected" })).toBeVisible();
  await page.goto(detail);
  await expect(page.getByRole("region", { name: "Token health" })).toContainText("Healthy");
  const timeline = page.getByRole("list", { name: "Installation events" });
  await expect(timeline).toContainText("Uninstall detected");
  await expect(timeline).toContainText("Reinstalled");
});
