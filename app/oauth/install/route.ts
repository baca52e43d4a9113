import { NextResponse } from "next/server";

import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { buildAuthorizeUrl } from "@/lib/install/authorize-url";
import { createInstallState, STATE_COOKIE, STATE_TTL_MS } from "@/lib/install/state";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";

/**
 * Starts an install: remembers a fresh state and sends the browser to HubSpot's consent
 * page. Marketplace installs may add `step` or `returnUrl`; neither is needed here, and
 * a returnUrl is never followed, so it cannot become an open redirect.
 */
export async function GET() {
  const config = getConfig();
  const { state, browserKey } = await createInstallState(getDb());

  const response = NextResponse.redirect(buildAuthorizeUrl(config.hubspot, state), 302);
  response.headers.set("cache-control", "no-store");
  response.cookies.set(STATE_COOKIE, browserKey, {
    httpOnly: true,
    sameSite: "lax", // sent on the top-level GET back from HubSpot, not on cross-site posts
    secure: config.appUrl.startsWith("https://"),
    path: "/oauth",
    maxAge: STATE_TTL_MS / 1000,
  });
  logger.info({ mode: config.hubspot.mode }, "install started");
  return response;
}
