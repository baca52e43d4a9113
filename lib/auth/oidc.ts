import "server-only";

import { recordAudit } from "../audit";
import type { OidcConfig } from "../config";
import type { Db } from "../db";
import { normalizeEmail } from "./throttle";

export interface OidcProfile {
  sub: string;
  email?: string | null;
  email_verified?: boolean | null;
  name?: string | null;
}

export type OidcOutcome =
  | { ok: true; operator: { id: string; email: string } }
  | { ok: false; reason: "no_operator" | "disabled" | "unverified_email" | "linked_elsewhere" };

/**
 * Finds the operator for someone the company's OpenID Connect provider vouches for: by
 * the provider's subject id once linked, else by verified email (and links it). Nobody
 * new gets in unless AUTH_OIDC_DEFAULT_ROLE names a role for them.
 */
export async function resolveOidcOperator(
  db: Db,
  oidc: OidcConfig,
  profile: OidcProfile,
  ip: string | null,
): Promise<OidcOutcome> {
  const subject = `${oidc.issuer}#${profile.sub}`;
  const email = profile.email ? normalizeEmail(profile.email) : "";
  const refuse = async (
    reason: Exclude<OidcOutcome, { ok: true }>["reason"],
    operatorId?: string,
  ) => {
    const actor = { operatorId: operatorId ?? null, label: email || `oidc:${profile.sub}` };
    await recordAudit(
      { action: "sign_in_failed", actor, outcome: reason, ip, details: { method: "oidc" } },
      db,
    );
    return { ok: false, reason } as const;
  };

  let operator = await db.operator.findUnique({ where: { oidcSubject: subject } });
  if (!operator) {
    // Some providers omit email_verified; only an explicit "not verified" is refused.
    if (!email || profile.email_verified === false) return refuse("unverified_email");
    const byEmail = await db.operator.findUnique({ where: { email } });
    if (byEmail?.oidcSubject) return refuse("linked_elsewhere", byEmail.id);
    if (byEmail) {
      operator = await db.operator.update({
        where: { id: byEmail.id },
        data: { oidcSubject: subject },
      });
    } else if (oidc.defaultRole) {
      operator = await db.operator.create({
        data: {
          email,
          name: profile.name?.trim() ?? "",
          role: oidc.defaultRole,
          oidcSubject: subject,
        },
      });
      await recordAudit(
        {
          action: "operator_create",
          actor: { operatorId: operator.id, label: `oidc:${oidc.name}` },
          target: email,
          ip,
          details: { role: oidc.defaultRole, method: "oidc" },
        },
        db,
      );
    } else {
      return refuse("no_operator");
    }
  }
  if (operator.disabledAt) return refuse("disabled", operator.id);

  await db.operator.update({ where: { id: operator.id }, data: { lastSignInAt: new Date() } });
  return { ok: true, operator: { id: operator.id, email: operator.email } };
}
