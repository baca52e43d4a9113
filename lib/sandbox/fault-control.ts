import "server-only";

import { z } from "zod";

import { logger } from "../logger";
import {
  clearSandboxFaults,
  listSandboxFaults,
  SandboxFaultError,
  setSandboxFault,
} from "./faults";
import { isSandboxMode } from "./mode";

/**
 * `/sandbox/control/faults`, a small JSON API over the fault store:
 * GET lists the faults; POST sets one (201 {fault}, or 200 {revokedGrants} for
 * `uninstalled`); DELETE clears them all, or `?id=` one, or `?hubId=` a portal's.
 */
export async function handleFaultControl(request: Request): Promise<Response> {
  if (!isSandboxMode()) return new Response(null, { status: 404 });

  switch (request.method) {
    case "GET":
      return Response.json({ faults: await listSandboxFaults() });
    case "POST":
      return addFault(request);
    case "DELETE":
      return removeFaults(request);
    default:
      return Response.json({ error: `${request.method} is not supported here` }, { status: 405 });
  }
}

async function addFault(request: Request) {
  let input: unknown;
  try {
    input = await request.json();
  } catch {
    return Response.json(
      { error: "The body must be a JSON object describing a fault." },
      { status: 400 },
    );
  }

  try {
    const result = await setSandboxFault(input);
    logger.info({ fault: result.fault?.kind ?? "uninstalled" }, "sandbox fault set");
    return Response.json(result, { status: result.fault ? 201 : 200 });
  } catch (error) {
    if (!(error instanceof SandboxFaultError)) throw error;
    return Response.json({ error: "invalid fault", issues: error.issues }, { status: 400 });
  }
}

const clearFilterSchema = z.object({
  id: z.string().min(1).optional(),
  hubId: z.coerce.number().int().positive().optional(),
});

async function removeFaults(request: Request) {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const filter = clearFilterSchema.safeParse(query);
  if (!filter.success) {
    return Response.json({ error: "hubId must be a hub id, id a fault id" }, { status: 400 });
  }
  return Response.json({ cleared: await clearSandboxFaults(filter.data) });
}
