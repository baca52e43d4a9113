import { HubSpotError } from "../hubspot/errors";
import { InstallError, type InstallOutcome } from "./complete-install";
import type { ResultPage } from "./result-page";
import type { StateProblem } from "./state";

/** Maps every way a callback can end to the page the installer sees. */

const STATE_PAGES: Record<StateProblem, Omit<ResultPage, "tone">> = {
  missing: {
    status: 400,
    title: "This install link is incomplete",
    message: "HubSpot sent the browser back without the install's state, so nothing was connected.",
    retry: true,
  },
  unknown: {
    status: 400,
    title: "This install link was already used or is not ours",
    message: "Each install link works once. Nothing was connected; start the install again.",
    retry: true,
  },
  expired: {
    status: 400,
    title: "This install link has expired",
    message: "Install links last ten minutes. Nothing was connected; start the install again.",
    retry: true,
  },
  other_browser: {
    status: 403,
    title: "This install was started in another browser",
    message:
      "For your security, an install must finish in the browser that started it. Nothing was connected.",
    retry: true,
  },
};

export function statePage(problem: StateProblem): ResultPage {
  return { ...STATE_PAGES[problem], tone: "error" };
}

export function deniedPage(error: string, description: string | undefined): ResultPage {
  const denied = error === "access_denied";
  return {
    status: denied ? 403 : 400,
    tone: "error",
    title: denied ? "The app was not connected" : "HubSpot could not connect the app",
    message: denied
      ? "Access was declined on HubSpot's consent page, so nothing was connected."
      : `HubSpot reported a problem (${error}${description ? `: ${description}` : ""}). Nothing was connected.`,
    retry: true,
  };
}

export function successPage(outcome: InstallOutcome): ResultPage {
  return {
    status: 200,
    tone: "success",
    title: outcome.reinstall ? "The app was reconnected" : "The app is connected",
    message: `Portalscope can now see portal ${outcome.hubId}.`,
    facts: [
      ["Portal", String(outcome.hubId)],
      ["Domain", outcome.domain ?? "none on record"],
      [
        "Installed by",
        [outcome.userName, outcome.userEmail].filter(Boolean).join(" · ") || "unknown",
      ],
    ],
    scopes: outcome.scopes,
  };
}

export function failurePage(error: unknown): ResultPage {
  if (error instanceof InstallError) {
    return {
      status: 502,
      tone: "error",
      title: "HubSpot's answer did not add up",
      message: `${error.message} Nothing was connected.`,
      retry: true,
    };
  }
  if (!(error instanceof HubSpotError)) {
    return {
      status: 500,
      tone: "error",
      title: "Something went wrong",
      message:
        "The install could not be completed and nothing was connected. The error has been logged.",
      retry: true,
    };
  }

  const base = { tone: "error" as const, retry: true };
  switch (error.kind) {
    case "rejected":
      return error.operation === "the authorization code exchange"
        ? {
            ...base,
            status: 400,
            title: "HubSpot refused the install code",
            message:
              "The code from HubSpot was already used, has expired, or was not issued to this app. Nothing was connected; start the install again.",
          }
        : {
            ...base,
            status: 502,
            title: "HubSpot refused a request",
            message: `${error.message} Nothing was connected.`,
          };
    case "timeout":
      return {
        ...base,
        status: 504,
        title: "HubSpot did not answer in time",
        message: `${error.message} Nothing was connected; please try again.`,
      };
    case "rate_limited":
      return {
        ...base,
        status: 503,
        title: "HubSpot is busy",
        message: "HubSpot asked us to slow down. Nothing was connected; try again in a minute.",
        headers: { "retry-after": "60" },
      };
    default:
      return {
        ...base,
        status: 502,
        title: "HubSpot could not complete the install",
        message: `${error.message} Nothing was connected; please try again.`,
      };
  }
}
