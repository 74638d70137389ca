/**
 * Adoption without loss (pure): given what an adopted bucket holds in AWS, which of its live policy
 * statements and CORS rules the file does not account for, and which of its sub-resources exist
 * (imported, so the preview shows what changes) or not (created). The program reads the live state
 * (account/) and reports these problems at the bucket's place in the file before anything is built.
 */
import { createHash } from "crypto";
import type { ExtraCorsRule } from "../fields/bucket";
import { comparableStatement, statementLabel, statementsOf } from "../iam/policy-diff";
import { corsRuleKey, mergeCorsRules } from "./bucket-cors";
import { composeBucketPolicy } from "./bucket-policy";
import type { ResolvedBucket, ResolvedConnection } from "./resolve";
import type { RuleProblem } from "./rules";

/** The bucket's configurations this program manages, each a resource of its own. */
export const ADOPTABLE_PARTS = ["policy", "publicAccessBlock", "ownershipControls", "encryption", "versioning", "cors"] as const;
export type AdoptablePart = (typeof ADOPTABLE_PARTS)[number];

/** What the file's readers call each part. */
export const PART_NAMES: Record<AdoptablePart, string> = {
  policy: "bucket policy",
  publicAccessBlock: "public access block",
  ownershipControls: "ownership controls",
  encryption: "default encryption",
  versioning: "versioning",
  cors: "CORS configuration",
};

/** An adopted bucket as AWS has it, read before anything is applied. */
export interface LiveBucket {
  /** The parsed bucket policy; undefined when the bucket has none (S3 answers NoSuchBucketPolicy). */
  policy: unknown;
  /** The live CORS rules, in the file's camelCase shape. */
  corsRules: ExtraCorsRule[];
  /** Which parts exist in AWS: those are imported, the others created. */
  exists: Record<AdoptablePart, boolean>;
}

/**
 * What the program itself wrote into an adopted bucket at its last update (the stack output
 * `adoptedBuckets`): the fingerprints of its own statements (the TLS-only deny and the
 * connections'; never `extraPolicyStatements`, which it only keeps) and the keys of its own CORS
 * rules. A live statement or rule that is exactly one of these is the program's to remove, as when
 * a connection leaves the file; one the file keeps for others stays guarded.
 */
export interface AppliedToBucket {
  statements: string[];
  corsRules: string[];
}

type Statement = Record<string, unknown>;
type Json = Parameters<typeof comparableStatement>[0];

const hasSid = (statement: Statement): statement is Statement & { Sid: string } => typeof statement.Sid === "string" && statement.Sid !== "";

/** A statement's content without its Sid, in canonical form: the same grant written twice compares equal. */
function contentKey(statement: Statement): string {
  const { Sid: _sid, ...content } = statement;
  return JSON.stringify(comparableStatement(content as Json));
}

/** The first 16 hex digits of a SHA-256: short enough to paste, long enough never to collide in one bucket policy. */
const shortHash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16);

/** How `dropStatements` names a statement: its Sid, or `sha256:` and 16 hex digits of its canonical content. */
export function statementReference(statement: Statement): string {
  if (hasSid(statement)) return statement.Sid;
  return `sha256:${shortHash(contentKey(statement))}`;
}

/** The statements the program writes into a bucket itself: the TLS-only deny and the connections'. */
function programStatements(bucket: ResolvedBucket, connections: ResolvedConnection[]): Statement[] {
  return statementsOf(composeBucketPolicy({ ...bucket, extraPolicyStatements: [] }, connections)) as Statement[];
}

/** What the program writes into an adopted bucket itself, recorded in the stack for its next run. */
export function appliedToBucket(bucket: ResolvedBucket, connections: ResolvedConnection[]): AppliedToBucket {
  return {
    statements: programStatements(bucket, connections).map(statementFingerprint),
    corsRules: mergeCorsRules(connections).map(corsRuleKey),
  };
}

