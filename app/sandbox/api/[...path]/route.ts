import { handleSandboxApi } from "@/lib/sandbox/api";

// The offline stand-in for HubSpot's API; it answers 404 when real credentials are set.
export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ path: string[] }>;
}

async function handle(request: Request, { params }: Context) {
  return handleSandboxApi(request, (await params).path);
}

export { handle as DELETE, handle as GET, handle as POST };
