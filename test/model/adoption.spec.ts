/**
 * Adoption without loss, from the model alone: which live statements and CORS rules of an adopted
 * bucket the file neither keeps nor drops, how a statement without Sid is named, and the static
 * rules of dropStatements.
 */
import * as assert from "assert";
import { adoptionProblems, appliedToBucket, parseAppliedRecord, statementFingerprint, statementReference, type LiveBucket } from "../../model/adoption";
import { denyInsecureTransport } from "../../iam/s3";
import { corsRuleKey } from "../../model/bucket-cors";
import { parseConnectionsText } from "../../model/load";
import { modelOf } from "../harness";

const BUCKET = "lab-legacy-runs";
const FILE = `version: 1
buckets:
  ${BUCKET}:
    region: eu-west-2
    adopt: true
    extraPolicyStatements:
      - Sid: BackupReader
        Effect: Allow
        Principal: { AWS: arn:aws:iam::444455556666:role/backup }
        Action: [s3:GetObject]
        Resource: arn:aws:s3:::${BUCKET}/*
      - Sid: AdoptedStatement1
        Effect: Allow
        Principal: { AWS: arn:aws:iam::111122223333:role/reader }
        Action: s3:ListBucket
        Resource: arn:aws:s3:::${BUCKET}
    extraCorsRules:
      - { allowedMethods: [GET], allowedOrigins: ["https://viewer.lab.example"] }
    dropStatements: [OldVendorWrite]
connections:
  - name: aviti-legacy
    vendor: element
    bucket: ${BUCKET}
    prefix: aviti
    credential: { type: role, externalId: legacy-aviti-0001 }
`;

const model = modelOf(FILE);
const bucket = model.buckets[0];
const NOT_KEPT = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::999988887777:root" }, Action: "s3:*", Resource: `arn:aws:s3:::${BUCKET}/*` };
/** The file's AdoptedStatement1 as S3 returns it: no Sid, the principal's account as an ARN, lists as scalars. */
const KEPT_WITHOUT_SID = {
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::111122223333:role/reader" },
  Action: ["s3:ListBucket"],
  Resource: `arn:aws:s3:::${BUCKET}`,
};

const live = (statements: object[], corsRules: LiveBucket["corsRules"] = []): LiveBucket => ({
  policy: statements.length > 0 ? { Version: "2012-10-17", Statement: statements } : undefined,
  corsRules,
  exists: { policy: statements.length > 0, publicAccessBlock: true, ownershipControls: true, encryption: true, versioning: true, cors: corsRules.length > 0 },
});
const problemsWith = (state: LiveBucket) => adoptionProblems(bucket, model.connections, state).map((p) => `${p.severity} ${p.path.join(".")}: ${p.message}`);

