import type { StackValidationPolicy } from "@pulumi/policy";
import { ICA_CROSS_ACCOUNT_ACTIONS, ICA_REGIONS, icaCrossAccountRoleArn } from "../../../vendors/ica";
import { bucketArn, objectArn } from "../../../iam/s3";
import { bucketName, bucketPolicies, bucketRegion } from "../lib/buckets";
import { allowsAction, isAllow, wildcardMatch } from "../lib/documents";
import { isIcaAccountPrincipal } from "../lib/ica";
import { ofTypes } from "../lib/resources";
import { parseS3Arn } from "../lib/s3";
import { cite, plural, quoted, sentenceList } from "../lib/text";
import { BUCKET_TYPES, label } from "../lib/types";
import { forEachKnown, ifKnown } from "../lib/values";

const CROSS_ACCOUNT_ROLES = Object.keys(ICA_REGIONS).map(icaCrossAccountRoleArn);
const SECTIONS = cite("ica.md §8.1", "ica.md §8.2");

/**
 * Illumina copies (and moves) across accounts with its role for the bucket's region (ica.md §8.2); the
 * statement holds ica.md §8.1's copy actions on the bucket's objects. The vendor's statement also names
 * the bucket ARN, but every action in it acts on objects, so objects are what is checked.
 */
export const icaCrossAccountRole: StackValidationPolicy = {
  name: "ica-cross-account-role",
  description:
    "Checks that a bucket policy granting Illumina's account names ICA's cross-account role for the bucket's region, with ICA's copy actions on the bucket's objects.",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(ofTypes(resources, BUCKET_TYPES), (bucket) => {
      const region = bucketRegion(bucket);
      const name = bucketName(bucket);
      const expected = region !== undefined && ICA_REGIONS[region] ? icaCrossAccountRoleArn(region) : undefined;
      // A policy document unknown during preview cannot be recognised as granting Illumina's account.
      for (const policy of ifKnown(() => bucketPolicies(bucket, resources)) ?? []) {
        for (const statement of policy.statements.filter(isAllow)) {
          const principals = statement.principals.filter(isIcaAccountPrincipal);
          if (principals.length === 0) continue;
          const where = `${policy.name} ${statement.label}`;
          for (const principal of principals) {
            if (expected !== undefined && principal.value !== expected) {
              reportViolation(
                `${where} grants "${principal.value}" on ${label(bucket)} in "${region}"; ICA copies and moves with its cross-account role for the bucket's region, "${expected}" ${SECTIONS}. Fix: set the principal to "${expected}".`,
                policy.carrier.urn,
              );
            } else if (expected === undefined && !CROSS_ACCOUNT_ROLES.includes(principal.value)) {
              reportViolation(
                `${where} grants "${principal.value}" on ${label(bucket)}, and it is none of ICA's cross-account roles; ICA copies and moves with its cross-account role for the bucket's region ${SECTIONS}. Fix: set the principal to the role of the bucket's region in ICA's table (docs/vendors/ica.md §8.2).`,
                policy.carrier.urn,
              );
            }
          }
          const missing = ICA_CROSS_ACCOUNT_ACTIONS.copy.filter((action) => !allowsAction(statement, action));
          if (missing.length > 0) {
            reportViolation(
              `${where} grants Illumina's cross-account role ${quoted(statement.actions)} without ${sentenceList(missing)}; ICA's cross-account copy needs ${sentenceList(ICA_CROSS_ACCOUNT_ACTIONS.copy)} ${SECTIONS}. Fix: add ${quoted(missing)} to the statement's Action.`,
              policy.carrier.urn,
            );
          }
          const onObjects = statement.resources.some((resource) => {
            const arn = parseS3Arn(resource);
            return resource === "*" || (arn?.key !== undefined && (name === undefined || wildcardMatch(arn.bucket, name)));
          });
          if (!onObjects) {
            const shown = name ?? "<bucket>";
            reportViolation(
              `${where} grants Illumina's cross-account role ${plural(statement.resources.length, "the resource", "the resources")} ${quoted(statement.resources)}, no object of ${label(bucket)}; its copy and move act on objects ${SECTIONS}. Fix: add "${objectArn(shown)}" (or the connection's "${objectArn(shown, "<prefix>")}") to Resource; "${bucketArn(shown)}" alone grants no object.`,
              policy.carrier.urn,
            );
          }
        }
      }
    });
  },
};
