/**
 * Checks the roles, users and OIDC providers against the plan, read-only: trust policy, maximum
 * session, inline policies, no managed policies, no console password, access keys and last use.
 */
import {
  GetLoginProfileCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { read } from "../account/errors";
import type { ExpectedIdentity, ExpectedOidcProvider } from "./expected";
import { Findings, type Finding } from "./findings";
import { describeDiff, diffPolicies, parsePolicyText, samePolicy } from "../iam/policy-diff";
import { checked } from "./verify-bucket";
import { verifyAccessKeys } from "./verify-keys";

const day = (date: Date | undefined) => (date ? date.toISOString().replace(/\.\d+Z$/, "Z") : undefined);

async function inlinePolicies(iam: IAMClient, f: Findings, identity: ExpectedIdentity): Promise<void> {
  const role = identity.kind === "role";
  const names = role
    ? (await read("iam:ListRolePolicies", () => iam.send(new ListRolePoliciesCommand({ RoleName: identity.name }))))?.PolicyNames
    : (await read("iam:ListUserPolicies", () => iam.send(new ListUserPoliciesCommand({ UserName: identity.name }))))?.PolicyNames;
  const live = names ?? [];
  const wanted = identity.inlinePolicies.map((p) => p.name);
  for (const name of live.filter((n) => !wanted.includes(n))) f.add(`inline policy ${name}`, "mismatch", "not in the plan");
  for (const planned of identity.inlinePolicies) {
    if (!live.includes(planned.name)) {
      f.add(`inline policy ${planned.name}`, "mismatch", "missing from AWS");
      continue;
    }
    const text = role
      ? (await read("iam:GetRolePolicy", () => iam.send(new GetRolePolicyCommand({ RoleName: identity.name, PolicyName: planned.name }))))?.PolicyDocument
      : (await read("iam:GetUserPolicy", () => iam.send(new GetUserPolicyCommand({ UserName: identity.name, PolicyName: planned.name }))))?.PolicyDocument;
    const diff = diffPolicies(planned.document, parsePolicyText(text));
    f.add(`inline policy ${planned.name}`, samePolicy(diff) ? "match" : "mismatch", samePolicy(diff) ? "equal to the plan" : describeDiff(diff));
  }
}

async function attachedPolicies(iam: IAMClient, f: Findings, identity: ExpectedIdentity): Promise<void> {
  const attached =
    identity.kind === "role"
      ? (await read("iam:ListAttachedRolePolicies", () => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: identity.name }))))?.AttachedPolicies
      : (await read("iam:ListAttachedUserPolicies", () => iam.send(new ListAttachedUserPoliciesCommand({ UserName: identity.name }))))?.AttachedPolicies;
  const arns = (attached ?? []).map((p) => p.PolicyArn ?? p.PolicyName);
  f.add("managed policies", arns.length === 0 ? "match" : "mismatch", arns.length === 0 ? "none attached" : `attached by hand: ${arns.join(", ")}`);
}

async function verifyRole(iam: IAMClient, identity: ExpectedIdentity): Promise<Finding[]> {
  const f = new Findings(`role ${identity.name}`);
  let exists = true;
  await checked(f, "trust policy", async () => {
    const role = (await read("iam:GetRole", () => iam.send(new GetRoleCommand({ RoleName: identity.name }))))?.Role;
    if (!role) {
      exists = false;
      f.add("exists", "mismatch", "the role does not exist");
      return;
    }
    const diff = diffPolicies(identity.trust, parsePolicyText(role.AssumeRolePolicyDocument));
    f.add("trust policy", samePolicy(diff) ? "match" : "mismatch", samePolicy(diff) ? "equal to the plan" : describeDiff(diff));
    f.compare("max session duration", identity.maxSessionDuration, role.MaxSessionDuration);
    const used = role.RoleLastUsed?.LastUsedDate;
    f.add("last used", "note", used ? `${day(used)} in ${role.RoleLastUsed?.Region ?? "an unreported region"}` : "never (or not within IAM's tracking period)");
  });
  if (!exists) return f.list;
  await checked(f, "inline policies", () => inlinePolicies(iam, f, identity));
  await checked(f, "managed policies", () => attachedPolicies(iam, f, identity));
  return f.list;
}

async function verifyUser(iam: IAMClient, identity: ExpectedIdentity): Promise<Finding[]> {
  const f = new Findings(`user ${identity.name}`);
  let exists = true;
  await checked(f, "exists", async () => {
    if (!(await read("iam:GetUser", () => iam.send(new GetUserCommand({ UserName: identity.name }))))) {
      exists = false;
      f.add("exists", "mismatch", "the user does not exist");
    }
  });
  if (!exists) return f.list;
  await checked(f, "inline policies", () => inlinePolicies(iam, f, identity));
  await checked(f, "managed policies", () => attachedPolicies(iam, f, identity));
  await checked(f, "console password", async () => {
    const profile = await read("iam:GetLoginProfile", () => iam.send(new GetLoginProfileCommand({ UserName: identity.name })));
    f.add("console password", profile ? "mismatch" : "match", profile ? "the user has a console password (login profile): delete it" : "none");
  });
  await checked(f, "access keys", () => verifyAccessKeys(iam, f, identity));
  return f.list;
}

export function verifyIdentity(iam: IAMClient, identity: ExpectedIdentity): Promise<Finding[]> {
  return identity.kind === "role" ? verifyRole(iam, identity) : verifyUser(iam, identity);
}

/** IAM names a provider by its URL without the scheme. */
const hostPath = (url: string) => url.replace(/^https:\/\//, "");

export async function verifyOidcProviders(iam: IAMClient, providers: ExpectedOidcProvider[]): Promise<Finding[]> {
  if (providers.length === 0) return [];
  const all: Finding[] = [];
  const list = new Findings("OIDC providers");
  let arns: string[] = [];
  await checked(list, "list", async () => {
    const answer = await read("iam:ListOpenIDConnectProviders", () => iam.send(new ListOpenIDConnectProvidersCommand({})));
    arns = (answer?.OpenIDConnectProviderList ?? []).map((p) => p.Arn ?? "");
  });
  all.push(...list.list);
  for (const provider of providers) {
    const f = new Findings(`OIDC provider ${hostPath(provider.url)}`);
    const arn = arns.find((a) => a.endsWith(`:oidc-provider/${hostPath(provider.url)}`));
    if (!arn) {
      if (list.list.length === 0) f.add("exists", "mismatch", "no such provider in the account");
      all.push(...f.list);
      continue;
    }
    await checked(f, "client IDs", async () => {
      const live = await read("iam:GetOpenIDConnectProvider", () => iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })));
      f.compare("URL", hostPath(provider.url), live?.Url ? hostPath(live.Url) : undefined);
      f.compare("client IDs", [...provider.clientIds].sort(), [...(live?.ClientIDList ?? [])].sort());
    });
    all.push(...f.list);
  }
  return all;
}
