import { readFileSync } from "node:fs";
import path from "node:path";

import { request, type APIResponse, type Browser, type TestInfo } from "@playwright/test";

import { ANONYMOUS, expect, recordAnswer, test } from "./fixtures";
import { OPERATORS, storageStateOf } from "./operators";
import { responseLogOf, serverOf } from "./servers";

/**
 * Every route and every server action in the build, as every kind of caller: nobody, an
 * operator whose session ended (a real, well-formed cookie of a disabled operator, which
 * proxy.ts lets through, so only the route's own check stands), and each role. A route or
 * action missing from the tables below fails the test: new ones must say who may use them.
 */

const ROLES = ["viewer", "support", "admin", "owner"] as const;
type Role = (typeof ROLES)[number];
const CALLERS = ["anonymous", "ended session", ...ROLES] as const;
type Caller = (typeof CALLERS)[number];

type Answer = "sign in" | 403 | number;

interface Access {
  /** The weakest role allowed. */
  min: Role;
  /** What an allowed caller gets; 404 where the route is fed an id that doesn't exist. */
  allowed?: number;
}

// No installation exists yet when this runs (install.spec.ts expects an empty dashboard),
// so routes with an id get one that matches nothing: allowed callers see 404.
const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";

const GUARDED_ROUTES: Record<string, Access> = {
  "/": { min: "viewer" },
  "/installations/[id]": { min: "viewer", allowed: 404 },
  "/bulk/[id]": { min: "viewer", allowed: 404 },
  "/api/bulk-resyncs/[id]": { min: "viewer", allowed: 404 },
  "/audit": { min: "admin" },
  "/disconnect/[installationId]": { min: "admin", allowed: 404 },
  "/settings/operators": { min: "owner" },
};

/** Public routes: what each caller gets, and where a redirect must lead. */
const PUBLIC_ROUTES: Record<
  string,
  { path: string; status: (caller: Caller) => number; location?: RegExp }
> = {
  // A signed-in operator is sent on to the dashboard.
  "/sign-in": {
    path: "/sign-in",
    status: (caller) => (isSignedIn(caller) ? 307 : 200),
    location: /^\/$/,
  },
  // Setup is over once an owner exists.
  "/setup": { path: "/setup", status: () => 307, location: /^\/sign-in$/ },
  "/oauth/install": {
    path: "/oauth/install",
    status: () => 302,
    location: /\/sandbox\/oauth\/authorize\?/,
  },
  "/oauth/callback": { path: "/oauth/callback", status: () => 400 },
  "/api/auth/[...nextauth]": { path: "/api/auth/providers", status: () => 200 },
};

const isSignedIn = (caller: Caller) => caller !== "anonymous" && caller !== "ended session";
// The rest of the sandbox plays HubSpot and has its own checks; Next's own error pages;
// the favicon, which every visitor may fetch.
const UNCHECKED_ROUTES = /^\/(sandbox\/|_not-found$|_global-error$|icon\.svg$)/;

const ACTIONS: Record<
  string,
  { min: Role | "public"; form: Record<string, string>; state?: object; answer?: Answer }
> = {
  signInWithPassword: {
    min: "public",
    form: { email: "x", password: "" },
    state: { error: null, email: "" },
  },
  signInWithOidc: { min: "public", form: {} },
  // Always ends on the sign-in page, signed in or not.
  signOutOperator: { min: "public", form: {}, answer: "sign in" },
  createFirstOwnerAction: { min: "public", form: {}, state: { error: null, email: "" } },
  resyncInstallationAction: {
    min: "support",
    form: { installationId: NO_SUCH_ID },
    state: { status: "idle", message: "" },
  },
  startBulkResyncAction: { min: "admin", form: { q: "matches-no-installation-at-all" } },
  cancelBulkResyncAction: { min: "admin", form: { bulkResyncId: NO_SUCH_ID } },
  revokeTokensAction: {
    min: "admin",
    form: { installationId: NO_SUCH_ID, confirmHubId: "1" },
    state: { status: "idle", message: "" },
  },
  uninstallAppAction: {
    min: "admin",
    form: { installationId: NO_SUCH_ID, confirmHubId: "1" },
    state: { status: "idle", message: "" },
  },
  createOperatorAction: {
    min: "owner",
    form: { email: "not-an-email" },
    state: { status: "idle", message: "" },
  },
  changeOperatorRoleAction: {
    min: "owner",
    form: { operatorId: NO_SUCH_ID, role: "viewer" },
    state: { status: "idle", message: "" },
  },
  setOperatorDisabledAction: {
    min: "owner",
    form: { operatorId: NO_SUCH_ID, disable: "true" },
    state: { status: "idle", message: "" },
  },
  resetOperatorPasswordAction: {
    min: "owner",
    form: { operatorId: NO_SUCH_ID, password: "x" },
    state: { status: "idle", message: "" },
  },
};

function expected(
  caller: Caller,
  access: { min: Role | "public"; allowed?: number; answer?: Answer },
): Answer {
  if (access.min === "public") return access.answer ?? 200;
  if (!isSignedIn(caller)) return "sign in";
  return ROLES.indexOf(caller) >= ROLES.indexOf(access.min) ? (access.allowed ?? 200) : 403;
}

/**
 * A caller's own API client. Roles sign in afresh: the matrix runs signOutOperator, which
 * ends the session it is called with, and the other specs' saved sessions must survive.
 */
