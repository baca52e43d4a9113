import { handleFaultControl } from "@/lib/sandbox/fault-control";

export const dynamic = "force-dynamic";

// The sandbox's fault switches, for scripts and benchmarks; 404 when HubSpot is live.
export { handleFaultControl as DELETE, handleFaultControl as GET, handleFaultControl as POST };