/** The record read back from the stack, or nothing when it is missing or not in this shape. */
export function parseAppliedRecord(value: unknown): Map<string, AppliedToBucket> {
  const record = new Map<string, AppliedToBucket>();
  if (!value || typeof value !== "object") return record;
  const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === "string");
  for (const [bucket, applied] of Object.entries(value as Record<string, { statements?: unknown; corsRules?: unknown }>)) {
    if (applied && strings(applied.statements) && strings(applied.corsRules)) record.set(bucket, applied as AppliedToBucket);
  }
  return record;
}

/** A statement's Sid and content, hashed: equal only for the same statement, as AWS may rewrite it. */
export function statementFingerprint(statement: Statement): string {
  return shortHash(JSON.stringify([statement.Sid ?? null, contentKey(statement)]));
}

/**
 * Every live statement and CORS rule that applying the file would remove without the file saying
 * so, as errors at the bucket's place in the file; each `dropStatements` entry that names nothing
 * on the bucket, as a warning (already removed by hand, or misspelt). What the program itself wrote
 * at its last update (`applied`) is its own: a connection removed since takes its statements along.
 * A live statement the program replaces by Sid with content it did not write (the bucket's own, or
 * a hand edit) warns.
 */
export function adoptionProblems(bucket: ResolvedBucket, connections: ResolvedConnection[], live: LiveBucket, applied?: AppliedToBucket): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const at = ["buckets", bucket.name];
  const planned = statementsOf(composeBucketPolicy(bucket, connections)) as Statement[];
  const plannedBySid = new Map(planned.filter(hasSid).map((s) => [s.Sid, s] as const));
  const plannedContent = new Set(planned.map(contentKey));
  const ownStatements = new Set(applied?.statements ?? []);
  // The Sids the program writes itself; an extra statement's new content is the file's own edit.
  const programSids = new Set(
    programStatements(bucket, connections)
      .filter(hasSid)
      .map((s) => s.Sid),
  );
  const drops = bucket.dropStatements ?? [];
  const matchedDrops = new Set<string>();

  for (const statement of statementsOf(live.policy) as Statement[]) {
    // A Sid the file writes is the file's statement (kept or replaced by it); a statement without
    // one is kept when the file writes the same grant, under whatever Sid adopt gave it.
    const sameSid = hasSid(statement) ? plannedBySid.get(statement.Sid) : undefined;
    const own = ownStatements.has(statementFingerprint(statement));
    if (sameSid && !own && programSids.has(sameSid.Sid) && contentKey(sameSid) !== contentKey(statement)) {
      problems.push({
        severity: "warning",
        path: at,
        message: `its live bucket policy has a statement Sid "${statement.Sid}" that differs from the one the file writes under that Sid: applying replaces it (the preview shows the change); if the live one grants or denies something still needed, give the file's statement or the live one another Sid`,
      });
    }
    const reference = statementReference(statement);
    const kept = hasSid(statement) ? plannedBySid.has(statement.Sid) : plannedContent.has(contentKey(statement));
    if (kept || own) continue;
    if (drops.includes(reference)) {
      matchedDrops.add(reference);
      continue;
    }
    problems.push({
      severity: "error",
      path: at,
      message: `its live bucket policy has ${statementLabel(statement as Json)}, which the file neither keeps nor drops, so applying would remove it: keep it in extraPolicyStatements (npm run adopt -- --bucket ${bucket.name} prints it), or add "${reference}" to dropStatements`,
    });
  }

  const plannedRules = new Set([...mergeCorsRules(connections, bucket.extraCorsRules).map(corsRuleKey), ...(applied?.corsRules ?? [])]);
  for (const rule of live.corsRules) {
    if (plannedRules.has(corsRuleKey(rule))) continue;
    problems.push({
      severity: "error",
      path: at,
      message: `its live CORS configuration has the rule ${JSON.stringify(rule)}, which the file does not keep, so applying would remove it: keep it in extraCorsRules (npm run adopt -- --bucket ${bucket.name} prints it), or delete it from the bucket first if it should go`,
    });
  }

  drops.forEach((reference, index) => {
    if (matchedDrops.has(reference)) return;
    problems.push({
      severity: "warning",
      path: [...at, "dropStatements", index],
      message: `names "${reference}", but the live bucket policy has no statement it would drop (removed already, or kept by the file); remove it from dropStatements`,
    });
  });
  return problems;
}
