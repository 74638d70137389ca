/**
 * Every policy of the pack, registered once. A vendor's policies are added here with the vendor
 * (one file per policy, named after the policy).
 */
import type { Policies } from "@pulumi/policy";
import { bucketDefaultEncryption } from "./bucket-default-encryption";
import { bucketNoAcl } from "./bucket-no-acl";
import { bucketNoDeprecatedV2 } from "./bucket-no-deprecated-v2";
import { bucketOwnershipControls } from "./bucket-ownership-controls";
import { bucketPolicyLiteralBucket } from "./bucket-policy-literal-bucket";
import { bucketPolicyNoPublicPrincipal } from "./bucket-policy-no-public-principal";
import { bucketPublicAccessBlock } from "./bucket-public-access-block";
import { bucketTlsOnlyPolicy } from "./bucket-tls-only-policy";
import { elembioBucketPolicyDrift } from "./elembio-bucket-policy-drift";
import { elembioExecutionRoleSourceAccount } from "./elembio-execution-role-source-account";
import { elembioExecutionRoleTrust } from "./elembio-execution-role-trust";
import { elembioHealthomicsActions } from "./elembio-healthomics-actions";
import { elembioHealthomicsRegion } from "./elembio-healthomics-region";
import { elembioPassRoleHealthomics } from "./elembio-pass-role-healthomics";
import { elembioPassRoleResource } from "./elembio-pass-role-resource";
import { elementExternalId } from "./element-external-id";
import { elementInferredActions } from "./element-inferred-actions";
import { elementListBucketPrefix } from "./element-list-bucket-prefix";
import { elementMaxSessionDuration } from "./element-max-session-duration";
import { elementRequiredActions } from "./element-required-actions";
import { elementRoleNoFederationToken } from "./element-role-no-federation-token";
import { elementTrustPolicy } from "./element-trust-policy";
import { iamKmsScoped } from "./iam-kms-scoped";
import { iamListBucketPrefix } from "./iam-list-bucket-prefix";
import { iamNoAwsManagedPolicy } from "./iam-no-aws-managed-policy";
import { iamNoIamWriteActions } from "./iam-no-iam-write-actions";
import { iamNoNotResource } from "./iam-no-not-resource";
import { iamNoWildcardActions } from "./iam-no-wildcard-actions";
import { iamPassRoleScoped } from "./iam-pass-role-scoped";
import { iamRoleTrustPublicPrincipal } from "./iam-role-trust-public-principal";
import { iamS3AllBuckets } from "./iam-s3-all-buckets";
import { iamS3ArnShape } from "./iam-s3-arn-shape";
import { iamUserNoLoginProfile } from "./iam-user-no-login-profile";
import { icaBucketRegion } from "./ica-bucket-region";
import { icaCorsExtraOrigins } from "./ica-cors-extra-origins";
import { icaCorsRule } from "./ica-cors-rule";
import { icaCrossAccountRole } from "./ica-cross-account-role";
import { icaKmsKey } from "./ica-kms-key";
import { icaNoBucketNotification } from "./ica-no-bucket-notification";
import { icaOidcProvider } from "./ica-oidc-provider";
import { icaRoleAudience } from "./ica-role-audience";
import { icaRoleMaxSessionDuration } from "./ica-role-max-session-duration";
import { icaRoleNoFederationToken } from "./ica-role-no-federation-token";
import { icaRoleRequiredActions } from "./ica-role-required-actions";
import { icaRoleTrust } from "./ica-role-trust";
import { icaRootFolder } from "./ica-root-folder";
import { icaUserRequiredActions } from "./ica-user-required-actions";
import { icaVersionedActions } from "./ica-versioned-actions";
import { prequelOnboardingDelete } from "./prequel-onboarding-delete";
import { prequelRequiredActions } from "./prequel-required-actions";
import { prequelTrustAudience } from "./prequel-trust-audience";
import { prequelTrustOtherPrincipal } from "./prequel-trust-other-principal";
import { prequelTrustSubject } from "./prequel-trust-subject";
import { synapseBucketPolicy } from "./synapse-bucket-policy";
import { synapseCorsRule } from "./synapse-cors-rule";
import { synapseOwnerMarker } from "./synapse-owner-marker";
import { synapseWholeBucket } from "./synapse-whole-bucket";
import { seqeraCorsRule } from "./seqera-cors-rule";
import { seqeraExternalId } from "./seqera-external-id";
import { seqeraExternalIdPending } from "./seqera-external-id-pending";
import { seqeraInferredActions } from "./seqera-inferred-actions";
import { seqeraRequiredActions } from "./seqera-required-actions";
import { seqeraTrustPolicy } from "./seqera-trust-policy";

