import type { StackValidationPolicy } from "@pulumi/policy";
import { ICA_VERSIONED_ACTIONS } from "../../../vendors/ica";
import { bucketName, isVersioned, versioningStatuses } from "../lib/buckets";
import { missingGrants, placementText } from "../lib/grants";
import { describeIcaCredential, icaCredentialsByBucket } from "../lib/ica";
import { cite, plural, quoted, sentenceList } from "../lib/text";
import { label } from "../lib/types";
import { forEachKnown } from "../lib/values";

/** The actions ica.md §6.2 adds to ICA's bucket and object statements on a versioned bucket. */
const VERSIONED = {
  bucket: { actions: ICA_VERSIONED_ACTIONS.bucket, on: "bucket" as const },
  objects: { actions: ICA_VERSIONED_ACTIONS.objects, on: "objects" as const },
};

/** ICA syncs versioned and versioning-suspended buckets with the versioned policy (ica.md §3, §6.2). */
export const icaVersionedActions: StackValidationPolicy = {
  name: "ica-versioned-actions",
  description: "Checks that ICA's role or user is granted ICA's versioned action set on every versioned or versioning-suspended bucket it uses.",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(icaCredentialsByBucket(resources), ([bucket, credentials]) => {
      const statuses = versioningStatuses(bucket, resources);
      if (!isVersioned(statuses)) return;
      const name = bucketName(bucket);
      for (const credential of credentials) {
        const missing = missingGrants(credential.statements, VERSIONED, name);
        if (missing.length === 0) continue;
        const them = plural(missing.length, "it", "them");
        reportViolation(
          `${describeIcaCredential(credential)} uses ${label(bucket)}, whose versioning is ${quoted([...new Set(statuses)])}, but is not granted ${sentenceList(missing.map((m) => placementText(m.action, m.on)))}; ICA uses its versioned policy on versioned and versioning-suspended buckets ${cite("ica.md §3", "ica.md §6.2")}. Fix: grant ${them} as ICA's versioned policy does, bucket actions on the bucket ARN and object actions with the other object actions.`,
          credential.resource.urn,
        );
      }
    });
  },
};
