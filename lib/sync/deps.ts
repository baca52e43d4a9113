import { getConfig } from "../config";
import { getDb } from "../db";
import { getHubSpotClient } from "../hubspot";
import type { ResyncDeps } from "./resync";

export function getResyncDeps(): ResyncDeps {
  const config = getConfig();
  return {
    db: getDb(),
    hubspot: getHubSpotClient(),
    tokenKey: config.tokenKey(),
    requiredScopes: config.hubspot.requiredScopes,
  };
}
