import type { StackValidationPolicy } from "@pulumi/policy";
import { describeIcaBucket, ICA_NOTIFICATION_ACTIONS, icaBuckets } from "../lib/ica";
import { linkedTo } from "../lib/resources";
import { cite, sentenceList } from "../lib/text";
import { label, TYPES } from "../lib/types";
import { forEachKnown } from "../lib/values";

/**
 * ICA holds the bucket-notification actions and sets up the bucket's notifications for its event-driven
 * sync [INF]; a notification resource in the stack would overwrite ICA's, and ICA's would drift
 * from the stack (ica.md §3).
 */
export const icaNoBucketNotification: StackValidationPolicy = {
  name: "ica-no-bucket-notification",
  description: "Checks that the stack does not manage the event notifications of a bucket ICA uses, which ICA configures itself.",
  enforcementLevel: "advisory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(icaBuckets(resources), (ica) => {
      for (const notification of linkedTo(ica.bucket, [TYPES.notification], "bucket", resources)) {
        reportViolation(
          `${label(notification)} manages the event notifications of ${describeIcaBucket(ica)}; ICA holds ${sentenceList(ICA_NOTIFICATION_ACTIONS)} and configures the bucket's notifications for its own sync [INF], so each side would overwrite the other ${cite("ica.md §3")}. Fix: remove the aws.s3.BucketNotification and leave the bucket's notifications to ICA.`,
          notification.urn,
        );
      }
    });
  },
};