/** Bucket hardening (DESIGN.md safety rules; docs/vendors/element.md §2; docs/vendors/elembio.md §2; docs/vendors/prequel.md §2; docs/vendors/ica.md §3.3, §10; docs/vendors/aws.md §3). */
const bucket: Policies = [
  bucketPublicAccessBlock,
  bucketOwnershipControls,
  bucketDefaultEncryption,
  bucketTlsOnlyPolicy,
  bucketPolicyLiteralBucket,
  bucketNoAcl,
  bucketPolicyNoPublicPrincipal,
  bucketNoDeprecatedV2,
];

/**
 * Least privilege for every identity policy (aws.md §1), and the IAM safety rules
 * no vendor template breaks: no public trust, no AWS-managed policies, no IAM writes.
 */
const iam: Policies = [
  iamNoWildcardActions,
  iamS3ArnShape,
  iamS3AllBuckets,
  iamNoNotResource,
  iamListBucketPrefix,
  iamPassRoleScoped,
  iamNoIamWriteActions,
  iamKmsScoped,
  iamUserNoLoginProfile,
  iamRoleTrustPublicPrincipal,
  iamNoAwsManagedPolicy,
];

/** Element storage connections and ElemBio Cloud providers: Element's account and template (element.md; elembio.md). */
const element: Policies = [
  elementTrustPolicy,
  elementExternalId,
  elementMaxSessionDuration,
  elementRequiredActions,
  elementInferredActions,
  elementRoleNoFederationToken,
  elementListBucketPrefix,
];

/**
 * ElemBio Cloud's own features: HealthOmics (the provider's omics actions and PassRole, the
 * execution role, its region) and bucket-policy sharing (elembio.md §5, §6, §7, §8).
 */
const elembio: Policies = [
  elembioHealthomicsActions,
  elembioPassRoleHealthomics,
  elembioPassRoleResource,
  elembioExecutionRoleTrust,
  elembioExecutionRoleSourceAccount,
  elembioBucketPolicyDrift,
  elembioHealthomicsRegion,
];

/** Illumina Connected Analytics: region, CORS, the role method's trust and provider, its policies, cross-account copy (ica.md). */
const ica: Policies = [
  icaBucketRegion,
  icaCorsRule,
  icaCorsExtraOrigins,
  icaRoleTrust,
  icaRoleAudience,
  icaRoleMaxSessionDuration,
  icaOidcProvider,
  icaUserRequiredActions,
  icaRoleRequiredActions,
  icaRoleNoFederationToken,
  icaVersionedActions,
  icaKmsKey,
  icaCrossAccountRole,
  icaNoBucketNotification,
  icaRootFolder,
];

/** Data-sync destinations (Prequel and its white labels): Google web-identity trust and the write policy (prequel.md). */
const prequel: Policies = [prequelTrustSubject, prequelTrustAudience, prequelTrustOtherPrincipal, prequelRequiredActions, prequelOnboardingDelete];

/** Synapse storage locations: the bucket-policy grant to Synapse's account, owner.txt, CORS; confinement advised (synapse.md). */
const synapse: Policies = [synapseBucketPolicy, synapseOwnerMarker, synapseCorsRule, synapseWholeBucket];

/** Seqera Platform Cloud: the platform role's trust and the generated external ID, the S3 statements of each use, Data Explorer's CORS (seqera.md). */
const seqera: Policies = [seqeraTrustPolicy, seqeraExternalId, seqeraExternalIdPending, seqeraRequiredActions, seqeraInferredActions, seqeraCorsRule];

export const policies: Policies = [...bucket, ...iam, ...element, ...elembio, ...ica, ...prequel, ...synapse, ...seqera];
