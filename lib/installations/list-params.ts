import { z } from "zod";

/** The dashboard's URL state. Anything malformed falls back to a default, never to an error. */

export const SORT_KEYS = [
  "installed",
  "synced",
  "expires",
  "hub",
  "domain",
  "user",
  "email",
] as const;
export const PAGE_SIZES = [10, 25, 50, 100] as const;

export const HEALTH_FILTERS = [
  "HEALTHY",
  "ACCESS_TOKEN_EXPIRED",
  "DEGRADED",
  "MISSING_SCOPES",
  "UNINSTALLED",
] as const;

export type SortKey = (typeof SORT_KEYS)[number];
export type HealthFilter = (typeof HEALTH_FILTERS)[number];

export const listParamsSchema = z.object({
  // Control characters can't be in a domain, an email or a name (PostgreSQL refuses NUL);
  // an overlong search is cut, not dropped, so it never silently widens to "everything".
  q: z
    .string()
    .transform((value) =>
      value
        .replace(/[\u0000-\u001f\u007f]/g, "")
        .trim()
        .slice(0, 200),
    )
    .catch("")
    .default(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  size: z.coerce
    .number()
    .int()
    .refine((value) => (PAGE_SIZES as readonly number[]).includes(value))
    .catch(25)
    .default(25),
  sort: z.enum(SORT_KEYS).catch("installed").default("installed"),
  dir: z.enum(["asc", "desc"]).catch("desc").default("desc"),
  health: z.enum(HEALTH_FILTERS).optional().catch(undefined),
});

export type ListParams = z.infer<typeof listParamsSchema>;

export function parseListParams(raw: Record<string, string | string[] | undefined>): ListParams {
  const single = Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
  return listParamsSchema.parse(single);
}

const DEFAULTS = listParamsSchema.parse({});

/** A dashboard URL for these params, leaving defaults out so links stay short. */
export function listHref(params: ListParams, change: Partial<ListParams> = {}) {
  const next = { ...params, ...change };
  const search = new URLSearchParams();
  for (const key of ["q", "health", "sort", "dir", "size", "page"] as const) {
    const value = next[key];
    if (value !== undefined && value !== DEFAULTS[key] && value !== "")
      search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `/?${query}` : "/";
}
