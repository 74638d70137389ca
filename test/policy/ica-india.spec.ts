/**
 * India's namespace, where ICA's own tables disagree: one setting in the connections file, read by
 * the program (the trust policy it writes) and so by the pack, with no code edited.
 */
import * as assert from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { runPlan } from "../../offline/run-plan";

const INDIA = "oidc.eks.ap-south-1.amazonaws.com/id/4C3E0D308DB6DA9625FF938C57DAB3B6";

function indiaFile(namespace: string | undefined): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ica-india-"));
  const file = path.join(dir, "dev.yaml");
  const chosen = namespace === undefined ? "" : `, oidcNamespace: ${namespace}`;
  writeFileSync(
    file,
    `version: 1\nconnections:\n  - { name: ica-india, vendor: ica, bucket: lab-ica-india, prefix: p, region: ap-south-1, credential: { type: role, roleSessionNamePrefix: abc${chosen} } }\n`,
  );
  return file;
}

describe("ICA's India namespace, set in the connections file", () => {
  for (const [namespace, expected] of [
    [undefined, "aps1"],
    ["aps3", "aps3"],
  ] as const) {
    it(`${namespace ?? "unset"}: the trust names ${expected}, and the pack passes it without any pack config`, async () => {
      const plan = await runPlan({ connectionsFile: indiaFile(namespace), stack: "dev" });
      assert.deepStrictEqual(plan.errors, []);
      const role = plan.resources.find((r) => r.type === "aws:iam/role:Role")!;
      const trust = role.inputs.assumeRolePolicy as { Statement: { Condition: { StringLike: Record<string, string> } }[] };
      assert.deepStrictEqual(trust.Statement[0].Condition.StringLike[`${INDIA}:sub`], `system:serviceaccount:${expected}:irsa-${expected}-gds*`);
      assert.deepStrictEqual(
        plan.violations.filter((v) => v.policy === "ica-role-trust"),
        [],
      );
    });
  }

  it("refuses oidcNamespace where ICA's tables agree", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ica-india-"));
    const file = path.join(dir, "dev.yaml");
    writeFileSync(
      file,
      "version: 1\nconnections:\n  - { name: ica-us, vendor: ica, bucket: lab-ica-us, prefix: p, region: us-east-1, credential: { type: role, roleSessionNamePrefix: abc, oidcNamespace: aps3 } }\n",
    );
    const plan = await runPlan({ connectionsFile: file, stack: "dev" });
    assert.deepStrictEqual(
      plan.errors.map((e) => ("message" in e ? e.message : "")),
      [
        `connection "ica-us": credential.oidcNamespace: ICA's tables agree on United States's namespace (use1), so there is nothing to choose; remove oidcNamespace (it is for ap-south-1 only, docs/vendors/ica.md §12.1)`,
      ],
    );
  });
});
