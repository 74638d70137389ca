/**
 * verify during an access-key rotation, against moto_server: the plan of a file with accessKeys
 * [1, 2] expects two keys, and verify names them by generation; once the file lists only [2] while
 * both keys still exist (pulumi up not run yet), the key the file no longer accounts for is a
 * mismatch, exit 1. moto records no key use, so last-use dates are tested with SDK stubs.
 */
import * as assert from "assert";
import { writeFileSync } from "fs";
import * as path from "path";
import { ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { expectedFromPlan } from "../../live/expected";
import { exitCodeOf, verifyStack } from "../../live/verify";
import { MOCK_ACCOUNT_ID } from "../../offline/mock-engine";
import { runPlan } from "../../offline/run-plan";
import { createPlanned } from "./fixture";
import { useMoto } from "./moto";

const fileWith = (accessKeys: string) => `version: 1
defaults: { region: us-east-1 }
buckets:
  lab-rotation: {}
connections:
  - name: aviti-keys
    vendor: element
    bucket: lab-rotation
    prefix: runs
    credential: { type: user, accessKeys: ${accessKeys} }
`;

describe("verify an access-key rotation against moto_server", function () {
  this.timeout(120_000);
  const suite = useMoto("verify-rotation-");

  const plan = async (accessKeys: string) => {
    const file = path.join(suite.dir, `${accessKeys.replace(/\W/g, "")}.yaml`);
    writeFileSync(file, fileWith(accessKeys));
    return runPlan({ connectionsFile: file, stack: "prod" });
  };
  const verify = (planned: Awaited<ReturnType<typeof runPlan>>) =>
    verifyStack({
      clients: suite.clients,
      stack: "prod",
      resources: planned.resources,
      connections: planned.connections,
      mockAccount: MOCK_ACCOUNT_ID,
      endpoint: suite.moto.endpoint,
    });

  it("expects the generations the file lists, from the planned keys' names", async () => {
    for (const [list, generations] of [
      ["[1]", [1]],
      ["[1, 2]", [1, 2]],
      ["[2]", [2]],
      ["[2, 3]", [2, 3]],
    ] as const) {
      const user = expectedFromPlan((await plan(list)).resources).identities.find((i) => i.kind === "user");
      assert.deepStrictEqual(user?.accessKeys, generations, list);
    }
  });

  it("names both keys by generation while the rotation is under way, exit 0", async () => {
    const rotating = await plan("[1, 2]");
    await createPlanned(suite.clients, expectedFromPlan(rotating.resources));
    const report = await verify(rotating);
    const listed = await suite.clients.iam.send(new ListAccessKeysCommand({ UserName: "aviti-keys-prod" }));
    const ids = (listed.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId);
    assert.strictEqual(ids.length, 2);
    const keys = report.findings.filter((f) => f.subject === "user aviti-keys-prod" && (f.check.startsWith("access key") || f.check === "rotation"));
    assert.deepStrictEqual(
      keys.map((f) => [f.check, f.status]),
      [
        ["access keys", "match"],
        [`access key ${ids[0]} (generation 1)`, "note"],
        [`access key ${ids[1]} (generation 2)`, "note"],
        ["rotation", "note"],
      ],
    );
    assert.strictEqual(keys[0].detail, "2 active, 0 inactive, as accessKeys [1, 2] lists");
    assert.match(keys[3].detail, new RegExp(`^key 2 \\(${ids[1]}\\) is not used yet: paste it into the vendor's UI`));
    assert.strictEqual(exitCodeOf(report), 0);
  });

  it("reports the key the file no longer lists until pulumi up retires it, exit 1", async () => {
    await createPlanned(suite.clients, expectedFromPlan((await plan("[1, 2]")).resources));
    const report = await verify(await plan("[2]"));
    const count = report.findings.find((f) => f.subject === "user aviti-keys-prod" && f.check === "access keys");
    assert.strictEqual(count?.status, "mismatch");
    assert.match(count!.detail, /^2 active, 0 inactive, but accessKeys \[2\] accounts for 1: run pulumi up to retire the generation the file dropped/);
    assert.strictEqual(exitCodeOf(report), 1);
  });
});
