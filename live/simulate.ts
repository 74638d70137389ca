/**
 * Identity-side access in the live account: `iam:SimulatePrincipalPolicy` over the proofs' request
 * matrix (proofs/matrix.ts, the requests `npm run prove` evaluates offline), so a service control
 * policy, a permissions boundary or a hand edit that takes away a grant the vendor needs, or gives
 * a user one it must not have, shows. Only the matrix is shared: the offline simulator is a
 * development-only dependency under another licence, which product commands do not load.
 *
 * What the simulator can say, and so what is compared: for a user it takes the bucket policy as
 * the resource policy, so every request's full decision is compared with the proof's expectation.
 * For a role it evaluates only the identity policies (and the account's SCPs), never the trust or
 * the bucket policy, so only the requests the vendor must be allowed are compared: a refusal the
 * bucket policy makes (no TLS) cannot show there.
 */
import { SimulatePrincipalPolicyCommand, type ContextEntry, type IAMClient } from "@aws-sdk/client-iam";
import { read } from "../account/errors";
import type { ExpectedIdentity } from "./expected";
import { Findings, type Finding } from "./findings";
import { checked } from "./verify-bucket";

/** One request of the proofs' matrix (the fields read here): who asks for what, and the answer expected. */
export interface SimulatedCase {
  connection: string;
  what: string;
  expected: "allow" | "deny";
  request: { principal: string; action: string; resource: string; context: Record<string, string | string[]> };
}

/** The role or user a proof request is made by: an assumed-role session of role NAME, or user NAME. */
export function identityOfCaller(principal: string): { kind: "role" | "user"; name: string } | undefined {
  const role = /^arn:aws:sts::\d{12}:assumed-role\/([^/]+)\//.exec(principal);
  if (role) return { kind: "role", name: role[1] };
  const user = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(principal);
  return user ? { kind: "user", name: user[1] } : undefined;
}

function contextEntries(context: Record<string, string | string[]>): ContextEntry[] {
  return Object.entries(context).map(([key, value]) => {
    const values = Array.isArray(value) ? value : [value];
    const type = key === "aws:SecureTransport" ? "boolean" : Array.isArray(value) ? "stringList" : "string";
    return { ContextKeyName: key, ContextKeyValues: values, ContextKeyType: type };
  });
}

export async function simulateIdentity(
  iam: IAMClient,
  account: string,
  identity: ExpectedIdentity,
  cases: SimulatedCase[],
  bucketPolicies: Map<string, unknown>,
): Promise<Finding[]> {
  const f = new Findings(`${identity.kind} ${identity.name}`);
  const own = cases.filter((c) => {
    const caller = identityOfCaller(c.request.principal);
    return caller?.kind === identity.kind && caller.name === identity.name && (identity.kind === "user" || c.expected === "allow");
  });
  if (own.length === 0) return f.list;
  const arn = `arn:aws:iam::${account}:${identity.kind}/${identity.name}`;
  const differing: string[] = [];
  await checked(f, "simulated access", async () => {
    for (const c of own) {
      const bucket = /^arn:aws:s3:::([^/]+)/.exec(c.request.resource)?.[1];
      const resourcePolicy = identity.kind === "user" && bucket && bucketPolicies.has(bucket) ? JSON.stringify(bucketPolicies.get(bucket)) : undefined;
      const answer = await read("iam:SimulatePrincipalPolicy", () =>
        iam.send(
          new SimulatePrincipalPolicyCommand({
            PolicySourceArn: arn,
            ActionNames: [c.request.action],
            ResourceArns: [c.request.resource],
            ContextEntries: contextEntries(c.request.context),
            ...(resourcePolicy ? { ResourcePolicy: resourcePolicy, CallerArn: arn, ResourceOwner: `arn:aws:iam::${account}:root` } : {}),
          }),
        ),
      );
      const decision = answer?.EvaluationResults?.[0]?.EvalDecision ?? "no answer";
      const allowed = decision === "allowed";
      if (allowed !== (c.expected === "allow")) differing.push(`${c.what}: expected ${c.expected}, AWS says ${decision}`);
    }
    const scope = identity.kind === "user" ? "with the bucket policy" : "identity policies only";
    f.add(
      "simulated access",
      differing.length === 0 ? "match" : "mismatch",
      differing.length === 0 ? `${own.length} request(s) as expected (${scope})` : differing.join("; "),
    );
  });
  return f.list;
}
