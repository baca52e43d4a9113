import type { NextRequest } from "next/server";
import { z } from "zod";

import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { getHubSpotClient, HubSpotError } from "@/lib/hubspot";
import { deniedPage, failurePage, statePage, successPage } from "@/lib/install/callback-outcomes";
import { completeInstall } from "@/lib/install/complete-install";
import { renderResultPage } from "@/lib/install/result-page";
import { consumeInstallState, STATE_COOKIE } from "@/lib/install/state";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";

const callbackQuerySchema = z.object({
  code: z.string().min(1).max(2048).optional(),
  error: z.string().min(1).max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

export async function GET(request: NextRequest) {
  const first = (key: string) => request.nextUrl.searchParams.get(key) ?? undefined;
  // Each field on its own: one oversized value must not hide a valid state.
  const field = <K extends keyof typeof callbackQuerySchema.shape>(key: K) => {
    const parsed = callbackQuerySchema.shape[key].safeParse(first(key));
    return parsed.success ? parsed.data : undefined;
  };
  const query = {
    code: field("code"),
    state: first("state"),
    error: field("error"),
    error_description: field("error_description"),
  };
  const db = getDb();

  const check = await consumeInstallState(
    db,
    query.state,
    request.cookies.get(STATE_COOKIE)?.value,
  );
  if (!check.ok) {
    logger.warn({ problem: check.problem }, "install callback refused: state");
    return finish(statePage(check.problem));
  }
  if (query.error || !query.code) {
    logger.info({ error: query.error ?? "no_code" }, "install callback without a code");
    return finish(deniedPage(query.error ?? "missing_code", query.error_description));
  }

  const config = getConfig();
  try {
    const outcome = await completeInstall(
      {
        db,
        hubspot: getHubSpotClient(),
        tokenKey: config.tokenKey(),
        clientId: config.hubspot.clientId,
        appId: config.hubspot.appId,
        requiredScopes: config.hubspot.requiredScopes,
      },
      query.code,
    );
    logger.info(
      {
        hubId: outcome.hubId,
        installationId: outcome.installationId,
        reinstall: outcome.reinstall,
      },
      "install completed",
    );
    return finish(successPage(outcome));
  } catch (error) {
    const fields = error instanceof HubSpotError ? { hubspot: error.toJSON() } : { err: error };
    logger.error(fields, "install failed");
    return finish(failurePage(error));
  }
}

function finish(page: Parameters<typeof renderResultPage>[0]) {
  const response = renderResultPage(page);
  // The browser key is single use, like the state it guards.
  response.headers.append(
    "set-cookie",
    `${STATE_COOKIE}=; Path=/oauth; Max-Age=0; HttpOnly; SameSite=Lax`,
  );
  return response;
}
