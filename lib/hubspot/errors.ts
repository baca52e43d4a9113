import type { HubSpotErrorBody } from "./schemas";

export type HubSpotErrorKind =
  /** HubSpot refused the request as such: a bad code, refresh token or client. */
  | "rejected"
  | "unauthorized"
  | "missing_scopes"
  | "not_found"
  | "rate_limited"
  | "server"
  | "timeout"
  | "network"
  /** HubSpot answered, but not with the shape it documents. */
  | "malformed";

const TRANSIENT: ReadonlySet<HubSpotErrorKind> = new Set([
  "rate_limited",
  "server",
  "timeout",
  "network",
  "malformed",
]);

/**
 * A failed HubSpot call. Its message is written for a person and never carries a token,
 * a code or a secret: only the operation, the status and HubSpot's own codes.
 */
export class HubSpotError extends Error {
  readonly kind: HubSpotErrorKind;
  readonly operation: string;
  readonly status?: number;
  /** HubSpot's `status` or RFC 6749 `error` code, e.g. BAD_AUTH_CODE or invalid_grant. */
  readonly code?: string;
  readonly category?: string;
  readonly correlationId?: string;
  readonly policyName?: string;
  readonly retryAfterMs?: number;

  constructor(init: {
    kind: HubSpotErrorKind;
    operation: string;
    message: string;
    status?: number;
    body?: HubSpotErrorBody;
    retryAfterMs?: number;
  }) {
    super(init.message);
    this.name = "HubSpotError";
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
    this.code =
      init.body?.status && init.body.status !== "error" ? init.body.status : init.body?.error;
    this.category = init.body?.category;
    this.correlationId = init.body?.correlationId;
    this.policyName = init.body?.policyName;
    this.retryAfterMs = init.retryAfterMs;
  }

  get transient() {
    return TRANSIENT.has(this.kind) && this.policyName !== "DAILY";
  }

  /** The refresh token is dead: the app was uninstalled or the grant revoked. */
  get isRevokedGrant() {
    return (
      this.kind === "rejected" &&
      (this.code === "BAD_REFRESH_TOKEN" || this.code === "invalid_grant")
    );
  }

  /** Safe, structured fields for logs and events. */
  toJSON() {
    return {
      kind: this.kind,
      operation: this.operation,
      status: this.status,
      // Not "code": the logger redacts that key everywhere, since OAuth codes travel in it.
      hubspotCode: this.code,
      category: this.category,
      correlationId: this.correlationId,
      policyName: this.policyName,
      message: this.message,
    };
  }
}

export function describeStatus(kind: HubSpotErrorKind, operation: string, status?: number) {
  switch (kind) {
    case "timeout":
      return `HubSpot did not answer ${operation} in time.`;
    case "network":
      return `HubSpot could not be reached for ${operation}.`;
    case "rate_limited":
      return `HubSpot rate-limited ${operation} (429).`;
    case "server":
      return `HubSpot failed while handling ${operation} (${status}).`;
    case "unauthorized":
      return `HubSpot refused the access token for ${operation} (401).`;
    case "missing_scopes":
      return `The app lacks a scope that ${operation} needs (403).`;
    case "not_found":
      return `HubSpot found nothing for ${operation} (404).`;
    default:
      return `HubSpot refused ${operation} (${status}).`;
  }
}
