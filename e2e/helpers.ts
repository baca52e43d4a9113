import { expect, type Page } from "@playwright/test";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Opens the app's install link and waits for the sandbox's consent page. */
export async function startInstall(page: Page) {
  await page.goto("/oauth/install");
  await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
}

/** Picks a seeded portal and user on the consent page and approves; resolves with the callback. */
export async function approveAs(page: Page, email: string, hubId: number) {
  const label = new RegExp(`${escapeRegExp(email)}.*${hubId}|${hubId}.*${escapeRegExp(email)}`);
  await page.getByRole("radio", { name: label }).check();
  const callback = page.waitForResponse((response) => response.url().includes("/oauth/callback"));
  await page.getByRole("button", { name: "Approve" }).click();
  return callback;
}

/** A full install through the sandbox; returns the callback's status. */
export async function installPortal(page: Page, email: string, hubId: number) {
  await startInstall(page);
  const callback = await approveAs(page, email, hubId);
  return callback.status();
}
