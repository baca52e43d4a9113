import path from "node:path";

import type { TestInfo } from "@playwright/test";

import { serverOf } from "./servers";

/**
 * The operators the browser tests sign in as. auth.setup.ts creates them through the
 * app itself (first-run setup, then the owner's operators page) and saves each one's
 * signed-in browser state. "leaver" is signed in and then disabled: its saved cookie is
 * well-formed but must open nothing.
 */
export const OPERATORS = {
  owner: {
    email: "olga.owner@portalscope.test",
    name: "Olga Owner",
    password: "owner password for e2e 1",
  },
  admin: {
    email: "adam.admin@portalscope.test",
    name: "Adam Admin",
    password: "admin password for e2e 2",
  },
  support: {
    email: "sam.support@portalscope.test",
    name: "Sam Support",
    password: "support password for e2e 3",
  },
  viewer: {
    email: "vera.viewer@portalscope.test",
    name: "Vera Viewer",
    password: "viewer password for e2e 4",
  },
  leaver: {
    email: "lee.leaver@portalscope.test",
    name: "Lee Leaver",
    password: "leaver password for e2e 5",
  },
} as const;

export type TestOperator = keyof typeof OPERATORS;

/** The saved browser state of `who`, signed in on the server of the running project. */
export function storageStateOf(testInfo: TestInfo, who: TestOperator) {
  return path.join("test-results", ".auth", `${serverOf(testInfo).server}-${who}.json`);
}

/** Wrong passwords the specs type: an app that echoed what was typed would show them. */
export const WRONG_PASSWORDS = ["wrong password number 1", "not-the-owner's-password"] as const;
