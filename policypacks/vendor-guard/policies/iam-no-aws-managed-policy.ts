import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { linked } from "../lib/resources";
import { cite, sentenceList } from "../lib/text";
import { label, TYPES } from "../lib/types";
import { forEachKnown, ifKnown } from "../lib/values";

/** `arn:aws:iam::aws:policy/AdministratorAccess`, `arn:aws:iam::aws:policy/service-role/...`, in any partition. */
const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\//;

const REQUIREMENT = `an AWS-managed policy grants whole services (and grows when AWS edits it), where a vendor's credential holds exactly the actions the vendor documents ${cite("aws.md §1")}`;

/** Attachment type -> the properties naming what it attaches to, with the types they name. */
const ATTACHMENTS: Record<string, { property: string; type: string; what: string }[]> = {
  [TYPES.rolePolicyAttachment]: [{ property: "role", type: TYPES.role, what: "role" }],
  [TYPES.userPolicyAttachment]: [{ property: "user", type: TYPES.user, what: "user" }],
  [TYPES.policyAttachment]: [
    { property: "roles", type: TYPES.role, what: "roles" },
    { property: "users", type: TYPES.user, what: "users" },
  ],
};

/** The roles and users an attachment attaches to: the stack's resources, else the names written. */
function holders(attachment: PolicyResource, resources: readonly PolicyResource[]): string[] {
  return ATTACHMENTS[attachment.type].flatMap(({ property, type, what }) => {
    const found = linked(attachment, property, [type], resources);
    if (found.length > 0) return found.map(label);
    const written = [ifKnown(() => attachment.props[property])].flat().filter((v): v is string => typeof v === "string");
    return written.length > 0 ? [`the ${what} ${written.map((w) => `"${w}"`).join(", ")}`] : [];
  });
}

/**
 * The vendor checks read the documents of the stack's own policies; a policy attached by AWS's ARN
 * is invisible to them, so AdministratorAccess on Element's role would pass every vendor check.
 */
export const iamNoAwsManagedPolicy: StackValidationPolicy = {
  name: "iam-no-aws-managed-policy",
  description:
    "Checks that no role or user is attached an AWS-managed policy (arn:aws:iam::aws:policy/...), through an attachment resource or a role's managedPolicyArns.",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    const fix = "remove it, and grant the actions the vendor documents in a policy of the stack";
    // One pass, so an unknown value on one resource does not stop the others (lib/values.ts).
    forEachKnown(
      resources.filter((r) => r.type in ATTACHMENTS || r.type === TYPES.role),
      (resource) => {
        if (resource.type === TYPES.role) {
          const arns: unknown[] = ifKnown(() => resource.props.managedPolicyArns) ?? [];
          (Array.isArray(arns) ? arns : []).forEach((_, index) => {
            // An ARN unknown during preview is a policy of the stack (AWS assigns its ARN), never AWS's own.
            const arn = ifKnown(() => arns[index]);
            if (typeof arn === "string" && AWS_MANAGED.test(arn))
              reportViolation(`${label(resource)} managedPolicyArns[${index}] is the AWS-managed policy "${arn}"; ${REQUIREMENT}. Fix: ${fix}.`, resource.urn);
          });
          return;
        }
        const arn = ifKnown(() => resource.props.policyArn);
        if (typeof arn !== "string" || !AWS_MANAGED.test(arn)) return;
        const to = holders(resource, resources);
        reportViolation(
          `${label(resource)} attaches the AWS-managed policy "${arn}"${to.length > 0 ? ` to ${sentenceList(to)}` : ""}; ${REQUIREMENT}. Fix: ${fix}.`,
          resource.urn,
        );
      },
    );
  },
};
