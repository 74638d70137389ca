/**
 * The documents under test: a connection's bucket policy, credential, identity policies and
 * execution role, found in the plan (the resources the real program registers under the mock
 * engine) through the logical names the components give them.
 */
import { MOCK_ACCOUNT_ID } from "../offline/mock-engine";
import type { PlannedResource } from "../offline/run-plan";
import type { ResolvedConnection, StackModel } from "../model/resolve";
import { BUCKET_POLICY_CREDENTIAL } from "../vendors/types";
import type { NamedPolicy } from "./request";

/** What the matrix needs of a plan: its resources (documents parsed) and the resolved model. */
export interface PlanForProof {
  resources: PlannedResource[];
  model: StackModel;
}

/** The account the plan deploys to (the mock engine's caller identity). */
export const ACCOUNT_ID = MOCK_ACCOUNT_ID;

export interface Documents {
  bucketPolicy: NamedPolicy;
  /**
   * The connection's credential; `none` when the vendor's own account is granted in the bucket
   * policy (credential type `bucket-policy`): the plan has no role, user or identity policy for it.
   */
  credential: { kind: "role"; name: string; arn: string; trust: NamedPolicy } | { kind: "user"; name: string; arn: string } | { kind: "none"; name: string };
  identityPolicies: NamedPolicy[];
  executionRole?: { name: string; arn: string; trust: NamedPolicy; policies: NamedPolicy[] };
  /** The user whose keys assume the role (credential type `user-with-role`), with its own policies. */
  keysUser?: { name: string; arn: string; policies: NamedPolicy[] };
}

function documentOf(resource: PlannedResource, key: string): unknown {
  const document = resource.inputs[key];
  if (!document || typeof document !== "object")
    throw new Error(`${resource.type} ${resource.name}: ${key} is not a known document (${JSON.stringify(document)})`);
  return document;
}

function componentOf(plan: PlanForProof, type: string, name: string): { component: PlannedResource; children: PlannedResource[] } {
  const component = plan.resources.find((r) => r.type === type && r.name === name);
  if (!component) throw new Error(`the plan has no ${type} named ${name}`);
  return { component, children: plan.resources.filter((r) => r.parent === component.urn) };
}

function childNamed(children: PlannedResource[], type: string, name: string): PlannedResource | undefined {
  return children.find((r) => r.type === type && r.name === name);
}

/** The connection's documents, found through the logical names the components give them. */
export function documentsOf(plan: PlanForProof, connection: ResolvedConnection): Documents {
  const bucket = componentOf(plan, "vendor-connections:index:ConnectedBucket", connection.bucket);
  const bucketPolicyResource = bucket.children.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy");
  if (!bucketPolicyResource) throw new Error(`bucket ${connection.bucket} has no bucket policy in the plan`);
  const access = componentOf(plan, "vendor-connections:index:VendorAccess", connection.name);
  const c = connection.name;
  const bucketPolicy = { name: `bucket policy of ${connection.bucket}`, document: documentOf(bucketPolicyResource, "policy") };
  if (connection.credential.type === BUCKET_POLICY_CREDENTIAL) {
    const stray = access.children.find((r) => r.type.startsWith("aws:iam/"));
    if (stray) throw new Error(`connection ${c}: a bucket-policy credential, but the plan has ${stray.type} ${stray.name}`);
    return { bucketPolicy, credential: { kind: "none", name: c }, identityPolicies: [] };
  }
  const role = childNamed(access.children, "aws:iam/role:Role", `${c}-role`);
  const user = childNamed(access.children, "aws:iam/user:User", `${c}-user`);
  const policy = childNamed(access.children, role ? "aws:iam/rolePolicy:RolePolicy" : "aws:iam/userPolicy:UserPolicy", `${c}-policy`);
  if (!(role ?? user) || !policy) throw new Error(`connection ${c}: the plan has no ${c}-role or ${c}-user with its ${c}-policy`);
  const credentialName = String((role ?? user)!.inputs.name);
  const credential: Documents["credential"] = role
    ? {
        kind: "role",
        name: credentialName,
        arn: `arn:aws:iam::${ACCOUNT_ID}:role/${credentialName}`,
        trust: { name: `trust policy of ${credentialName}`, document: documentOf(role, "assumeRolePolicy") },
      }
    : { kind: "user", name: credentialName, arn: `arn:aws:iam::${ACCOUNT_ID}:user/${credentialName}` };
  const documents: Documents = {
    bucketPolicy,
    credential,
    identityPolicies: [{ name: policy.name, document: documentOf(policy, "policy") }],
  };
  const keysPolicy = childNamed(access.children, "aws:iam/userPolicy:UserPolicy", `${c}-user-policy`);
  if (role && user) {
    if (!keysPolicy) throw new Error(`connection ${c}: the plan has ${c}-role and ${c}-user but no ${c}-user-policy`);
    const name = String(user.inputs.name);
    documents.keysUser = {
      name,
      arn: `arn:aws:iam::${ACCOUNT_ID}:user/${name}`,
      policies: [{ name: keysPolicy.name, document: documentOf(keysPolicy, "policy") }],
    };
  }
  const execution = childNamed(access.children, "aws:iam/role:Role", `${c}-execution-role`);
  if (execution) {
    const name = String(execution.inputs.name);
    const executionPolicy = childNamed(access.children, "aws:iam/rolePolicy:RolePolicy", `${c}-execution-policy`);
    documents.executionRole = {
      name,
      arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}`,
      trust: { name: `trust policy of ${name}`, document: documentOf(execution, "assumeRolePolicy") },
      policies: executionPolicy ? [{ name: executionPolicy.name, document: documentOf(executionPolicy, "policy") }] : [],
    };
  }
  return documents;
}