async function callerContext(testInfo: TestInfo, browser: Browser, caller: Caller) {
  const baseURL = testInfo.project.use.baseURL;
  // Explicit: contexts made inside a test start from the test's options (an owner's session).
  if (caller === "anonymous")
    return request.newContext({ baseURL, storageState: ANONYMOUS, maxRedirects: 0 });
  if (caller === "ended session") {
    return request.newContext({
      baseURL,
      storageState: storageStateOf(testInfo, "leaver"),
      maxRedirects: 0,
    });
  }

  const signIn = await browser.newContext({ storageState: ANONYMOUS });
  const page = await signIn.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(OPERATORS[caller].email);
  await page.getByLabel("Password").fill(OPERATORS[caller].password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-operator")).toBeVisible();
  const storageState = await signIn.storageState();
  await signIn.close();
  return request.newContext({ baseURL, storageState, maxRedirects: 0 });
}

/** What a caller was told: "sign in" for a redirect to the sign-in page or a 401. */
function answerOf(response: APIResponse): Answer {
  const location = response.headers()["location"] ?? response.headers()["x-action-redirect"] ?? "";
  if (response.status() === 401 || /^(https?:\/\/[^/]+)?\/sign-in(\?|;|$)/.test(location))
    return "sign in";
  return response.status();
}

async function keep(testInfo: TestInfo, response: APIResponse) {
  const type = response.headers()["content-type"] ?? "";
  const body = /html|json|text|x-component/.test(type) ? await response.text() : "";
  recordAnswer(responseLogOf(serverOf(testInfo)), {
    url: response.url(),
    status: response.status(),
    headers: response.headers(),
    body,
  });
}

function concrete(route: string) {
  return route.replace(/\[[^\]]+\]/g, NO_SUCH_ID);
}

test("every route answers each caller as its role allows", async ({ browser }, testInfo) => {
  const built = Object.values(
    JSON.parse(readFileSync(path.join(".next", "app-path-routes-manifest.json"), "utf8")) as Record<
      string,
      string
    >,
  );
  const unlisted = built.filter(
    (route) =>
      !(route in GUARDED_ROUTES) && !(route in PUBLIC_ROUTES) && !UNCHECKED_ROUTES.test(route),
  );
  expect(unlisted, "routes that don't say who may use them").toEqual([]);

  const answers: string[] = [];
  const wanted: string[] = [];
  for (const caller of CALLERS) {
    const context = await callerContext(testInfo, browser, caller);
    for (const [route, access] of Object.entries(GUARDED_ROUTES)) {
      const response = await context.get(concrete(route));
      await keep(testInfo, response);
      answers.push(`${caller} ${route} → ${answerOf(response)}`);
      wanted.push(`${caller} ${route} → ${expected(caller, access)}`);
    }
    for (const [route, { path: target, status, location }] of Object.entries(PUBLIC_ROUTES)) {
      const response = await context.get(target);
      await keep(testInfo, response);
      const where = new URL(response.headers()["location"] ?? "/", "http://x").pathname;
      const search = new URL(response.headers()["location"] ?? "/", "http://x").search;
      const off =
        location &&
        response.status() < 400 &&
        response.status() >= 300 &&
        !location.test(`${where}${search}`);
      answers.push(
        `${caller} ${route} → ${response.status()}${off ? ` to ${where}${search}` : ""}`,
      );
      wanted.push(`${caller} ${route} → ${status(caller)}`);
    }
    await context.dispose();
  }
  expect(answers).toEqual(wanted);
});

test("every server action answers each caller as its role allows", async ({
  browser,
}, testInfo) => {
  const manifest = JSON.parse(
    readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as {
    node: Record<
      string,
      { workers: Record<string, unknown>; exportedName?: string; filename?: string }
    >;
  };
  const actions = Object.entries(manifest.node)
    // The sandbox's actions belong to the simulated HubSpot, which is public by design.
    .filter(([, entry]) => !/(^|\/)sandbox\//.test(entry.filename ?? ""))
    .map(([id, entry]) => ({
      id,
      name: entry.exportedName ?? id,
      // Actions are looked up in the bundle of a page that uses them.
      page: concrete(
        Object.keys(entry.workers)[0]!
          .replace(/^app/, "")
          .replace(/\/page$/, "") || "/",
      ),
    }))
    // Signing out ends the caller's session: last, so the other actions still see it.
    .sort((a, b) => Number(a.name === "signOutOperator") - Number(b.name === "signOutOperator"));
  const unlisted = actions.map(({ name }) => name).filter((name) => !(name in ACTIONS));
  expect(unlisted, "server actions that don't say who may use them").toEqual([]);
  expect(actions.length).toBeGreaterThanOrEqual(Object.keys(ACTIONS).length);

  const answers: string[] = [];
  const wanted: string[] = [];
  for (const caller of CALLERS) {
    const context = await callerContext(testInfo, browser, caller);
    for (const action of actions) {
      const spec = ACTIONS[action.name]!;
      const response = await context.post(action.page || "/", {
        headers: {
          "next-action": action.id,
          accept: "text/x-component",
          origin: testInfo.project.use.baseURL!,
        },
        multipart: replyOf(spec.form, spec.state),
      });
      await keep(testInfo, response);
      answers.push(`${caller} ${action.name} → ${answerOf(response)}`);
      wanted.push(`${caller} ${action.name} → ${expected(caller, spec)}`);
    }
    await context.dispose();
  }
  expect(answers).toEqual(wanted);
});

/**
 * The body React sends for a server action called with (state?, formData): the arguments
 * as JSON in field "0", with the form's fields prefixed by the form's reference number.
 */
function replyOf(form: Record<string, string>, state?: object) {
  const fields: Record<string, string> = { "0": JSON.stringify(state ? [state, "$K1"] : ["$K1"]) };
  for (const [key, value] of Object.entries(form)) fields[`1_${key}`] = value;
  return fields;
}
