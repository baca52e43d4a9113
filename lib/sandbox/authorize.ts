import "server-only";

import { z } from "zod";

import { getConfig } from "../config";
import { createAuthorizationCode } from "./grants";
import {
  isKnownScope,
  listGrantedScopes,
  listMissingRequiredScopes,
  parseScopeList,
} from "./scopes";
import { getSandboxPortal, getSandboxUser } from "./seed";

/**
 * The sandbox's install consent, HubSpot's `/oauth/authorize`: the query is checked as
 * HubSpot checks it, and every problem is shown on the sandbox's own page. The app's
 * callback only ever sees a code or an `error=access_denied`.
 */

// A repeated parameter arrives as an array and fails here, like any other malformed value.
export const authorizeQuerySchema = z.object({
  client_id: z.string().optional(),
  redirect_uri: z.string().optional(),
  scope: z.string().optional(),
  optional_scope: z.string().optional(),
  state: z.string().optional(),
});

export const AUTHORIZE_QUERY_FIELDS = Object.keys(authorizeQuerySchema.shape) as (
  "client_id" | "redirect_uri" | "scope" | "optional_scope" | "state"
)[];

export interface InstallRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  optionalScopes: string[];
  state: string | undefined;
}

export type AuthorizeCheck =
  { ok: true; install: InstallRequest } | { ok: false; problem: string; detail: string };

function problem(problem: string, detail: string): AuthorizeCheck {
  return { ok: false, problem, detail };
}

export function checkAuthorizeRequest(input: unknown): AuthorizeCheck {
  const parsed = authorizeQuerySchema.safeParse(input);
  if (!parsed.success) {
    return problem("This install link is malformed", "A parameter appears more than once.");
  }

  const query = parsed.data;
  const { hubspot } = getConfig();
  if (query.client_id !== hubspot.clientId) {
    return problem(
      "This app's client ID is not valid",
      "The install link's client_id does not name an app that exists in this sandbox.",
    );
  }
  // Byte for byte, as HubSpot compares it: no normalising of case, slashes or encoding.
  if (query.redirect_uri !== hubspot.redirectUri) {
    return problem(
      "The redirect URL does not match",
      "The install link's redirect_uri is not the redirect URL configured for this app.",
    );
  }

  const scopes = parseScopeList(query.scope);
  const optionalScopes = parseScopeList(query.optional_scope);
  if (scopes.length === 0) {
    return problem(
      "This install link asks for no scopes",
      "The scope parameter is missing or empty.",
    );
  }
  const unknown = [...scopes, ...optionalScopes].filter((scope) => !isKnownScope(scope));
  if (unknown.length) {
    return problem(
      "This install link asks for scopes that don't exist",
      `Unknown scopes: ${unknown.join(", ")}.`,
    );
  }

  return {
    ok: true,
    install: {
      clientId: query.client_id,
      redirectUri: query.redirect_uri,
      scopes,
      optionalScopes: optionalScopes.filter((scope) => !scopes.includes(scope)),
      state: query.state,
    },
  };
}

/** The consent page's choice of portal and installing user: `hubId:userId`. */
export const installingUserChoiceSchema = z
  .string()
  .regex(/^\d+:\d+$/)
  .transform((value) => {
    const [hubId, userId] = value.split(":").map(Number);
    return { hubId: hubId!, userId: userId! };
  });

/** Why an approval went nowhere; the consent page words each one. */
export type ApproveProblem =
  "invalid-request" | "choose-installing-user" | "missing-required-scopes";

export type DecisionOutcome = { location: string } | { problem: ApproveProblem };

/**
 * Approve: a single-use code for the chosen portal and user, bound to the client and
 * redirect URL, carrying the required scopes and the optional ones the portal's tier has.
 */
export async function approveInstall(query: unknown, choice: unknown): Promise<DecisionOutcome> {
  const check = checkAuthorizeRequest(query);
  if (!check.ok) return { problem: "invalid-request" };

  const picked = installingUserChoiceSchema.safeParse(choice);
  const portal = picked.success ? getSandboxPortal(picked.data.hubId) : undefined;
  const user = picked.success ? getSandboxUser(picked.data.hubId, picked.data.userId) : undefined;
  if (!portal || !user) return { problem: "choose-installing-user" };

  const { install } = check;
  if (listMissingRequiredScopes(portal, install.scopes).length) {
    return { problem: "missing-required-scopes" };
  }

  const code = await createAuthorizationCode({
    hubId: portal.hubId,
    userId: user.id,
    scopes: listGrantedScopes(portal, install.scopes, install.optionalScopes),
    clientId: install.clientId,
    redirectUri: install.redirectUri,
    hublet: portal.dataHostingLocation,
  });
  return { location: callbackUrl(install, { code }) };
}

/** Deny: back to the app with `error=access_denied`, and nothing granted. */
export function denyInstall(query: unknown): DecisionOutcome {
  const check = checkAuthorizeRequest(query);
  if (!check.ok) return { problem: "invalid-request" };
  return {
    location: callbackUrl(check.install, {
      error: "access_denied",
      error_description: "The user denied the request to install the app.",
    }),
  };
}

function callbackUrl(install: InstallRequest, fields: Record<string, string>) {
  const url = new URL(install.redirectUri);
  for (const [name, value] of Object.entries(fields)) url.searchParams.set(name, value);
  if (install.state !== undefined) url.searchParams.set("state", install.state);
  return url.toString();
}

const decisionSchema = z.enum(["approve", "deny"]);

/**
 * The consent form's POST. It answers with a 303 the browser follows itself: a server
 * action's redirect would have Next fetch the app's callback once on the server (to
 * stream it) and once more in the browser, spending the code and the state on the first.
 */
export async function decideSandboxInstall(request: Request) {
  // A hand-made request may carry any body: only a form is a decision.
  const form = await request.formData().catch(() => null);
  if (!form) {
    return new Response("The consent decision must be a form post.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const query = Object.fromEntries(AUTHORIZE_QUERY_FIELDS.map((name) => [name, text(name)]));
  const decision = decisionSchema.safeParse(text("decision"));

  const outcome: DecisionOutcome = !decision.success
    ? { problem: "invalid-request" }
    : decision.data === "approve"
      ? await approveInstall(query, text("installingUser"))
      : denyInstall(query);
  if ("location" in outcome) return seeOther(outcome.location);

  const back = new URL(getConfig().hubspot.authorizeUrl);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) back.searchParams.set(name, value);
  }
  back.searchParams.set("sandbox_notice", outcome.problem);
  return seeOther(back.toString());
}

function seeOther(location: string) {
  return new Response(null, {
    status: 303,
    headers: { Location: location, "Cache-Control": "no-store" },
  });
}
