import { handlers } from "@/lib/auth/next-auth";

export const dynamic = "force-dynamic";

export const { GET, POST } = handlers;
