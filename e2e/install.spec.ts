// Signed in as the owner (see fixtures.ts); the install flow itself needs no sign-in.
import { expect, test } from "./fixtures";

import { approveAs, startInstall } from "./helpers";

/**
 * The install flow through the built-in sandbox, in a real browser, as a newcomer would
 * use it. Each project starts with an empty database, and these steps build on each other.
 */
test.describe.configure({ mode: "serial" });

test("the empty dashboard explains how to install the app", async ({ page }) => {
  await page.goto("/");
  await expect(
    page.getByRole("heading", { name: "No portal has installed the app yet" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Install the app" }).first()).toBeVisible();
});

test("installing a portal lands on a page that says what was connected", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Install the app" }).first().click();
  await expect(page.getByText(/offline sandbox/i).first()).toBeVisible();

  const callback = await approveAs(page, "ada@acme-widgets.com", 21000001);
  expect(callback.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "The app is connected" })).toBeVisible();
  await expect(page.getByText("21000001").first()).toBeVisible();
  await expect(page.getByText("acme-widgets.com", { exact: true })).toBeVisible();
  await expect(page.getByText(/Ada Lovelace/)).toBeVisible();
  await expect(page.getByRole("list", { name: "Granted scopes" })).toContainText(
    "settings.users.read",
  );

  await page.getByRole("link", { name: "Open the Portalscope dashboard" }).click();
  const row = page.getByTestId("installation-row").filter({ hasText: "acme-widgets.com" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Hub 21000001");
  await expect(row).toContainText("ada@acme-widgets.com");
  await expect(row).toContainText("Ada Lovelace");
  await expect(row.getByRole("list", { name: "Granted scopes" })).toContainText("oauth");
  await expect(row.locator("time").first()).toHaveAttribute(
    "title",
    /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/,
  );
});

test("awkward portals install too: EU data, non-ASCII names, no domain", async ({ page }) => {
  await startInstall(page);
  expect((await approveAs(page, "zoe@buecher-zuerich.ch", 21000002)).status()).toBe(200);
  await expect(page.getByText("Zoë Ølander-Müller")).toBeVisible();

  await startInstall(page);
  expect((await approveAs(page, "dev-test@example.org", 21000003)).status()).toBe(200);
  await expect(page.getByText("none on record")).toBeVisible();
  // This portal's tier lacks the CRM users product: HubSpot drops that optional scope.
  await expect(page.getByRole("list", { name: "Granted scopes" })).not.toContainText(
    "crm.objects.users.read",
  );
});

test("customer success finds a portal by email, domain or hub id, from a shareable URL", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.getByTestId("installation-row")).toHaveCount(3);

  const search = page.getByRole("searchbox", { name: "Search installations" });
  await search.fill("zoe@buecher");
  await expect(page).toHaveURL(/\?q=zoe%40buecher/);
  await expect(page.getByTestId("installation-row")).toHaveCount(1);
  await expect(page.getByTestId("installation-row")).toContainText("Hub 21000002");

  await search.fill("acme-widgets");
  await expect(page.getByTestId("installation-row")).toHaveCount(1);
  await expect(page.getByTestId("installation-row")).toContainText("ada@acme-widgets.com");

  await page.goto("/?q=21000003");
  await expect(page.getByRole("searchbox", { name: "Search installations" })).toHaveValue(
    "21000003",
  );
  await expect(page.getByTestId("installation-row")).toHaveCount(1);
  await expect(page.getByTestId("installation-row")).toContainText("dev-test@example.org");

  await page.goto("/?q=nobody-by-this-name");
  await expect(page.getByText("No installation matches “nobody-by-this-name”.")).toBeVisible();
  await page.getByRole("link", { name: "Clear the search" }).click();
  await expect(page.getByTestId("installation-row")).toHaveCount(3);
});

test("sorting happens through links a colleague can open", async ({ page }) => {
  await page.goto("/?sort=domain&dir=asc");
  const rows = page.getByTestId("installation-row");
  await expect(rows.first()).toContainText("no domain");
  await page.getByRole("link", { name: "Portal", exact: true }).click();
  // Descending is the default direction, so the link leaves it out.
  await expect(page).toHaveURL(/\/\?sort=domain$/);
  await expect(rows.last()).toContainText("no domain");
});

test("declining consent connects nothing and says so", async ({ page }) => {
  await startInstall(page);
  const callback = page.waitForResponse((response) => response.url().includes("/oauth/callback"));
  await page.getByRole("button", { name: "Deny" }).click();
  expect((await callback).status()).toBe(403);
  await expect(page.getByRole("heading", { name: "The app was not connected" })).toBeVisible();
  await page.goto("/");
  await expect(page.getByTestId("installation-row")).toHaveCount(3);
});

test("a tampered, reused or other browser's state is refused and writes nothing", async ({
  page,
  browser,
}) => {
  // Tampered: HubSpot sends back a state this server never issued.
  await startInstall(page);
  const consent = new URL(page.url());
  consent.searchParams.set("state", "forged-state-value");
  await page.goto(consent.toString());
  let callback = await approveAs(page, "jose.nunez@buecher-zuerich.ch", 21000002);
  expect(callback.status()).toBe(400);
  await expect(page.getByRole("heading", { name: /already used or is not ours/ })).toBeVisible();

  // Reused: replaying a callback URL that already succeeded.
  await startInstall(page);
  callback = await approveAs(page, "sean.obrien+sandbox@acme-widgets.com", 21000004);
  expect(callback.status()).toBe(200);
  const replay = await page.goto(callback.url());
  expect(replay?.status()).toBe(400);

  // Another browser: the consent link is finished in a browser that didn't start it.
  await startInstall(page);
  const stolen = page.url();
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(stolen);
  callback = await approveAs(otherPage, "jose.nunez@buecher-zuerich.ch", 21000002);
  expect(callback.status()).toBe(403);
  await expect(
    otherPage.getByRole("heading", { name: /started in another browser/ }),
  ).toBeVisible();
  await other.close();

  await page.goto("/?q=jose.nunez");
  await expect(page.getByText("No installation matches")).toBeVisible();
});

test("reinstalling from the same portal updates the installation instead of duplicating it", async ({
  page,
}) => {
  await startInstall(page);
  const callback = await approveAs(page, "grace+hubspot@acme-widgets.com", 21000001);
  expect(callback.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "The app was reconnected" })).toBeVisible();

  await page.goto("/?q=21000001");
  const rows = page.getByTestId("installation-row");
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText("grace+hubspot@acme-widgets.com");
  await expect(rows).toContainText("Grace Hopper");
  await page.goto("/?q=grace%2Bhubspot");
  await expect(rows).toHaveCount(1);
});

test("no token, secret or code reaches the pages", async ({ page }) => {
  await page.goto("/");
  const html = await page.content();
  expect(html).not.toMatch(
    /access_token|refresh_token|client_secret|portalscope-sandbox-secret|na1-[A-Za-z0-9_-]{10,}/,
  );
});
