import * as assert from "assert";
import { bucketNotices, composeBucketPolicy, mergeCorsRules } from "../../components/bucket-plan";
import { assertGolden, modelOf } from "../harness";

const FILE = `
version: 1
defaults: { region: us-east-1 }
buckets:
  lab-shared:
    adopt: true
    extraPolicyStatements:
      - Sid: BackupReader
        Effect: Allow
        Principal: { AWS: arn:aws:iam::444455556666:role/backup }
        Action: [s3:GetObject, s3:ListBucket]
        Resource: [arn:aws:s3:::lab-shared, arn:aws:s3:::lab-shared/*]
        Condition: { Bool: { aws:SecureTransport: true }, NumericLessThan: { s3:max-keys: 1000 } }
connections:
  - name: aviti
    vendor: element
    bucket: lab-shared
    prefix: runs/aviti
    credential: { type: role, externalId: ext-01 }
    sharedPrincipals:
      - { arn: "arn:aws:iam::111122223333:role/partner", description: Partner }
      - { arn: "arn:aws:iam::111122223333:root" }
  - { name: ica-a, vendor: ica, bucket: lab-shared, prefix: ica/a, credential: { type: user }, crossAccount: move }
  - { name: ica-b, vendor: ica, bucket: lab-shared, prefix: ica/b, credential: { type: user } }
`;

describe("bucket plan", () => {
  const model = modelOf(FILE);
  const bucket = model.buckets[0];

  it("composes one canonical policy: TLS deny, every connection's fragment, the extra statements (golden)", () => {
    const policy = composeBucketPolicy(bucket, model.connections);
    assertGolden("bucket-policy/shared-adopted", policy);
    assert.deepStrictEqual(
      policy.Statement.map((s) => s.Sid),
      ["AvitiSharedList", "AvitiSharedLocation", "AvitiSharedRead", "BackupReader", "DenyInsecureTransport", "IcaAIcaCrossAccount"],
    );
    const deny = policy.Statement.find((s) => s.Sid === "DenyInsecureTransport")!;
    assert.deepStrictEqual(deny, {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:*"],
      Resource: ["arn:aws:s3:::lab-shared", "arn:aws:s3:::lab-shared/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    const backup = policy.Statement.find((s) => s.Sid === "BackupReader")!;
    assert.deepStrictEqual(
      backup.Condition,
      { Bool: { "aws:SecureTransport": "true" }, NumericLessThan: { "s3:max-keys": "1000" } },
      "YAML scalars become IAM strings",
    );
    const shared = policy.Statement.find((s) => s.Sid === "AvitiSharedRead")!;
    assert.deepStrictEqual(shared.Principal, { AWS: ["arn:aws:iam::111122223333:role/partner", "arn:aws:iam::111122223333:root"] });
    assert.ok(!policy.Statement.some((s) => s.Effect === "Allow" && s.Principal === "*"), "nothing is allowed to everyone");
  });

  it("is the same text whatever the order of connections in the file", () => {
    assert.deepStrictEqual(composeBucketPolicy(bucket, [...model.connections].reverse()), composeBucketPolicy(bucket, model.connections));
  });

  it("merges CORS rules: two ICA connections need the rule once, Element needs none", () => {
    assert.strictEqual(mergeCorsRules(model.connections).length, 1);
    assert.deepStrictEqual(mergeCorsRules([model.connections[0]]), []);
  });

  it("says in words what the offline plan could not check of an adopted bucket, and nothing for a new bucket", () => {
    const notices = bucketNotices(bucket);
    assert.strictEqual(notices.length, 1);
    assert.match(notices[0], /^bucket "lab-shared" is adopted: offline, this plan cannot read it, so it has not checked what applying would remove/);
    assert.match(
      notices[0],
      /neither keeps \(the program's own Sids, buckets\.lab-shared\.extraPolicyStatements\) nor drops \(buckets\.lab-shared\.dropStatements\)/,
    );
    assert.match(notices[0], /every live CORS rule the file does not keep \(buckets\.lab-shared\.extraCorsRules\)/);
    assert.match(
      notices[0],
      /What the program itself wrote there at an earlier update is its own to remove\. It imports the bucket policy, public access block, ownership controls, default encryption, versioning and CORS configuration the bucket has, so their changes show as updates, and creates the ones it lacks \(a first adoption needs the bucket in the stack's aws:region\)/,
    );
    assert.match(notices[0], /To see the live bucket now: npm run adopt -- --bucket lab-shared\.$/);
    assert.deepStrictEqual(bucketNotices({ ...bucket, adopt: false }), []);
  });

  it("counts the statements an adopted bucket drops, and leaves versioning out of a never-versioned bucket's parts", () => {
    const [notice] = bucketNotices({ ...bucket, versioning: "disabled", dropStatements: ["OldVendor", "sha256:0123456789abcdef"] });
    assert.match(notice, /nor drops \(buckets\.lab-shared\.dropStatements, 2 listed\)/);
    assert.match(notice, /imports the bucket policy, public access block, ownership controls, default encryption and CORS configuration the bucket has/);
  });
});
