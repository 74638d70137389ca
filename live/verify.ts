/**
 * `verify`: reads the lab's account and compares it with the plan. Read-only; every refusal is
 * reported with the permission it needed, and only missing credentials or an endpoint that does
 * not answer stop the run.
 */
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { vendorModule, type VendorKey } from "../vendors";
import type { LiveClients } from "../account/clients";
import { CannotCheck, cannotCheck } from "../account/errors";
import { expectedFromPlan, type PlanResource } from "./expected";
import type { Finding } from "./findings";
import { verifyBucket } from "./verify-bucket";
import { verifyIdentity, verifyOidcProviders } from "./verify-identity";
import { simulateIdentity, type SimulatedCase } from "./simulate";

export interface VerifyReport {
  stack: string;
  account: string;
  findings: Finding[];
  /** Per connection, what the lab does next. Never a claim that the vendor can connect. */
  nextSteps: { connection: string; step: string }[];
}

export const EXIT = { match: 0, mismatch: 1, cannotCheck: 2 } as const;

export function exitCodeOf(report: VerifyReport): number {
  if (report.findings.some((f) => f.status === "mismatch")) return EXIT.mismatch;
  return report.findings.some((f) => f.status === "cannot-check") ? EXIT.cannotCheck : EXIT.match;
}

/** The account the credentials belong to; its ID replaces the mock one in the plan. */
export async function callerAccount(clients: LiveClients, endpoint?: string): Promise<string> {
  try {
    const answer = await clients.sts.send(new GetCallerIdentityCommand({}));
    return answer.Account ?? "";
  } catch (e) {
    throw cannotCheck(e, "sts:GetCallerIdentity", endpoint) ?? e;
  }
}

/** The plan's resources with the mock engine's account ID replaced by the live one. */
export function inAccount<T>(value: T, mockAccount: string, account: string): T {
  return JSON.parse(JSON.stringify(value).split(mockAccount).join(account)) as T;
}

export interface PlannedConnectionLike {
  name: string;
  vendor: string;
  credential: string;
}

function nextStep(connection: PlannedConnectionLike, findings: Finding[], identities: { name: string; connection?: string; kind: string }[]): string {
  const title = (() => {
    try {
      return vendorModule(connection.vendor as VendorKey).title;
    } catch {
      return connection.vendor;
    }
  })();
  const own = identities.filter((i) => i.connection === connection.name).map((i) => `${i.kind} ${i.name}`);
  const bad = findings.filter((f) => own.includes(f.subject) && f.status !== "match" && f.status !== "note");
  if (bad.length > 0) return `fix the ${bad.length} finding(s) on ${own.join(", ")} first (pulumi up, or remove the hand edits), then verify again`;
  // A role's "last used" detail starts with the date; a key's says "last used DATE".
  const used = findings.some((f) => own.includes(f.subject) && ((f.check === "last used" && /^\d{4}-/.test(f.detail)) || /last used \d{4}-/.test(f.detail)));
  return used
    ? `the lab's side matches the plan and the vendor has used the credential at least once (${title}); if the vendor still reports an error, compare its message with the hand-off`
    : `the lab's side matches the plan: paste the hand-off into the vendor's setup (${title}) and run its connection test or validation; run verify again afterwards to see the credential's last use`;
}

export async function verifyStack(options: {
  clients: LiveClients;
  stack: string;
  resources: PlanResource[];
  connections: PlannedConnectionLike[];
  mockAccount: string;
  endpoint?: string;
  /**
   * The proofs' request matrix of the plan (proofs/matrix.ts), each request asked of
   * iam:SimulatePrincipalPolicy; absent, nothing is simulated (an emulator without the API).
   */
  simulate?: SimulatedCase[];
}): Promise<VerifyReport> {
  const { clients } = options;
  const account = await callerAccount(clients, options.endpoint);
  const expected = expectedFromPlan(inAccount(options.resources, options.mockAccount, account));
  const findings: Finding[] = [];
  try {
    for (const bucket of expected.buckets) findings.push(...(await verifyBucket(clients.s3(bucket.region), bucket)));
    for (const identity of expected.identities) findings.push(...(await verifyIdentity(clients.iam, identity)));
    findings.push(...(await verifyOidcProviders(clients.iam, expected.oidcProviders)));
    if (options.simulate) {
      const cases = inAccount(options.simulate, options.mockAccount, account);
      const policies = new Map(expected.buckets.map((b) => [b.name, b.policy] as const));
      for (const identity of expected.identities) findings.push(...(await simulateIdentity(clients.iam, account, identity, cases, policies)));
    }
  } catch (e) {
    throw e instanceof CannotCheck ? e : (cannotCheck(e, "a read", options.endpoint) ?? e);
  }
  const nextSteps = options.connections.map((c) => ({ connection: c.name, step: nextStep(c, findings, expected.identities) }));
  return { stack: options.stack, account, findings, nextSteps };
}
