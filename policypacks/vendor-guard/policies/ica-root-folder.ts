import type { StackValidationPolicy } from "@pulumi/policy";
import { ICA_STATEMENTS } from "../../../vendors/ica";
import { objectArn } from "../../../iam/s3";
import { allowsAction, isAllow } from "../lib/documents";
import { describeIcaCredential, icaCredentials } from "../lib/ica";
import { keyPrefix, parseS3Arn } from "../lib/s3";
import { cite, quoted } from "../lib/text";
import { forEachKnown } from "../lib/values";

const OBJECT_ACTIONS: readonly string[] = ICA_STATEMENTS.S3ObjectOperations.actions;

/**
 * ICA's pages disagree on the bucket's root folder (ica.md §12.6); the newest says not to use it, and a
 * project on the root sees every folder of the bucket (ica.md §5). A recommendation, hence advisory.
 */
export const icaRootFolder: StackValidationPolicy = {
  name: "ica-root-folder",
  description: "Checks that ICA's role or user is granted objects under a folder of the bucket, not the whole bucket.",
  enforcementLevel: "advisory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(icaCredentials(resources), (credential) => {
      const whole = new Set<string>();
      for (const statement of credential.statements.filter(isAllow)) {
        if (!OBJECT_ACTIONS.some((action) => allowsAction(statement, action))) continue;
        for (const resource of statement.resources) {
          const arn = parseS3Arn(resource);
          if (arn?.key !== undefined && keyPrefix(arn.key) === "") whole.add(resource);
        }
      }
      if (whole.size === 0) return;
      const bucket = parseS3Arn([...whole][0])!.bucket;
      reportViolation(
        `${describeIcaCredential(credential)} is granted ICA's object actions on ${quoted([...whole])}, the whole bucket; ICA's newest pages say not to use the root folder, and a project on the root sees every folder of the bucket ${cite("ica.md §3", "ica.md §5", "ica.md §12.6")}. Fix: confine the object statement to the connection's folder, "${objectArn(bucket, "<prefix>")}", and give ICA the same key prefix.`,
        credential.resource.urn,
      );
    });
  },
};
