/**
 * The client's address as the nearest proxy reports it, for audit entries. Only as
 * trustworthy as that proxy: without one, a client can write what it likes here.
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip")?.trim();
  return ip && /^[0-9a-f.:]{2,45}$/i.test(ip) ? ip : null;
}
