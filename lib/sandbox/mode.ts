import "server-only";

import { getConfig } from "../config";

/** The sandbox exists only while no real HubSpot credentials are configured. */
export function isSandboxMode() {
  return getConfig().hubspot.mode === "sandbox";
}
