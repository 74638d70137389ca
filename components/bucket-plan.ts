/**
 * What a bucket needs, decided from the model alone (pure): its one composed policy, its merged
 * CORS rules and the notes a person should read before applying. ConnectedBucket only wires the
 * result to resources.
 */
import { sentenceList } from "../fields/text";
import { ADOPTABLE_PARTS, PART_NAMES } from "../model/adoption";
import type { ResolvedBucket } from "../model/resolve";

// The composition and the CORS merge are pure model logic (the loader measures the policy against
// S3's size limit; adoption compares both with the live bucket); they are exported here too, where
// the components and their tests have always found them.
export { composeBucketPolicy } from "../model/bucket-policy";
export { mergeCorsRules } from "../model/bucket-cors";

/**
 * Notes for the person applying the plan: things that change what already exists. Offline, the
 * plan cannot read an adopted bucket, so its note says exactly what only the preview checks.
 */
export function bucketNotices(bucket: ResolvedBucket): string[] {
  if (!bucket.adopt) return [];
  const at = `buckets.${bucket.name}`;
  const drops = bucket.dropStatements?.length ?? 0;
  // A never-versioned bucket has no versioning resource to import or create.
  const parts = ADOPTABLE_PARTS.filter((part) => part !== "versioning" || bucket.versioning !== "disabled");
  return [
    [
      `bucket "${bucket.name}" is adopted: offline, this plan cannot read it, so it has not checked what applying would remove, and the policy below replaces the live one.`,
      `\`pulumi preview\` reads the bucket first. It stops at ${at} for every live policy statement the file neither keeps (the program's own Sids, ${at}.extraPolicyStatements) nor drops (${at}.dropStatements${drops > 0 ? `, ${drops} listed` : ""}), and for every live CORS rule the file does not keep (${at}.extraCorsRules).`,
      `What the program itself wrote there at an earlier update is its own to remove.`,
      `It imports the ${sentenceList(parts.map((part) => PART_NAMES[part]))} the bucket has, so their changes show as updates, and creates the ones it lacks (a first adoption needs the bucket in the stack's aws:region).`,
      `To see the live bucket now: npm run adopt -- --bucket ${bucket.name}.`,
    ].join(" "),
  ];
}
