/**
 * One account, several stacks: ICA's OIDC provider exists once per account and issuer. The first
 * stack creates it, the others adopt it; both plans work, none can delete it, and each plan says
 * who owns it.
 */
import * as assert from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { runPlan } from "../../offline/run-plan";

const ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/10FBA7EDEB5930CCFC300EF5AC3DB2FE";
const PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";

function stackFile(dir: string, stack: string, adopt: boolean): string {
  const file = path.join(dir, `${stack}.yaml`);
  writeFileSync(
    file,
    `version: 1
defaults: { region: us-east-1 }
connections:
  - name: ica-analysis
    vendor: ica
    bucket: lab-ica-${stack}
    prefix: analysis
    credential: { type: role, roleSessionNamePrefix: ${stack}ica${adopt ? ", adoptOidcProvider: true" : ""} }
`,
  );
  return file;
}

describe("ICA's OIDC provider across the dev and prod stacks of one account", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "oidc-stacks-"));

  it("dev creates and owns it, prod imports it; neither stack can delete it; each plan says who owns it", async () => {
    const dev = await runPlan({ connectionsFile: stackFile(dir, "dev", false), stack: "dev" });
    const prod = await runPlan({ connectionsFile: stackFile(dir, "prod", true), stack: "prod" });
    assert.deepStrictEqual([dev.errors, prod.errors], [[], []]);

    const providerOf = (plan: typeof dev) => plan.resources.filter((r) => r.type === PROVIDER);
    const [created] = providerOf(dev);
    const [imported] = providerOf(prod);
    assert.strictEqual(providerOf(dev).length, 1);
    assert.strictEqual(providerOf(prod).length, 1);
    assert.deepStrictEqual([created.name, created.inputs.url, created.retainOnDelete, created.import], ["oidc-us-east-1", ISSUER, true, undefined]);
    assert.deepStrictEqual(
      [imported.name, imported.inputs.url, imported.retainOnDelete, imported.import],
      ["oidc-us-east-1", ISSUER, true, `arn:aws:iam::123456789012:oidc-provider/${ISSUER.slice("https://".length)}`],
    );

    assert.deepStrictEqual(
      dev.notices.filter((n) => n.startsWith("OIDC provider")),
      [
        `OIDC provider ${ISSUER} is created and owned by stack "dev"; it is kept in the account if this stack stops needing it (retainOnDelete), since other stacks' roles may trust it. Every other stack of this account that needs it sets credential.adoptOidcProvider: true`,
      ],
    );
    assert.deepStrictEqual(
      prod.notices.filter((n) => n.startsWith("OIDC provider")),
      [
        `OIDC provider ${ISSUER} is adopted: it exists in the account already (created by another stack, or by hand), and stack "prod" imports it and never deletes it`,
      ],
    );

    // Both stacks' roles trust the one provider of the account, under their own role names.
    const roles = [dev, prod].map((plan) => plan.resources.find((r) => r.type === "aws:iam/role:Role")!);
    assert.deepStrictEqual(
      roles.map((r) => r.inputs.name),
      ["ica-analysis-dev", "ica-analysis-prod"],
    );
    for (const role of roles) {
      // The plan shows documents parsed.
      const trust = role.inputs.assumeRolePolicy as { Statement: { Principal: { Federated: string[] } }[] };
      assert.deepStrictEqual(trust.Statement[0].Principal.Federated, [`arn:aws:iam::123456789012:oidc-provider/${ISSUER.slice("https://".length)}`]);
    }
  });
});
