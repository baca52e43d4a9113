import { expect, test } from "./fixtures";

test("the home page answers and names the app", async ({ page }) => {
  const response = await page.goto("/");

  expect(response?.status()).toBe(200);
  await expect(page.locator("body")).toContainText("Portalscope");
});