describe("adoption: what applying would remove from an adopted bucket", () => {
  it("names a statement without Sid by a stable hash of its canonical content, and one with a Sid by its Sid", () => {
    assert.strictEqual(statementReference({ Sid: "PartnerRead", Effect: "Allow" }), "PartnerRead");
    const reference = statementReference(NOT_KEPT);
    assert.match(reference, /^sha256:[0-9a-f]{16}$/);
    // The same grant as AWS rewrites it (scalar lists, key order) has the same reference.
    const rewritten = { Resource: NOT_KEPT.Resource, Action: ["s3:*"], Principal: { AWS: ["arn:aws:iam::999988887777:root"] }, Effect: "Allow" };
    assert.strictEqual(statementReference(rewritten), reference);
    assert.notStrictEqual(statementReference({ ...NOT_KEPT, Action: "s3:GetObject" }), reference);
  });

  const cases: { name: string; state: LiveBucket; expected: string[] }[] = [
    {
      name: "a bucket with no policy and no CORS has nothing to keep",
      state: live([]),
      expected: [
        'warning buckets.lab-legacy-runs.dropStatements.0: names "OldVendorWrite", but the live bucket policy has no statement it would drop (removed already, or kept by the file); remove it from dropStatements',
      ],
    },
    {
      name: "statements the file keeps (by Sid; without Sid, by content) and the program's own, and a dropped Sid, pass; a Sid the program writes with other content warns",
      state: live(
        [
          {
            Sid: "BackupReader",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::444455556666:role/backup" },
            Action: "s3:GetObject",
            Resource: `arn:aws:s3:::${BUCKET}/*`,
          },
          KEPT_WITHOUT_SID,
          { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" },
          {
            Sid: "OldVendorWrite",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::999988887777:root" },
            Action: "s3:PutObject",
            Resource: `arn:aws:s3:::${BUCKET}/*`,
          },
        ],
        [{ allowedMethods: ["GET"], allowedOrigins: ["https://viewer.lab.example"] }],
      ),
      expected: [
        `warning buckets.lab-legacy-runs: its live bucket policy has a statement Sid "DenyInsecureTransport" that differs from the one the file writes under that Sid: applying replaces it (the preview shows the change); if the live one grants or denies something still needed, give the file's statement or the live one another Sid`,
      ],
    },
    {
      name: "a foreign Sid, a statement without Sid and a CORS rule the file does not keep are each an error naming the fix",
      state: live(
        [{ Sid: "PartnerRead", ...NOT_KEPT }, NOT_KEPT, { Sid: "OldVendorWrite", Effect: "Allow" }],
        [{ allowedMethods: ["PUT"], allowedOrigins: ["*"] }],
      ),
      expected: [
        `error buckets.lab-legacy-runs: its live bucket policy has Sid "PartnerRead", which the file neither keeps nor drops, so applying would remove it: keep it in extraPolicyStatements (npm run adopt -- --bucket lab-legacy-runs prints it), or add "PartnerRead" to dropStatements`,
        `error buckets.lab-legacy-runs: its live bucket policy has statement without Sid {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::999988887777:root"]},"Action":["s3:*"],"Resource":["arn:aws:s3:::lab-legacy-runs/*"]}, which the file neither keeps nor drops, so applying would remove it: keep it in extraPolicyStatements (npm run adopt -- --bucket lab-legacy-runs prints it), or add "${statementReference(NOT_KEPT)}" to dropStatements`,
        `error buckets.lab-legacy-runs: its live CORS configuration has the rule {"allowedMethods":["PUT"],"allowedOrigins":["*"]}, which the file does not keep, so applying would remove it: keep it in extraCorsRules (npm run adopt -- --bucket lab-legacy-runs prints it), or delete it from the bucket first if it should go`,
      ],
    },
  ];
  for (const { name, state, expected } of cases) {
    it(name, () => assert.deepStrictEqual(problemsWith(state), expected));
  }

  it("after an update, treats what it applied then as its own: no error for a removed connection's statement or rule, no warning for a changed Sid", () => {
    const removed = {
      Sid: "OldRunsSynapseList",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::325565585839:root" },
      Action: "s3:ListBucket",
      Resource: `arn:aws:s3:::${BUCKET}`,
    };
    const oldRule = { allowedMethods: ["GET" as const], allowedOrigins: ["https://old.example"] };
    const changedTls = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" };
    const state = live([removed, changedTls, KEPT_WITHOUT_SID], [oldRule]);
    const applied = { statements: [statementFingerprint(removed), statementFingerprint(changedTls)], corsRules: [corsRuleKey(oldRule)] };
    assert.deepStrictEqual(
      adoptionProblems(bucket, model.connections, state, applied).filter((p) => p.severity === "error" || /differs/.test(p.message)),
      [],
    );
    // Without the record, the same bucket is a first adoption: the removed statement and rule would be lost.
    assert.deepStrictEqual(
      adoptionProblems(bucket, model.connections, state).map((p) => p.severity),
      ["error", "warning", "error", "warning"],
    );
  });

  it("after an update, still guards what the file keeps for others, and warns about a hand edit of the program's own statement", () => {
    const applied = appliedToBucket(bucket, model.connections);
    const backupReader = {
      Sid: "BackupReader",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::444455556666:role/backup" },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    };
    const withoutBackupReader = { ...bucket, extraPolicyStatements: bucket.extraPolicyStatements.filter((s) => s.Sid !== "BackupReader") };
    assert.deepStrictEqual(
      adoptionProblems(withoutBackupReader, model.connections, live([backupReader]), applied).map((p) => p.severity + " " + p.message.slice(0, 60)),
      [`error its live bucket policy has Sid "BackupReader", which the fil`, `warning names "OldVendorWrite", but the live bucket policy has no st`],
    );
    const widened = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*` };
    assert.ok(
      adoptionProblems(bucket, model.connections, live([widened]), applied).some(
        (p) => p.severity === "warning" && /Sid "DenyInsecureTransport" that differs/.test(p.message),
      ),
    );
  });

  it("records the fingerprints of its own statements and rules only, and reads back only a well-formed record", () => {
    const applied = appliedToBucket(bucket, model.connections);
    // The TLS-only deny is the program's; BackupReader and AdoptedStatement1 are kept for others, and the extra CORS rule too.
    assert.deepStrictEqual(applied.statements, [statementFingerprint(denyInsecureTransport(BUCKET) as unknown as Record<string, unknown>)]);
    assert.match(applied.statements[0], /^[0-9a-f]{16}$/);
    assert.deepStrictEqual(applied.corsRules, []);
    assert.notStrictEqual(statementFingerprint({ Sid: "A", Effect: "Allow" }), statementFingerprint({ Sid: "B", Effect: "Allow" }));
    assert.deepStrictEqual([...parseAppliedRecord({ [BUCKET]: applied, broken: { statements: "x" } }).keys()], [BUCKET]);
    assert.strictEqual(parseAppliedRecord(undefined).size, 0);
  });

  it("accepts a statement without Sid once its sha256 reference is in dropStatements", () => {
    const dropping = { ...bucket, dropStatements: [statementReference(NOT_KEPT)] };
    assert.deepStrictEqual(adoptionProblems(dropping, model.connections, live([NOT_KEPT])), []);
  });
});

describe("dropStatements in the file", () => {
  const problems = (text: string) => {
    const result = parseConnectionsText(text, "test.yaml");
    return result.ok ? [] : result.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
  };

  it("is refused on a bucket that is not adopted, at the field", () => {
    assert.deepStrictEqual(problems(FILE.replace("    adopt: true\n", "")), [
      '18:21 bucket "lab-legacy-runs": dropStatements: lists statements to drop, but only an adopted bucket (adopt: true) has live statements this program did not write; remove dropStatements',
    ]);
  });

  it("may not name a statement the file keeps: the program's own Sid or an extra statement's", () => {
    assert.deepStrictEqual(problems(FILE.replace("dropStatements: [OldVendorWrite]", "dropStatements: [BackupReader, DenyInsecureTransport]")), [
      '19:22 bucket "lab-legacy-runs": dropStatements[0]: names Sid "BackupReader", which extraPolicyStatements[0] writes into the policy: a statement the file keeps cannot also be dropped; remove it from dropStatements',
      '19:36 bucket "lab-legacy-runs": dropStatements[1]: names Sid "DenyInsecureTransport", which the TLS-only statement this program adds to every bucket policy writes into the policy: a statement the file keeps cannot also be dropped; remove it from dropStatements',
    ]);
  });

  it("takes a Sid or a well-formed sha256 reference, nothing else", () => {
    assert.deepStrictEqual(problems(FILE.replace("dropStatements: [OldVendorWrite]", 'dropStatements: ["sha256:abc", " lead"]')), [
      '19:22 bucket "lab-legacy-runs": dropStatements[0]: "sha256:abc" is not a Sid or a sha256:<16 hex digits> reference',
      '19:36 bucket "lab-legacy-runs": dropStatements[1]: " lead" is not a Sid or a sha256:<16 hex digits> reference',
    ]);
  });
});
