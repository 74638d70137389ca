import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isAllow, wildcardMatch } from "../lib/documents";
import { identityDocuments, whereLabel } from "../lib/iam";
import { cite, quoted } from "../lib/text";
import { label } from "../lib/types";

/** IAM's read-only action families [AWS]; every other IAM action changes identities or permissions. */
const READ_ONLY = /^iam:(Get|List|Generate|Simulate)/i;

/**
 * IAM actions a wildcard pattern is tested against: those that create credentials or grant
 * permissions (the privilege-escalation paths), one or more per write family of IAM [AWS].
 */
const WRITE_ACTIONS = [
  "AddClientIDToOpenIDConnectProvider",
  "AddRoleToInstanceProfile",
  "AddUserToGroup",
  "AttachGroupPolicy",
  "AttachRolePolicy",
  "AttachUserPolicy",
  "ChangePassword",
  "CreateAccessKey",
  "CreateInstanceProfile",
  "CreateLoginProfile",
  "CreateOpenIDConnectProvider",
  "CreatePolicy",
  "CreatePolicyVersion",
  "CreateRole",
  "CreateServiceLinkedRole",
  "CreateServiceSpecificCredential",
  "CreateUser",
  "DeactivateMFADevice",
  "DeleteRole",
  "DeleteRolePermissionsBoundary",
  "DeleteRolePolicy",
  "DeleteUserPolicy",
  "DetachRolePolicy",
  "EnableMFADevice",
  "PutGroupPolicy",
  "PutRolePermissionsBoundary",
  "PutRolePolicy",
  "PutUserPermissionsBoundary",
  "PutUserPolicy",
  "RemoveUserFromGroup",
  "ResetServiceSpecificCredential",
  "SetDefaultPolicyVersion",
  "TagRole",
  "TagUser",
  "UpdateAccessKey",
  "UpdateAssumeRolePolicy",
  "UpdateLoginProfile",
  "UpdateOpenIDConnectProviderThumbprint",
  "UpdateRole",
  "UploadSSHPublicKey",
].map((action) => `iam:${action}`);

/** True for an IAM action, or IAM action pattern, that can change identities or permissions. iam:PassRole is iam-pass-role-scoped's. */
function isIamWrite(action: string): boolean {
  if (!/^iam:/i.test(action) || READ_ONLY.test(action) || action.toLowerCase() === "iam:passrole") return false;
  return !/[*?]/.test(action) || WRITE_ACTIONS.some((write) => wildcardMatch(action, write));
}

/** A credential that may change IAM can grant itself anything: no vendor documents an IAM write action. */
export const iamNoIamWriteActions: ResourceValidationPolicy = {
  name: "iam-no-iam-write-actions",
  description:
    'Checks that no identity policy allows an IAM action that changes identities or permissions (iam:Create*, iam:Put*, iam:Attach*, iam:Update*, iam:Delete*, "iam:*" and the like).',
  enforcementLevel: "mandatory",
  validateResource: ({ type, name, props }, reportViolation) => {
    for (const document of identityDocuments(type, props)) {
      for (const statement of document.statements.filter(isAllow)) {
        const writes = statement.actions.filter(isIamWrite);
        if (writes.length === 0) continue;
        reportViolation(
          `${label({ type, name })}${whereLabel(document)} ${statement.label} allows ${quoted(writes)} on ${quoted(statement.resources.length > 0 ? statement.resources : statement.notResources.map((r) => `NotResource ${r}`))}, so the credential can create or widen identities and grant itself anything; no vendor needs to change IAM, only iam:PassRole for HealthOmics ${cite("elembio.md §5")}. Fix: remove ${quoted(writes)}.`,
        );
      }
    }
  },
};
