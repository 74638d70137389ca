/**
 * Synapse connections in the components: nothing in IAM, owner.txt written under the prefix for
 * read-only and read-write locations, Synapse's grant in the bucket's one policy
 * (docs/vendors/synapse.md §2, §3.4, §6).
 */
import * as assert from "assert";
import { childrenOf, inputsOf, modelOf, only, useComponents, valueOf } from "../harness";

const CONTEXT = { stack: "test", accountId: "123456789012" };

describe("createConnections with synapse", () => {
  const suite = useComponents();

  it("creates no IAM resource and writes owner.txt under each prefix, read-only too, related to the bucket", async () => {
    const model = modelOf(`
version: 1
defaults: { region: eu-west-1 }
connections:
  - { name: syn-rw, vendor: synapse, bucket: lab-share, prefix: projects/a, access: read-write, owners: [3412345, lab-manager] }
  - { name: syn-ro, vendor: synapse, bucket: lab-share, prefix: releases, access: read-only, owners: ["273960"] }
`);
    const { access } = suite.components.createConnections(model, CONTEXT);
    await suite.engine.settle();
    const bucket = only(suite.engine.resources, "aws:s3/bucket:Bucket");
    for (const [name, key, content] of [
      ["syn-rw", "projects/a/owner.txt", "3412345\nlab-manager\n"],
      ["syn-ro", "releases/owner.txt", "273960\n"],
    ]) {
      assert.deepStrictEqual(childrenOf(suite.engine.resources, await valueOf(access[name].urn)), [
        ["aws:s3/bucketObjectv2:BucketObjectv2", `${name}-owner-marker`],
      ]);
      const marker = only(suite.engine.resources, "aws:s3/bucketObjectv2:BucketObjectv2", `${name}-owner-marker`);
      assert.deepStrictEqual(
        { key: inputsOf(marker).key, content: inputsOf(marker).content, region: inputsOf(marker).region, bucket: inputsOf(marker).bucket },
        { key, content, region: "eu-west-1", bucket: "lab-share" },
      );
      assert.deepStrictEqual(marker.propertyDependencies.bucket, [bucket.urn], "the marker is related to its bucket");
    }
    assert.strictEqual(suite.engine.resources.filter((r) => r.type.startsWith("aws:iam/")).length, 0, "a bucket-policy credential creates nothing in IAM");
    const policy = inputsOf(only(suite.engine.resources, "aws:s3/bucketPolicy:BucketPolicy")).policy;
    assert.deepStrictEqual(
      policy.Statement.filter((s: any) => s.Sid.endsWith("SynapseObjects")).map((s: any) => [s.Sid, s.Resource]),
      [
        ["SynRoSynapseObjects", ["arn:aws:s3:::lab-share/releases/*"]],
        ["SynRwSynapseObjects", ["arn:aws:s3:::lab-share/projects/a/*"]],
      ],
    );
    const cors = inputsOf(only(suite.engine.resources, "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")).corsRules;
    assert.deepStrictEqual(
      cors.map((r: any) => r.allowedOrigins),
      [["https://www.synapse.org"]],
      "one rule for both connections",
    );
  });
});
