import { describe, expect, it } from "vitest";

import { safeReturnPath, signInPath } from "./return-path";

describe("callbackUrl after sign-in", () => {
  it.each([
    ["/", "/"],
    ["/audit?action=sign_in&page=2", "/audit?action=sign_in&page=2"],
    ["/installations/5e1c?tab=events#top", "/installations/5e1c?tab=events#top"],
    ["/?q=a%2Fb", "/?q=a%2Fb"],
  ])("keeps the path on this site %s", (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });

  it.each([
    "https://evil.example/",
    "http://localhost:3101.evil.example/",
    "//evil.example/path",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "data:text/html,hi",
    "evil.example",
    "",
    "/sign-in?callbackUrl=https://evil.example",
    "/setup",
    "/api/auth/signout",
  ])("refuses %s and goes to the dashboard instead", (value) => {
    const path = safeReturnPath(value);
    expect(path).toBe("/");
    expect(new URL(path, "http://portalscope.test").host).toBe("portalscope.test");
  });

  it("refuses what isn't a string", () => {
    expect(safeReturnPath(undefined)).toBe("/");
    expect(safeReturnPath(["/audit"])).toBe("/");
  });

  it("builds the sign-in link with the way back, only when there is somewhere to go back to", () => {
    expect(signInPath("/audit?page=2")).toBe("/sign-in?callbackUrl=%2Faudit%3Fpage%3D2");
    expect(signInPath("/")).toBe("/sign-in");
    expect(signInPath("https://evil.example")).toBe("/sign-in");
  });
});
