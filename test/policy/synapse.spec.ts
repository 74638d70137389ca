/**
 * synapse-* policies: buckets whose policy grants Synapse's account (docs/vendors/synapse.md),
 * run through the pack's own analyzer handlers.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { denyInsecureTransport } from "../../iam/s3";
import type { PolicyStatement } from "../../iam/document";
import type { ResolvedConnection } from "../../fields/resolved";
import { SYNAPSE_CORS_RULE, synapseBucketPolicyStatements, type SynapseConnection } from "../../vendors/synapse";
import type { CorsRule } from "../../vendors/types";
import { ICA_CORS_RULE } from "../../vendors/ica";
import { check, hardenedBucket, icaConnection, of, settings } from "./helpers";

interface SynapseChanges {
  prefix?: string;
  /** Changes Synapse's bucket-policy statements. */
  statements?: (statements: PolicyStatement[]) => PolicyStatement[];
  cors?: CorsRule[];
  /** Keys of the objects written into the bucket (default: owner.txt under the prefix). */
  markers?: string[];
}

/** A Synapse location as ConnectedBucket and VendorAccess build it, with raw resources. */
function synapseLocation(bucketName: string, changes: SynapseChanges = {}): void {
  const prefix = "prefix" in changes ? changes.prefix : "projects/rnaseq";
  const connection: ResolvedConnection<SynapseConnection> = {
    name: "synapse-project",
    vendor: "synapse",
    bucket: bucketName,
    prefix,
    region: "us-east-1",
    sharedPrincipals: [],
    credential: { type: "bucket-policy" },
    access: "read-write",
    owners: ["3412345"],
  };
  const bucket = hardenedBucket(bucketName, {
    cors: changes.cors ?? [SYNAPSE_CORS_RULE],
    policy: (b) => [denyInsecureTransport(b), ...(changes.statements ?? ((s) => s))(synapseBucketPolicyStatements(connection, { ...settings(b) }))],
  });
  for (const [n, key] of (changes.markers ?? [prefix ? `${prefix}/owner.txt` : "owner.txt"]).entries())
    new aws.s3.BucketObjectv2(`${bucketName}-marker-${n}`, { bucket: bucket.bucket, key, content: "3412345\n" });
}

const BUCKET = `aws.s3.Bucket "lab-synapse-share" (aws.s3.BucketPolicy "lab-synapse-share-policy" grants Synapse's account 325565585839)`;

/** The vendor's read-write policy verbatim (docs/vendors/synapse.md §3.1): wildcards, whole bucket. */
const verbatim = (b: string): PolicyStatement[] => [
  { Sid: "ReadAccess", Effect: "Allow", Principal: { AWS: "325565585839" }, Action: ["s3:ListBucket*", "s3:GetBucketLocation"], Resource: `arn:aws:s3:::${b}` },
  { Sid: "WriteAccess", Effect: "Allow", Principal: { AWS: "325565585839" }, Action: ["s3:*Object*", "s3:*MultipartUpload*"], Resource: `arn:aws:s3:::${b}/*` },
];

