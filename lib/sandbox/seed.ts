/**
 * The portals and users that the built-in HubSpot sandbox pretends exist. Other tests
 * depend on these exact values: change them only together with those tests.
 *
 * The four portals cover the cases the app must survive: a plain US account, an EU-hosted
 * account with non-ASCII names, a developer test account with no domain and a user with
 * no name (whose tier lacks the CRM users product), and a sandbox account.
 */

/** A HubSpot product a portal's tier may or may not include; scopes belong to products. */
export type SandboxProduct = "core" | "crm" | "crm-users";

export const ALL_PRODUCTS: readonly SandboxProduct[] = ["core", "crm", "crm-users"];

export type SandboxAccountType = "STANDARD" | "SANDBOX" | "DEVELOPER_TEST" | "APP_DEVELOPER";

/** One item of the CRM users property `hs_working_hours`, minutes after midnight. */
export interface SandboxWorkingHours {
  days: string;
  startMinute: number;
  endMinute: number;
}

export interface SandboxUser {
  /** The User Provisioning id, the CRM property `hs_internal_user_id`. */
  id: number;
  /** The CRM users object's own record id, local to the portal. */
  crmObjectId: string;
  email: string;
  firstName?: string;
  lastName?: string;
  roleId?: string;
  roleIds: readonly string[];
  superAdmin: boolean;
  primaryTeamId?: string;
  secondaryTeamIds: readonly string[];
  jobTitle?: string;
  workingHours?: readonly SandboxWorkingHours[];
  /** CRM property `hs_standard_time_zone`. */
  timeZone?: string;
}

export interface SandboxTeam {
  id: string;
  name: string;
}

export interface SandboxRole {
  id: string;
  name: string;
}

export interface SandboxPortal {
  hubId: number;
  /** Absent for accounts without a domain: introspection then leaves out `hub_domain`. */
  hubDomain?: string;
  accountType: SandboxAccountType;
  /** The hublet, also the prefix of the portal's codes and refresh tokens. */
  dataHostingLocation: "na1" | "eu1";
  uiDomain: string;
  timeZone: string;
  companyCurrency: string;
  additionalCurrencies: readonly string[];
  utcOffset: string;
  utcOffsetMilliseconds: number;
  products: readonly SandboxProduct[];
  /** Permission sets, the ids behind users' `roleId`/`roleIds`. */
  roles: readonly SandboxRole[];
  teams: readonly SandboxTeam[];
  users: readonly SandboxUser[];
  /** When the portal's CRM user records were created, for `createdAt`/`hs_createdate`. */
  createdAt: string;
}

export const ACME_HUB_ID = 21000001;
export const ZURICH_HUB_ID = 21000002;
export const DEV_TEST_HUB_ID = 21000003;
export const STAGING_HUB_ID = 21000004;

