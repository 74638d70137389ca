/**
 * index.ts, the Pulumi program itself: reads the stack's file from config, refuses bad input with a
 * RunError (the CLI prints its message without a stack trace), and exports the hand-off.
 */
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { startMockEngine } from "../offline/mock-engine";
import { ROOT, runProgram } from "../offline/run-plan";

async function runIndex(stack: string, connectionsFile?: string) {
  const engine = startMockEngine({ stack, preview: false, config: connectionsFile ? { "vendor-connections:connectionsFile": connectionsFile } : {} });
  const outputs = (await runProgram(path.join(ROOT, "index.ts"))) as { handoff: Record<string, any> };
  await engine.settle();
  return { outputs, engine };
}

describe("index.ts", () => {
  it("refuses an invalid file with a RunError listing every problem with its position", async () => {
    await assert.rejects(runIndex("prod", "test/fixtures/invalid/unknown-vendor.yaml"), (e: Error) => {
      assert.ok(pulumi.RunError.isInstance(e), "a RunError, so the CLI shows no stack trace");
      assert.match(
        e.message,
        /^test\/fixtures\/invalid\/unknown-vendor\.yaml has 1 problem\(s\):\ntest\/fixtures\/invalid\/unknown-vendor\.yaml:\d+:\d+ connection "aviti-runs": vendor: "elemnt" is not a supported vendor/,
      );
      return true;
    });
  });

  it("reads connections/<stack>.yaml when the config names no file", async () => {
    await assert.rejects(runIndex("no-such-stack"), /connections\/no-such-stack\.yaml:1:1 cannot read the connections file \(no such file\)/);
  });

  it("exports the hand-off per connection, with AWS-assigned values once applied", async () => {
    const { outputs } = await runIndex("example", "connections/example.yaml");
    assert.deepStrictEqual(Object.keys(outputs.handoff), ["aviti-runs", "aviti-satellite"]);
    const roleArn = await new Promise((resolve) => pulumi.output(outputs.handoff["aviti-runs"].roleArn).apply(resolve));
    assert.strictEqual(roleArn, "arn:aws:iam::123456789012:role/aviti-runs-example");
    assert.strictEqual(await pulumi.isSecret(pulumi.output(outputs.handoff["aviti-satellite"].secretKey)), true);
  });
});
