import type { ResourceValidationPolicy } from "@pulumi/policy";
import { cite } from "../lib/text";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";
import { ifKnown } from "../lib/values";

export const iamUserNoLoginProfile: ResourceValidationPolicy = {
  name: "iam-user-no-login-profile",
  description: "Checks that no IAM user is given a console password (a UserLoginProfile).",
  enforcementLevel: "mandatory",
  validateResource: ofType(TYPES.userLoginProfile, ({ type, name, props }, reportViolation) => {
    const user = ifKnown(() => props.user);
    const who = typeof user === "string" ? `IAM user "${user}"` : "an IAM user";
    reportViolation(
      `${label({ type, name })} gives ${who} a console password; vendor users have programmatic access only ${cite("element.md §5", "elembio.md §4", "prequel.md §5")}. Fix: remove the aws.iam.UserLoginProfile; the vendor needs only the access key.`,
    );
  }),
};
