/**
 * Every policy of the pack, registered once. A vendor's policies are added here with the vendor
 * (one file per policy, named after the policy).
 */
import type { Policies } from "@pulumi/policy";
import { bucketDefaultEncryption } from "./bucket-default-encryption";
import { bucketNoAcl } from "./bucket-no-acl";
import { bucketNoDeprecatedV2 } from "./bucket-no-deprecated-v2";
import { bucketOwnershipControls } from "./bucket-ownership-controls";
import { bucketPolicyNoPublicPrincipal } from "./bucket-policy-no-public-principal";
import { bucketPublicAccessBlock } from "./bucket-public-access-block";
import { bucketTlsOnlyPolicy } from "./bucket-tls-only-policy";
import { elementExternalId } from "./element-external-id";
import { elementInferredActions } from "./element-inferred-actions";
import { elementListBucketPrefix } from "./element-list-bucket-prefix";
import { elementMaxSessionDuration } from "./element-max-session-duration";
import { elementRequiredActions } from "./element-required-actions";
import { elementRoleNoFederationToken } from "./element-role-no-federation-token";
import { elementTrustPolicy } from "./element-trust-policy";
import { iamListBucketPrefix } from "./iam-list-bucket-prefix";
import { iamNoWildcardActions } from "./iam-no-wildcard-actions";
import { iamPassRoleScoped } from "./iam-pass-role-scoped";
import { iamS3ArnShape } from "./iam-s3-arn-shape";
import { iamUserNoLoginProfile } from "./iam-user-no-login-profile";

/** Bucket hardening (DESIGN.md safety rules; vendor-requirements.md §12 rules 1 to 3). */
const bucket: Policies = [
  bucketPublicAccessBlock,
  bucketOwnershipControls,
  bucketDefaultEncryption,
  bucketTlsOnlyPolicy,
  bucketNoAcl,
  bucketPolicyNoPublicPrincipal,
  bucketNoDeprecatedV2,
];

/** Least privilege for every identity policy (§10, §12 rules 19, 23, 24). */
const iam: Policies = [iamNoWildcardActions, iamS3ArnShape, iamListBucketPrefix, iamPassRoleScoped, iamUserNoLoginProfile];

/** Element storage connections and ElemBio Cloud providers: Element's account and template (§1, §2). */
const element: Policies = [
  elementTrustPolicy,
  elementExternalId,
  elementMaxSessionDuration,
  elementRequiredActions,
  elementInferredActions,
  elementRoleNoFederationToken,
  elementListBucketPrefix,
];

export const policies: Policies = [...bucket, ...iam, ...element];
