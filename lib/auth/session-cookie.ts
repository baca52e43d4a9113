import "server-only";

import { getToken } from "next-auth/jwt";
import { headers } from "next/headers";

import { getConfig } from "../config";

/**
 * The session id from this request's session cookie: a JWT that next-auth encrypted with
 * AUTH_SECRET and that names an operator_session row. null when the cookie is absent,
 * expired, or not ours.
 */
export async function readSessionId(): Promise<string | null> {
  const config = getConfig();
  const token = await getToken({
    req: { headers: await headers() },
    secret: config.auth.secret(),
    secureCookie: config.auth.secureCookies,
    // next-auth's errors would otherwise go to the console; a bad cookie is just no session.
    logger: { error: () => {}, warn: () => {}, debug: () => {} },
  });
  return typeof token?.sid === "string" ? token.sid : null;
}
