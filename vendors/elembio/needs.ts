/**
 * What the access proofs expect of ElemBio's provider credential and HealthOmics execution role
 * (docs/vendors/elembio.md): the provider template with the optional statements the connection's
 * features turn on, and nothing that passes another role or reaches another service.
 */
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import { externalIdTrust } from "../element/needs";
import { ELEMENT_ACCOUNT_ID, ELEMENT_USER_ONLY_ACTIONS } from "../element/facts";
import { fromSpecs, kmsNeeds, stsNeed, withList, type GlobalNeed, type NeedsContext, type VendorNeeds } from "../needs";
import { KMS_ACTIONS_FOR } from "../shared";
import { ELEMBIO_OPTIONAL_STATEMENTS, ELEMBIO_STATEMENTS, HEALTHOMICS_EXECUTION_STATEMENTS, HEALTHOMICS_SERVICE } from "./facts";
import { executionRolePrefix } from "./execution-role";
import type { ElembioConnection } from "./schema";

/** elembio.md §5: the provider template with only the optional statements the connection's features turn on. */
export function elembioNeeds(connection: ResolvedConnection<ElembioConnection>, bucket: ResolvedBucket, context: NeedsContext): VendorNeeds {
  const specs = fromSpecs(ELEMBIO_STATEMENTS, "docs/vendors/elembio.md §5");
  const optional = ELEMBIO_OPTIONAL_STATEMENTS;
  const pick = (sid: keyof typeof optional) => fromSpecs({ [sid]: optional[sid] }, "docs/vendors/elembio.md §5");
  const objects = [...specs.objects, ...(connection.download ? pick("S3ObjectRead").objects : [])];
  const bucketNeeds = [...specs.bucket, ...(connection.manageBucketPolicy ? pick("S3BucketPolicyOperations").bucket : [])];
  const user =
    connection.credential.type === "user"
      ? ELEMENT_USER_ONLY_ACTIONS.map((action) => ({ action, why: "docs/vendors/elembio.md §4: IAM users only [INF]" }))
      : [];
  const global: GlobalNeed[] = [...specs.any, ...user].map((n) => stsNeed(n, context));
  const denied: VendorNeeds["denied"] = [];
  const omics = connection.healthOmics?.enabled === true;
  const region = connection.region;
  const anyRole = `arn:aws:iam::${context.accountId}:role/proof-any-role`;
  if (omics) {
    const run = `arn:aws:omics:${region}:${context.accountId}:run/1234567`;
    const workflow = `arn:aws:omics:${region}:${context.accountId}:workflow/1234567`;
    for (const need of pick("OmicsOperations").any) global.push({ ...need, resource: need.action === "omics:GetWorkflow" ? workflow : run });
    const executionRole = context.executionRoleArn ?? `arn:aws:iam::${context.accountId}:role/missing-execution-role`;
    for (const need of pick("OmicsPassRole").any) {
      global.push({ ...need, resource: executionRole, context: { "iam:PassedToService": HEALTHOMICS_SERVICE } });
      denied.push({
        ...need,
        what: `${need.action} of the execution role to ec2.amazonaws.com`,
        resource: executionRole,
        context: { "iam:PassedToService": "ec2.amazonaws.com" },
      });
      denied.push({ ...need, what: `${need.action} of another role`, resource: anyRole, context: { "iam:PassedToService": HEALTHOMICS_SERVICE } });
    }
  } else {
    denied.push({
      action: "iam:PassRole",
      why: "HealthOmics is off",
      what: "iam:PassRole of any role",
      resource: anyRole,
      context: { "iam:PassedToService": HEALTHOMICS_SERVICE },
    });
  }
  const kmsActions = [...KMS_ACTIONS_FOR.write, ...(connection.download ? KMS_ACTIONS_FOR.read : [])];
  const execution = fromSpecs(HEALTHOMICS_EXECUTION_STATEMENTS, "docs/vendors/elembio.md §7");
  return {
    objects,
    ...withList(bucketNeeds, true),
    global,
    kms: kmsNeeds(bucket, kmsActions, "the provider writes (and with download, reads) an SSE-KMS bucket [AWS]"),
    trust: externalIdTrust(connection),
    vendorAccountId: ELEMENT_ACCOUNT_ID,
    executionRole: omics
      ? {
          service: HEALTHOMICS_SERVICE,
          prefix: executionRolePrefix(connection, bucket),
          objects: execution.objects,
          bucket: execution.bucket,
          kms: kmsNeeds(bucket, [...KMS_ACTIONS_FOR.write, ...KMS_ACTIONS_FOR.read], "the workflow reads and writes an SSE-KMS bucket [AWS]"),
        }
      : undefined,
    denied,
  };
}
