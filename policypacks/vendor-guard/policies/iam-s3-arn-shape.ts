import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isAllow } from "../lib/documents";
import { bucketArn, objectArn } from "../../../iam/s3";
import { identityDocuments, whereLabel } from "../lib/iam";
import { isBucketArn, isObjectArn, parseS3Arn, s3ActionScope } from "../lib/s3";
import { cite, quoted, sentenceList } from "../lib/text";
import { label } from "../lib/types";

const SECTIONS = cite("aws.md §1", "element.md §10.2", "element.md §3.2");

/**
 * An object action paired only with bucket ARNs (or the reverse) grants nothing: Element's
 * storage-connection page, followed literally without a prefix, leaves s3:PutObject on the bucket ARN and
 * uploads fail (element.md §3, §10.2, §3.2). `*` grants the action on every bucket of the account.
 */
export const iamS3ArnShape: ResourceValidationPolicy = {
  name: "iam-s3-arn-shape",
  description: 'Checks that S3 object actions are granted on object ARNs and bucket actions on bucket ARNs, never on "*".',
  enforcementLevel: "mandatory",
  validateResource: ({ type, name, props }, reportViolation) => {
    for (const document of identityDocuments(type, props)) {
      for (const statement of document.statements.filter(isAllow)) {
        const where = `${label({ type, name })}${whereLabel(document)} ${statement.label}`;
        const objectActions = statement.actions.filter((a) => s3ActionScope(a) === "object");
        const bucketActions = statement.actions.filter((a) => s3ActionScope(a) === "bucket");
        if (objectActions.length + bucketActions.length === 0) continue;
        if (statement.resources.includes("*")) {
          reportViolation(
            `${where} grants ${sentenceList([...objectActions, ...bucketActions])} on "*", every bucket of the account; S3 actions name the bucket ARN or object ARNs under it ${cite("aws.md §1")}. Fix: replace "*" with "${bucketArn("<bucket>")}" for bucket actions and "${objectArn("<bucket>", "<prefix>")}" for object actions.`,
          );
          continue;
        }
        const s3Arns = statement.resources.filter((r) => parseS3Arn(r) !== undefined);
        // Access points and NotResource are not judged.
        if (s3Arns.length === 0) continue;
        const bucket = parseS3Arn(s3Arns[0])!.bucket;
        if (objectActions.length > 0 && !s3Arns.some(isObjectArn)) {
          reportViolation(
            `${where} grants ${sentenceList(objectActions)} on ${quoted(s3Arns)}, no object ARN, so it allows nothing; object actions act on object ARNs such as "${objectArn(bucket)}" or "${objectArn(bucket, "<prefix>")}" ${SECTIONS}. Fix: add "/*" (or "/<prefix>/*") to the bucket ARN for these actions.`,
          );
        }
        if (bucketActions.length > 0 && !s3Arns.some(isBucketArn)) {
          reportViolation(
            `${where} grants ${sentenceList(bucketActions)} on ${quoted(s3Arns)}, no bucket ARN, so it allows nothing; bucket actions act on the bucket ARN "${bucketArn(bucket)}" ${SECTIONS}. Fix: grant these actions on "${bucketArn(bucket)}".`,
          );
        }
      }
    }
  },
};
