import type { AppConfig } from "../config";

/** HubSpot's consent page URL: spaces in scope lists are %20-encoded, never `+`. */
export function buildAuthorizeUrl(hubspot: AppConfig["hubspot"], state: string) {
  const query: Array<[string, string]> = [
    ["client_id", hubspot.clientId],
    ["scope", hubspot.requiredScopes.join(" ")],
    ...(hubspot.optionalScopes.length
      ? [["optional_scope", hubspot.optionalScopes.join(" ")] as [string, string]]
      : []),
    ["redirect_uri", hubspot.redirectUri],
    ["state", state],
  ];
  const encoded = query.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join("&");
  return `${hubspot.authorizeUrl}?${encoded}`;
}
