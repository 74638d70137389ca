/**
 * Seqera generates its external ID only once it has the role's ARN (docs/vendors/seqera.md §3.2):
 * the hand-off must show that ARN in a preview of a new stack, when AWS has assigned nothing yet.
 */
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { startMockEngine } from "../../offline/mock-engine";
import { ROOT, runProgram } from "../../offline/run-plan";

const known = <T>(value: pulumi.Input<T>) =>
  new Promise<{ known: boolean; value: T }>((resolve) => {
    const output = pulumi.output(value) as any;
    Promise.all([output.isKnown, output.promise()]).then(([isKnown, v]) => resolve({ known: isKnown, value: v }));
  });

describe("seqera hand-off in a preview", () => {
  it("shows the role ARN before the role exists, while the user's access key is still unknown", async () => {
    const engine = startMockEngine({ stack: "seqera", preview: true, config: { "vendor-connections:connectionsFile": "connections/examples/seqera.yaml" } });
    const outputs = (await runProgram(path.join(ROOT, "index.ts"))) as { handoff: Record<string, any> };
    await engine.settle();
    const role = await known<string>(outputs.handoff["seqera-work"].credential.assumeRole);
    assert.deepStrictEqual(role, { known: true, value: "arn:aws:iam::123456789012:role/seqera-work-seqera" });
    const key = await known<string>(outputs.handoff["seqera-explorer"].credential.accessKey);
    assert.strictEqual(key.known, false);
  });
});
