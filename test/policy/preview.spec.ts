/**
 * A preview of a brand-new stack: bucket ids are unknown, yet the stack checks stay mandatory,
 * because they relate resources through the dependency graph, never through ids
 * (pulumi-offline.md §2.4). What truly cannot be known degrades to CrossGuard's advisory for that
 * part only.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { startMockEngine } from "../../offline/mock-engine";
import { check, hardenedBucket } from "./helpers";

// The SDK's wire encoding of a value unknown during preview.
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function newStack() {
  hardenedBucket("lab-runs", { ownership: false, publicAccessBlock: { restrictPublicBuckets: false } });
}

describe("policy pack: preview of a new stack", () => {
  it("sends the public access block's bucket as unknown, with the edge to the bucket known", async () => {
    const engine = startMockEngine({ stack: "policy", preview: true });
    newStack();
    await engine.settle();
    const pab = engine.resources.find((r) => r.name === "lab-runs-pab")!;
    const bucket = engine.resources.find((r) => r.name === "lab-runs")!;
    assert.strictEqual(pab.rawInputs.bucket, UNKNOWN);
    assert.deepStrictEqual(pab.propertyDependencies.bucket, [bucket.urn]);
  });

  it("keeps the stack checks mandatory, exactly as after the bucket exists", async () => {
    const preview = await check(newStack, { preview: true });
    assert.deepStrictEqual(
      preview.map((f) => [f.policy, f.enforcement, f.resource]),
      [
        ["bucket-ownership-controls", "mandatory", "lab-runs"],
        ["bucket-public-access-block", "mandatory", "lab-runs-pab"],
      ],
    );
    assert.deepStrictEqual(await check(newStack, { preview: false }), preview);
  });

  it("keeps an unknown policy document from hiding another bucket's violation", async () => {
    const found = await check(() => {
      // Built from the bucket's ARN, which AWS assigns: unknown until the bucket exists.
      const other = hardenedBucket("lab-other", { policy: false });
      new aws.s3.BucketPolicy("lab-other-policy", {
        bucket: other.id,
        policy: other.arn.apply((arn) =>
          JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`] }] }),
        ),
      });
      hardenedBucket("lab-runs", { policy: false });
    });
    assert.deepStrictEqual(found, [
      {
        policy: "bucket-tls-only-policy",
        enforcement: "mandatory",
        resource: "lab-runs",
        message: `aws.s3.Bucket "lab-runs" has no bucket policy; every bucket has exactly one bucket policy, and it denies requests made without TLS (DESIGN.md safety rules; a second policy overwrites the first, docs/vendors/elembio.md §8; docs/vendors/aws.md §3). Fix: add one aws.s3.BucketPolicy with bucket set to this bucket's id and the statement {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [<bucket ARN>, "<bucket ARN>/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}.`,
      },
      {
        policy: "bucket-policy-no-public-principal",
        enforcement: "advisory",
        resource: "lab-other-policy",
        message:
          "can't run policy 'bucket-policy-no-public-principal' from policy pack 'vendor-guard@v0.1.0' during preview: string value at .policy can't be known during preview",
      },
      {
        policy: "bucket-tls-only-policy",
        enforcement: "advisory",
        resource: "",
        message:
          "can't run policy 'bucket-tls-only-policy' from policy pack 'vendor-guard@v0.1.0' during preview: string value at .policy can't be known during preview",
      },
    ]);
  });
});
