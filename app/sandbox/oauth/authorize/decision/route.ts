import { decideSandboxInstall } from "@/lib/sandbox/authorize";
import { isSandboxMode } from "@/lib/sandbox/mode";

export const dynamic = "force-dynamic";

/** Approve or Deny on the sandbox's consent page. */
export async function POST(request: Request) {
  if (!isSandboxMode()) return new Response(null, { status: 404 });
  return decideSandboxInstall(request);
}
