/**
 * index.ts with an adopted bucket, its live state given by a stub reader: the configurations that
 * exist are imported and the others created; what applying would remove unannounced, or a bucket
 * that cannot be read, stops the program with a RunError before any resource is registered.
 */
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CannotCheck } from "../account/errors";
import { statementFingerprint, type LiveBucket } from "../model/adoption";
import { denyInsecureTransport } from "../iam/s3";
import { startMockEngine, type MockEngine, type RecordedResource } from "../offline/mock-engine";
import { ROOT, runProgram } from "../offline/run-plan";
import type { ResolvedBucket } from "../model/resolve";

const FILE = "test/fixtures/valid/adopted-bucket.yaml";
const BUCKET = "lab-legacy-runs";
const KEPT = {
  Sid: "BackupReader",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::444455556666:role/backup" },
  Action: "s3:GetObject",
  Resource: `arn:aws:s3:::${BUCKET}/*`,
};

function liveBucket(statements: object[], exists: Partial<LiveBucket["exists"]>): LiveBucket {
  return {
    policy: { Version: "2012-10-17", Statement: statements },
    corsRules: [],
    exists: { policy: true, publicAccessBlock: false, ownershipControls: false, encryption: false, versioning: false, cors: false, ...exists },
  };
}

let lastEngine: MockEngine | undefined;

async function preview(
  read: (bucket: ResolvedBucket) => Promise<LiveBucket | undefined>,
  { applied, providerRegion = "eu-west-2" }: { applied?: unknown; providerRegion?: string } = {},
) {
  const engine = startMockEngine({ stack: "ci", preview: true, config: { "vendor-connections:connectionsFile": FILE, "aws:region": providerRegion } });
  lastEngine = engine;
  const asked: string[] = [];
  const outputs = await runProgram(path.join(ROOT, "index.ts"), {
    readAdoptedBucket: (bucket) => {
      asked.push(`${bucket.name} ${bucket.region}`);
      return read(bucket);
    },
    // `selfReference` leaves the program to read its own stack's last outputs, as `pulumi up` does.
    readAppliedRecord: applied === "selfReference" ? undefined : async () => applied,
  });
  await engine.settle();
  return { resources: engine.resources, asked, outputs };
}

const importOf = (resources: RecordedResource[], type: string) => resources.find((r) => r.type === type)?.importId;

describe("index.ts with an adopted bucket", () => {
  it("reads the bucket in its region, imports the configurations it has and creates the others", async () => {
    const { resources, asked, outputs } = await preview(async () => liveBucket([KEPT], { encryption: true, publicAccessBlock: true }));
    assert.deepStrictEqual(asked, [`${BUCKET} eu-west-2`]);
    // What this update writes itself (the TLS-only deny, not the kept BackupReader) is recorded for the next run.
    assert.deepStrictEqual(outputs.adoptedBuckets, {
      [BUCKET]: { statements: [statementFingerprint(denyInsecureTransport(BUCKET) as unknown as Record<string, unknown>)], corsRules: [] },
    });
    assert.deepStrictEqual(
      [
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketPolicy:BucketPolicy",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "aws:s3/bucketVersioning:BucketVersioning",
      ].map((type) => [type, importOf(resources, type)]),
      [
        ["aws:s3/bucket:Bucket", BUCKET],
        ["aws:s3/bucketPolicy:BucketPolicy", BUCKET],
        ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", BUCKET],
        ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", BUCKET],
        ["aws:s3/bucketOwnershipControls:BucketOwnershipControls", undefined],
        ["aws:s3/bucketVersioning:BucketVersioning", undefined],
      ],
    );
  });

  it("stops at the bucket's place in the file, naming each statement applying would remove, and registers nothing", async () => {
    const foreign = {
      Sid: "PartnerRead",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:root" },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    };
    await assert.rejects(
      preview(async () => liveBucket([KEPT, foreign], {})),
      (e: Error) => {
        assert.ok(pulumi.RunError.isInstance(e), "a RunError, so the CLI shows no stack trace");
        assert.strictEqual(
          e.message,
          `${FILE} has 1 problem(s):\n${FILE}:5:5 bucket "${BUCKET}": its live bucket policy has Sid "PartnerRead", which the file neither keeps nor drops, so applying would remove it: keep it in extraPolicyStatements (npm run adopt -- --bucket ${BUCKET} prints it), or add "PartnerRead" to dropStatements`,
        );
        return true;
      },
    );
    await lastEngine!.settle();
    assert.deepStrictEqual(lastEngine!.resources, [], "nothing is half-applied: no resource was registered");
  });

  it("turns a bucket it cannot read into a RunError of one line", async () => {
    await assert.rejects(
      preview(async () => {
        throw new CannotCheck(`cannot read adopted bucket "${BUCKET}": access denied: the caller lacks s3:GetBucketPolicy`, false, "s3:GetBucketPolicy");
      }),
      (e: Error) => {
        assert.ok(pulumi.RunError.isInstance(e));
        assert.strictEqual(e.message, `cannot read adopted bucket "${BUCKET}": access denied: the caller lacks s3:GetBucketPolicy`);
        return true;
      },
    );
  });

  it("after an update, treats what it wrote then as its own: a removed connection's statement may go, outside the provider's region too", async () => {
    const removedConnection = {
      Sid: "OldRunsElementS3Access",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:role/old-runs-ci" },
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${BUCKET}/old/*`,
    };
    const applied = { [BUCKET]: { statements: [statementFingerprint(removedConnection)], corsRules: [] } };
    // The bucket was applied before, so its parts are in the stack: the region check of a first adoption does not apply.
    const { resources } = await preview(async () => liveBucket([KEPT, removedConnection], { encryption: true, publicAccessBlock: true }), {
      applied,
      providerRegion: "us-east-1",
    });
    // The import option stays on the parts that exist: the engine skips it for a part already in the
    // stack, and imports one that is not (an update that failed half-way).
    assert.strictEqual(importOf(resources, "aws:s3/bucketPolicy:BucketPolicy"), BUCKET);
    assert.strictEqual(importOf(resources, "aws:s3/bucketOwnershipControls:BucketOwnershipControls"), undefined);
  });

  it("refuses a first adoption outside the provider's region, where Pulumi's import would read the wrong region", async () => {
    await assert.rejects(
      preview(async () => liveBucket([KEPT], {}), { providerRegion: "us-east-1" }),
      (e: Error) => {
        assert.ok(pulumi.RunError.isInstance(e));
        assert.match(
          e.message,
          /:5:5 bucket "lab-legacy-runs": is in eu-west-2, but this stack's AWS provider works in us-east-1 \(aws:region\), and Pulumi imports an existing bucket's configuration through the provider's region: adopt it from a stack whose aws:region is eu-west-2$/,
        );
        return true;
      },
    );
  });

  it("reads what the last update applied through a reference to its own stack (none yet here: a first adoption)", async () => {
    const { resources, outputs } = await preview(async () => liveBucket([KEPT], { publicAccessBlock: true }), { applied: "selfReference" });
    assert.strictEqual(importOf(resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"), BUCKET);
    assert.ok((outputs.adoptedBuckets as Record<string, unknown>)[BUCKET]);
  });
});