export const SANDBOX_PORTALS: readonly SandboxPortal[] = [
  {
    hubId: ACME_HUB_ID,
    hubDomain: "acme-widgets.com",
    accountType: "STANDARD",
    dataHostingLocation: "na1",
    uiDomain: "app.hubspot.com",
    timeZone: "America/New_York",
    companyCurrency: "USD",
    additionalCurrencies: ["CAD"],
    utcOffset: "-05:00",
    utcOffsetMilliseconds: -5 * 3_600_000,
    products: ALL_PRODUCTS,
    roles: [{ id: "77", name: "Sales Manager" }],
    teams: [
      { id: "501", name: "Operations" },
      { id: "502", name: "Engineering" },
    ],
    users: [
      {
        id: 3000001,
        crmObjectId: "71000000001",
        email: "ada@acme-widgets.com",
        firstName: "Ada",
        lastName: "Lovelace",
        roleIds: [],
        superAdmin: true,
        primaryTeamId: "501",
        secondaryTeamIds: [],
        jobTitle: "Head of Operations",
        timeZone: "America/New_York",
      },
      {
        id: 3000002,
        crmObjectId: "71000000002",
        email: "grace+hubspot@acme-widgets.com",
        firstName: "Grace",
        lastName: "Hopper",
        roleId: "77",
        roleIds: ["77"],
        superAdmin: false,
        primaryTeamId: "501",
        secondaryTeamIds: ["502"],
        timeZone: "America/New_York",
      },
    ],
    createdAt: "2024-02-12T14:03:11.204Z",
  },
  {
    hubId: ZURICH_HUB_ID,
    hubDomain: "buecher-zuerich.ch",
    accountType: "STANDARD",
    dataHostingLocation: "eu1",
    uiDomain: "app-eu1.hubspot.com",
    timeZone: "Europe/Zurich",
    companyCurrency: "CHF",
    additionalCurrencies: ["EUR"],
    utcOffset: "+01:00",
    utcOffsetMilliseconds: 3_600_000,
    products: ALL_PRODUCTS,
    roles: [],
    teams: [],
    users: [
      {
        id: 3000003,
        crmObjectId: "71000000003",
        email: "zoe@buecher-zuerich.ch",
        firstName: "Zoë",
        lastName: "Ølander-Müller",
        roleIds: [],
        superAdmin: true,
        secondaryTeamIds: [],
        timeZone: "Europe/Zurich",
      },
      {
        id: 3000004,
        crmObjectId: "71000000004",
        email: "jose.nunez@buecher-zuerich.ch",
        firstName: "José",
        lastName: "Ñúñez",
        roleIds: [],
        superAdmin: false,
        secondaryTeamIds: [],
        timeZone: "Europe/Zurich",
      },
    ],
    createdAt: "2023-09-01T08:30:00.000Z",
  },
  {
    hubId: DEV_TEST_HUB_ID,
    accountType: "DEVELOPER_TEST",
    dataHostingLocation: "na1",
    uiDomain: "app.hubspot.com",
    timeZone: "UTC",
    companyCurrency: "USD",
    additionalCurrencies: [],
    utcOffset: "+00:00",
    utcOffsetMilliseconds: 0,
    // No CRM users product: the optional scope crm.objects.users.read is dropped here.
    products: ["core", "crm"],
    roles: [],
    teams: [],
    users: [
      {
        id: 3000005,
        crmObjectId: "71000000005",
        email: "dev-test@example.org",
        roleIds: [],
        superAdmin: true,
        secondaryTeamIds: [],
      },
    ],
    createdAt: "2025-06-30T23:59:59.000Z",
  },
  {
    hubId: STAGING_HUB_ID,
    hubDomain: "staging.acme-widgets.com",
    accountType: "SANDBOX",
    dataHostingLocation: "na1",
    uiDomain: "app.hubspot.com",
    timeZone: "America/Los_Angeles",
    companyCurrency: "USD",
    additionalCurrencies: [],
    utcOffset: "-08:00",
    utcOffsetMilliseconds: -8 * 3_600_000,
    products: ALL_PRODUCTS,
    roles: [],
    teams: [],
    users: [
      {
        id: 3000006,
        crmObjectId: "71000000006",
        email: "sean.obrien+sandbox@acme-widgets.com",
        firstName: "Seán",
        lastName: "O'Brien",
        roleIds: [],
        superAdmin: false,
        secondaryTeamIds: [],
        jobTitle: "RevOps Engineer",
        workingHours: [
          { days: "MONDAY_TO_FRIDAY", startMinute: 480, endMinute: 1020 },
          { days: "SATURDAY", startMinute: 600, endMinute: 720 },
        ],
        timeZone: "America/Los_Angeles",
      },
    ],
    createdAt: "2025-01-15T17:45:00.000Z",
  },
];

/**
 * Load tests and benchmarks need hundreds of portals: hub ids from FLEET_FIRST_HUB_ID on
 * are generated on demand, the same every time, and left off the consent page.
 */
export const FLEET_FIRST_HUB_ID = 22_000_000;
export const FLEET_SIZE = 100_000;
const fleet = new Map<number, SandboxPortal>();

export function fleetPortal(index: number): SandboxPortal {
  const hubId = FLEET_FIRST_HUB_ID + index;
  let portal = fleet.get(hubId);
  if (!portal) {
    portal = {
      hubId,
      hubDomain: `fleet-${index}.example.com`,
      accountType: "STANDARD",
      dataHostingLocation: index % 5 === 0 ? "eu1" : "na1",
      uiDomain: index % 5 === 0 ? "app-eu1.hubspot.com" : "app.hubspot.com",
      timeZone: "UTC",
      companyCurrency: "USD",
      additionalCurrencies: [],
      utcOffset: "+00:00",
      utcOffsetMilliseconds: 0,
      products: ALL_PRODUCTS,
      roles: [],
      teams: [],
      users: [
        {
          id: 5_000_000 + index,
          crmObjectId: `72${String(index).padStart(9, "0")}`,
          email: `owner+${index}@fleet-${index}.example.com`,
          firstName: "Fleet",
          lastName: `Owner ${index}`,
          roleIds: [],
          superAdmin: true,
          secondaryTeamIds: [],
        },
      ],
      createdAt: "2025-06-01T00:00:00.000Z",
    };
    fleet.set(hubId, portal);
  }
  return portal;
}

export function getSandboxPortal(hubId: number): SandboxPortal | undefined {
  const seeded = SANDBOX_PORTALS.find((portal) => portal.hubId === hubId);
  if (seeded) return seeded;
  const index = hubId - FLEET_FIRST_HUB_ID;
  return Number.isInteger(index) && index >= 0 && index < FLEET_SIZE
    ? fleetPortal(index)
    : undefined;
}

export function getSandboxUser(hubId: number, userId: number): SandboxUser | undefined {
  return getSandboxPortal(hubId)?.users.find((user) => user.id === userId);
}

/** Every portal and user pair, in the order the consent page lists them. */
export function listSandboxInstallingUsers() {
  return SANDBOX_PORTALS.flatMap((portal) => portal.users.map((user) => ({ portal, user })));
}
