/**
 * Synapse storage locations (docs/vendors/synapse.md), recognised by what they are: a bucket whose
 * policy grants Synapse's AWS account (synapse.md §1, §3). What the grant covers, and the owner.txt
 * markers the stack writes into the bucket (synapse.md §6).
 */
import type { PolicyResource } from "@pulumi/policy";
import { OWNER_MARKER, SYNAPSE_ACCOUNT_ID, SYNAPSE_PRINCIPAL } from "../../../vendors/synapse";
import { bucketPolicies, bucketName } from "./buckets";
import { allowsAction, isAllow, type Statement } from "./documents";
import { linkedTo } from "./resources";
import { keyPrefix, parseS3Arn } from "./s3";
import { BUCKET_TYPES, label } from "./types";
import { ifKnown } from "./values";

/** The objects a program writes into a bucket (`aws.s3.BucketObjectv2`, and the older `aws.s3.BucketObject`). */
export const BUCKET_OBJECT_TYPES: readonly string[] = ["aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/bucketObject:BucketObject"];

/** Synapse's account, in either form the vendor writes (synapse.md §10.3). */
export const isSynapsePrincipal = (value: string) => value === SYNAPSE_ACCOUNT_ID || value === SYNAPSE_PRINCIPAL;

/** A bucket whose policy grants Synapse's account, with the statements that do. */
export interface SynapseBucket {
  bucket: PolicyResource;
  /** `aws.s3.BucketPolicy "x"`: where the grant is. */
  policyName: string;
  policy: PolicyResource;
  statements: Statement[];
}

/** The buckets of the stack whose (known) policies grant Synapse's account. */
export function synapseBuckets(resources: readonly PolicyResource[]): SynapseBucket[] {
  return resources
    .filter((r) => BUCKET_TYPES.includes(r.type))
    .flatMap((bucket) =>
      (ifKnown(() => bucketPolicies(bucket, resources)) ?? []).flatMap((p) => {
        const statements = p.statements.filter(
          (s) => isAllow(s) && !s.notPrincipal && s.principals.some((pr) => pr.type === "AWS" && isSynapsePrincipal(pr.value)),
        );
        return statements.length > 0 ? [{ bucket, policyName: p.name, policy: p.carrier, statements }] : [];
      }),
    );
}

/** How messages introduce the bucket: `aws.s3.Bucket "x" (aws.s3.BucketPolicy "y" grants Synapse's account <id>)`. */
export const describeSynapseBucket = (s: SynapseBucket) => `${label(s.bucket)} (${s.policyName} grants Synapse's account ${SYNAPSE_ACCOUNT_ID})`;

/** The key prefixes (`runs/`, or `` for the whole bucket) under which Synapse may read objects: its base keys. */
export function synapseReadPrefixes(s: SynapseBucket): string[] {
  const name = bucketName(s.bucket);
  const prefixes = s.statements
    .filter((st) => allowsAction(st, "s3:GetObject"))
    .flatMap((st) =>
      st.resources.map(parseS3Arn).flatMap((arn) => (arn?.key !== undefined && (name === undefined || arn.bucket === name) ? [keyPrefix(arn.key)] : [])),
    );
  return [...new Set(prefixes)];
}

/** `runs/` -> `runs/owner.txt`; `` -> `owner.txt` (synapse.md §9). */
export const markerKeyFor = (prefix: string) => `${prefix}${OWNER_MARKER}`;

/** The keys of the objects the stack writes into the bucket, or undefined when one is unknown (nothing can be judged). */
export function objectKeys(bucket: PolicyResource, resources: readonly PolicyResource[]): string[] | undefined {
  const keys = linkedTo(bucket, BUCKET_OBJECT_TYPES, "bucket", resources).map((o) => ifKnown(() => o.props.key));
  return keys.every((key): key is string => typeof key === "string") ? keys : undefined;
}
