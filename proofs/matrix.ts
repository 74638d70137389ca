/**
 * The access-proof matrix: for every connection of a plan, the requests its vendor must be able to
 * make and the requests that must be refused, each with the answer AWS should give.
 *
 * The documents under test come from the plan (the resources the real program registers under
 * the mock engine). The expectations come from the resolved model (credential, prefix, features,
 * bucket settings) and from the vendors' published requirements as data (`proofs/needs.ts`),
 * never from the generated documents. ARNs are spelled here, not borrowed from the builders.
 *
 * A connection's matrix is a list of sections, one per principal or feature, each proving one
 * thing from the same context (`proofs/context.ts`); the order of the sections is the order of
 * the lines `npm run prove` prints.
 */
import type { ResolvedConnection } from "../model/resolve";
import { matrixContext, type MatrixContext, type ProofCase } from "./context";
import type { PlanForProof } from "./documents";
import { crossAccountCases, outsiderCases, sharedPrincipalCases } from "./third-party-cases";
import { executionRoleCases, keysUserCases, roleTrustCases } from "./role-cases";
import {
  bucketKeyCases,
  federationTokenCases,
  vendorBucketCases,
  vendorListingCases,
  vendorObjectCases,
  vendorRefusedCases,
  vendorServiceCases,
  vendorUnneededCases,
  vendorWithoutTlsCases,
} from "./vendor-cases";

export { callerFor, keysInside, UNNEEDED_ACTIONS, type Expected, type ProofCase } from "./context";
export { ACCOUNT_ID, documentsOf, type PlanForProof } from "./documents";

/** The sections of a connection's matrix, in the order their cases are listed. */
const SECTIONS: readonly ((ctx: MatrixContext) => ProofCase[])[] = [
  // The vendor's own principal.
  vendorObjectCases,
  vendorListingCases,
  vendorBucketCases,
  vendorServiceCases,
  vendorRefusedCases,
  vendorWithoutTlsCases,
  vendorUnneededCases,
  federationTokenCases,
  bucketKeyCases,
  // Everyone else.
  outsiderCases,
  sharedPrincipalCases,
  crossAccountCases,
  // The roles: who may assume them, and the vendor service's execution role.
  roleTrustCases,
  keysUserCases,
  executionRoleCases,
];

/** Every case of every connection of the plan. */
export function buildMatrix(plan: PlanForProof): ProofCase[] {
  return plan.model.connections.flatMap((connection) => connectionMatrix(plan, connection));
}

/** The cases of one connection. */
export function connectionMatrix(plan: PlanForProof, connection: ResolvedConnection): ProofCase[] {
  const ctx = matrixContext(plan, connection);
  return SECTIONS.flatMap((section) => section(ctx));
}
