/**
 * What a credential is granted, judged against a vendor's template (vendors/types.ts
 * `StatementSpec`): is each action allowed where the template puts it, on objects, on the bucket
 * or on any resource?
 */
import { allowsAction, isAllow, wildcardMatch, type Statement } from "./documents";
import { parseS3Arn } from "./s3";

/** Where a vendor template puts an action: objects, the bucket, or any resource (vendors/types.ts). */
export type Placement = "objects" | "bucket" | "any";

/**
 * True when some statement allows `action` on a resource of the placement's shape (or on `*`).
 * Given a bucket name, the S3 ARN must be one of that bucket's.
 */
export function grantsOn(statements: readonly Statement[], action: string, on: Placement, bucket?: string): boolean {
  const fits = (resource: string) => {
    if (resource === "*" || on === "any") return true;
    const arn = parseS3Arn(resource);
    if (!arn || (bucket !== undefined && !wildcardMatch(arn.bucket, bucket))) return false;
    return on === "objects" ? arn.key !== undefined : arn.key === undefined;
  };
  return statements.some((s) => allowsAction(s, action) && s.resources.some(fits));
}

/** `s3:PutObject on an object ARN`, `s3:ListBucket on a bucket ARN`, `sts:GetCallerIdentity`. */
export const placementText = (action: string, on: Placement) =>
  on === "objects" ? `${action} on an object ARN` : on === "bucket" ? `${action} on a bucket ARN` : action;

/** A statement of a vendor's template a credential lacks, action by action. */
export interface MissingGrant {
  sid: string;
  action: string;
  on: Placement;
}

/** The actions of the given template statements the statements do not grant where the template puts them. */
export function missingGrants(
  statements: readonly Statement[],
  template: Record<string, { actions: readonly string[]; on: Placement }>,
  bucket?: string,
): MissingGrant[] {
  return Object.entries(template).flatMap(([sid, spec]) =>
    spec.actions.filter((action) => !grantsOn(statements, action, spec.on, bucket)).map((action) => ({ sid, action, on: spec.on })),
  );
}

/** Which of `actions` the statements allow by name (IAM action names are case-insensitive). */
export function allowedNamed(statements: readonly Statement[], actions: readonly string[]): string[] {
  const wanted = actions.map((a) => a.toLowerCase());
  return [...new Set(statements.filter(isAllow).flatMap((s) => s.actions.filter((a) => wanted.includes(a.toLowerCase()))))];
}
