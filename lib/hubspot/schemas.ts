import { z } from "zod";

/**
 * Schemas for every HubSpot answer the app reads. HubSpot adds fields over time, so
 * unknown keys are ignored; the fields we rely on are checked, and a missing one is an
 * error with a clear message rather than a half-filled row.
 */

const hubId = z.number().int().positive();
const userId = z.number().int().positive();
const scopeArray = z.array(z.string().min(1));

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string().min(1),
  token_use: z.string().optional(),
  hub_id: hubId.optional(),
  scopes: scopeArray.optional(),
  user_id: userId.optional(),
});

// Whether a refresh hands back a new refresh token is not documented: accept either.
export const refreshResponseSchema = tokenResponseSchema.extend({
  refresh_token: z.string().min(1).optional(),
});

export const inactiveTokenSchema = z.object({ active: z.literal(false) });

const signedAccessTokenSchema = z
  .object({
    installingUserId: z.number().int().optional(),
    appInstallId: z.string().optional(),
    hublet: z.string().optional(),
    userId: z.number().int().optional(),
  })
  .optional();

// The v1 GET endpoints answer the same metadata without `active`, and each leaves out one
// of `app_id` (refresh tokens) and `client_id` (access tokens).
const tokenInfoBase = z.object({
  active: z.literal(true).optional(),
  token_type: z.string().min(1),
  token_use: z.string().optional(),
  hub_id: hubId,
  hub_domain: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  user_id: userId,
  app_id: z.number().int().positive().optional(),
  client_id: z.string().min(1).optional(),
  scopes: scopeArray,
  is_private_distribution: z.boolean().optional(),
});

export const accessTokenInfoSchema = tokenInfoBase.extend({
  expires_in: z.number().int(),
  signed_access_token: signedAccessTokenSchema,
});

export const refreshTokenInfoSchema = tokenInfoBase;

export const hubSpotUserSchema = z.object({
  id: z.string().min(1),
  email: z.string().min(1),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  roleId: z.string().optional(),
  roleIds: z.array(z.string()).default([]),
  superAdmin: z.boolean(),
  primaryTeamId: z.string().optional(),
  secondaryTeamIds: z.array(z.string()).default([]),
});

export const teamsSchema = z.object({
  results: z.array(z.object({ id: z.string().min(1), name: z.string() })),
});

export const accountDetailsSchema = z.object({
  portalId: hubId,
  accountType: z.string().min(1),
  timeZone: z.string().min(1),
  companyCurrency: z.string().min(1),
  additionalCurrencies: z.array(z.string()).default([]),
  utcOffset: z.string().optional(),
  utcOffsetMilliseconds: z.number().optional(),
  uiDomain: z.string().min(1),
  dataHostingLocation: z.string().min(1),
});

export const crmUserSchema = z.object({
  id: z.string().min(1),
  properties: z.record(z.string(), z.string().nullable()).default({}),
});

export const workingHoursSchema = z.array(
  z.object({
    days: z.string(),
    startMinute: z.number().int(),
    endMinute: z.number().int(),
  }),
);

/** Every field of HubSpot's error bodies is optional in practice. */
export const hubSpotErrorBodySchema = z
  .object({
    status: z.string().optional(),
    message: z.string().optional(),
    error: z.string().optional(),
    error_description: z.string().optional(),
    category: z.string().optional(),
    subCategory: z.string().optional(),
    correlationId: z.string().optional(),
    policyName: z.string().optional(),
    errorType: z.string().optional(),
  })
  .partial();

export type TokenResponse = z.infer<typeof tokenResponseSchema>;
export type RefreshResponse = z.infer<typeof refreshResponseSchema>;
export type AccessTokenInfo = z.infer<typeof accessTokenInfoSchema>;
export type RefreshTokenInfo = z.infer<typeof refreshTokenInfoSchema>;
export type HubSpotUser = z.infer<typeof hubSpotUserSchema>;
export type AccountDetails = z.infer<typeof accountDetailsSchema>;
export type HubSpotErrorBody = z.infer<typeof hubSpotErrorBodySchema>;
