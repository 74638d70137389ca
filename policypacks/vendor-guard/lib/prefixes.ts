/**
 * Prefix scoping of a policy (docs/vendors/aws.md §1): the key prefixes its object statements
 * grant per bucket, and the `s3:prefix` values its ListBucket statements are confined to.
 */
import { allowsAction, conditionValues, isAllow, type Statement } from "./documents";
import { keyPrefix, parseS3Arn } from "./s3";

/**
 * Per bucket, the key prefixes the Allow statements' object ARNs grant (`runs/aviti/` for
 * `arn:aws:s3:::B/runs/aviti/*`). A bucket granted whole (`B/*`) is left out: nothing confines it.
 */
export function objectPrefixes(statements: readonly Statement[]): Map<string, string[]> {
  const byBucket = new Map<string, string[]>();
  for (const statement of statements.filter(isAllow)) {
    for (const resource of statement.resources) {
      const arn = parseS3Arn(resource);
      if (arn?.key === undefined) continue;
      byBucket.set(arn.bucket, [...(byBucket.get(arn.bucket) ?? []), keyPrefix(arn.key)]);
    }
  }
  for (const [bucket, prefixes] of byBucket) if (prefixes.includes("")) byBucket.delete(bucket);
  return byBucket;
}

/** A statement allowing s3:ListBucket on a bucket ARN, with its `s3:prefix` values (undefined: none). */
export interface Listing {
  statement: Statement;
  bucket: string;
  prefixValues: string[] | undefined;
}

export function listings(statements: readonly Statement[]): Listing[] {
  const out: Listing[] = [];
  for (const statement of statements) {
    if (!allowsAction(statement, "s3:ListBucket")) continue;
    const values = ["StringLike", "StringEquals"].flatMap((operator) => conditionValues(statement, operator, "s3:prefix") ?? []);
    const hasCondition = ["StringLike", "StringEquals"].some((operator) => conditionValues(statement, operator, "s3:prefix") !== undefined);
    for (const resource of statement.resources) {
      const arn = parseS3Arn(resource);
      if (arn && arn.key === undefined) out.push({ statement, bucket: arn.bucket, prefixValues: hasCondition ? values : undefined });
    }
  }
  return out;
}

/** The `s3:prefix` value that confines listing to a granted key prefix: `runs/aviti/` -> `runs/aviti/*`. */
export const listPrefixValue = (prefix: string) => `${prefix}*`;
