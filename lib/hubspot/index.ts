import "server-only";

import { getConfig } from "../config";
import { createHubSpotClient, type HubSpotClient } from "./client";
import { createPortalLimiter } from "./portal-limiter";

let client: HubSpotClient | undefined;

/** The app's HubSpot client, pointed at HubSpot or at the built-in sandbox. */
export function getHubSpotClient(): HubSpotClient {
  if (client) return client;
  const { hubspot } = getConfig();
  client = createHubSpotClient({
    baseUrl: hubspot.apiBaseUrl,
    clientId: hubspot.clientId,
    clientSecret: hubspot.clientSecret,
    redirectUri: hubspot.redirectUri,
    tokenApi: hubspot.tokenApi,
    timeoutMs: hubspot.timeoutMs,
    beforeRequest: createPortalLimiter({
      limit: hubspot.rateLimitPerTenSeconds,
      intervalMs: 10_000,
    }),
  });
  return client;
}

export { HubSpotError } from "./errors";
export type { HubSpotClient } from "./client";
