import { NextResponse } from "next/server";
import { z } from "zod";

import { authorize } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { getBulkResync, toBulkResyncView } from "@/lib/sync/bulk";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  await authorize("viewer");
  const id = z.uuid().safeParse((await context.params).id);
  if (!id.success) return NextResponse.json({ error: "No such bulk re-sync." }, { status: 404 });

  const run = await getBulkResync(getDb(), id.data);
  if (!run) return NextResponse.json({ error: "No such bulk re-sync." }, { status: 404 });
  return NextResponse.json(toBulkResyncView(run), { headers: { "cache-control": "no-store" } });
}