describe("policy pack: synapse", () => {
  it("passes a location as the components build it", async () => {
    assert.deepStrictEqual(await check(() => synapseLocation("lab-synapse-share")), []);
  });

  it("passes the vendor's verbatim policy (wildcards, s3:ListBucket*) with owner.txt at the root, advising to confine it", async () => {
    const found = await check(() =>
      synapseLocation("lab-synapse-share", { prefix: undefined, statements: () => verbatim("lab-synapse-share"), markers: ["owner.txt"] }),
    );
    assert.deepStrictEqual(found, [
      {
        policy: "synapse-whole-bucket",
        enforcement: "advisory",
        resource: "lab-synapse-share-policy",
        message: `${BUCKET} grants it every object of the bucket, as the vendor's policy does; Synapse needs only its storage location's base key, where it reads owner.txt and writes (docs/vendors/synapse.md §3.4). Fix: set the connection's prefix (Synapse's base key), so the grant covers "<prefix>/*" only.`,
      },
    ]);
  });

  describe("synapse-owner-marker", () => {
    const table: { name: string; markers: string[] }[] = [
      { name: "no owner.txt", markers: [] },
      { name: "owner.txt at the root, not under the base key", markers: ["owner.txt"] },
      { name: "owner.txt under another folder", markers: ["projects/owner.txt"] },
    ];
    for (const row of table) {
      it(`reports ${row.name}`, async () => {
        const found = await check(() => synapseLocation("lab-synapse-share", { markers: row.markers }));
        assert.deepStrictEqual(found, [
          {
            policy: "synapse-owner-marker",
            enforcement: "mandatory",
            resource: "lab-synapse-share",
            message: `${BUCKET} lets it read under "projects/rnaseq/", but the stack writes no object "projects/rnaseq/owner.txt"; Synapse refuses to create a storage location (read-only too) until it finds owner.txt at <base key>/owner.txt listing the user's or a team's identifiers (docs/vendors/synapse.md §6, §9, §10.2). Fix: write "projects/rnaseq/owner.txt" (an aws.s3.BucketObjectv2 with bucket set to this bucket) with one Synapse user or team ID per line, as a synapse connection does.`,
          },
        ]);
      });
    }
  });

  describe("synapse-bucket-policy", () => {
    it("reports a grant without reading and listing", async () => {
      const found = await check(() =>
        synapseLocation("lab-synapse-share", {
          statements: (statements) =>
            statements.filter((s) => !s.Sid.endsWith("SynapseList")).map((s) => (s.Sid.endsWith("SynapseObjects") ? { ...s, Action: ["s3:PutObject"] } : s)),
        }),
      );
      assert.deepStrictEqual(of(found, "synapse-bucket-policy"), [
        {
          policy: "synapse-bucket-policy",
          enforcement: "mandatory",
          resource: "lab-synapse-share-policy",
          message: `${BUCKET} does not grant it s3:ListBucket on a bucket ARN and s3:GetObject on an object ARN; every Synapse storage location, read-only or read-write, needs s3:ListBucket and s3:GetBucketLocation on the bucket and s3:GetObject on the objects (docs/vendors/synapse.md §3.1, §3.2). Fix: add s3:ListBucket on a bucket ARN and s3:GetObject on an object ARN to Synapse's statements.`,
        },
      ]);
    });

    it("accepts the bare account ID and the root ARN alike (docs/vendors/synapse.md §10.3)", async () => {
      const bare = (statements: PolicyStatement[]) => statements.map((s) => ({ ...s, Principal: { AWS: "325565585839" } }));
      assert.deepStrictEqual(await check(() => synapseLocation("lab-synapse-share", { statements: bare })), []);
    });
  });

  describe("synapse-cors-rule", () => {
    const table: { name: string; cors: CorsRule[] }[] = [
      { name: "no CORS rule", cors: [] },
      { name: "a rule without POST", cors: [{ ...SYNAPSE_CORS_RULE, allowedMethods: ["GET", "PUT", "HEAD"] }] },
    ];
    for (const row of table) {
      it(`reports ${row.name}`, async () => {
        const found = await check(() => synapseLocation("lab-synapse-share", { cors: row.cors }));
        assert.deepStrictEqual(found, [
          {
            policy: "synapse-cors-rule",
            enforcement: "mandatory",
            resource: "lab-synapse-share",
            message: `${BUCKET} has no CORS rule allowing all of "GET", "POST", "PUT", "HEAD"; Synapse's web client uploads and downloads from the browser and needs the vendor's rule (docs/vendors/synapse.md §4). Fix: add the rule {"allowedHeaders": ["*"], "allowedMethods": ["GET", "POST", "PUT", "HEAD"], "allowedOrigins": ["https://www.synapse.org"], "maxAgeSeconds": 3000} to the bucket's aws.s3.BucketCorsConfiguration.`,
          },
        ]);
      });
    }
  });

  describe("ica-cors-extra-origins on a bucket shared with Synapse", () => {
    it("accepts Synapse's default origin as Synapse's need, and still reports a wildcard origin", async () => {
      const shared = await check(() => icaConnection("ica-analysis", "lab-ica-analysis", { cors: [ICA_CORS_RULE, SYNAPSE_CORS_RULE] }));
      assert.deepStrictEqual(of(shared, "ica-cors-extra-origins"), []);
      const wide = await check(() =>
        icaConnection("ica-analysis", "lab-ica-analysis", { cors: [ICA_CORS_RULE, { ...SYNAPSE_CORS_RULE, allowedOrigins: ["*"] }] }),
      );
      assert.deepStrictEqual(
        of(wide, "ica-cors-extra-origins").map((f) => f.message.split(";")[0]),
        ['aws.s3.BucketCorsConfiguration "lab-ica-analysis-cors" corsRules[1] on ICA\'s aws.s3.Bucket "lab-ica-analysis" allows the CORS origin "*"'],
      );
    });
  });
});
