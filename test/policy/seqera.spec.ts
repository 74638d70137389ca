/**
 * seqera-* policies: Seqera's role (recognised by its trust in Seqera Cloud's account) and IAM user
 * (recognised by Seqera's published Sids), docs/vendors/seqera.md §3, §4, §6.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { policyDocument, renderPolicy, type PolicyStatement } from "../../iam/document";
import type { ResolvedConnection } from "../../fields/resolved";
import {
  SEQERA_CORS_RULE,
  SEQERA_PLATFORM_ROLE_ARN,
  seqeraKeysTrustPolicy,
  seqeraKeysUserPolicy,
  seqeraPolicyStatements,
  seqeraTrustPolicy,
  type SeqeraConnection,
} from "../../vendors/seqera";
import type { CorsRule } from "../../vendors/types";
import { check, hardenedBucket, of, replace, settings } from "./helpers";

const EXTERNAL_ID = "7d1f0c52-3e9a-4b8e-9f6d-2a4c8e1b5f30";
const trust = (...statements: object[]) => ({ Version: "2012-10-17", Statement: statements });
const assume = (changes: object = {}) => ({
  Sid: "SeqeraAssumeRole",
  Effect: "Allow",
  Principal: { AWS: SEQERA_PLATFORM_ROLE_ARN },
  Action: "sts:AssumeRole",
  Condition: { StringEquals: { "sts:ExternalId": EXTERNAL_ID } },
  ...changes,
});
const tagSession = (changes: object = {}) => ({
  Sid: "SeqeraTagSession",
  Effect: "Allow",
  Principal: { AWS: SEQERA_PLATFORM_ROLE_ARN },
  Action: "sts:TagSession",
  ...changes,
});

interface SeqeraChanges {
  credential?: "role" | "user" | "user-with-role";
  /** The role's trust policy (default: the module's, with EXTERNAL_ID). */
  trust?: object;
  /** Changes the identity policy's statements. */
  statements?: (statements: PolicyStatement[]) => PolicyStatement[];
  /** The bucket's CORS rules (default: the module's for Data Explorer). */
  cors?: CorsRule[];
  uses?: Pick<SeqeraConnection, "workDirectory" | "dataExplorer" | "delete" | "discoverBuckets">;
}

/** A Seqera connection as ConnectedBucket and VendorAccess build it, written with raw resources. */
function seqeraConnection(name: string, bucketName: string, changes: SeqeraChanges = {}): void {
  const uses = changes.uses ?? { dataExplorer: true, discoverBuckets: true };
  const connection = {
    name,
    vendor: "seqera",
    bucket: bucketName,
    prefix: "nf/data",
    region: "us-east-1",
    sharedPrincipals: [],
    credential: changes.credential === "user" ? { type: "user" } : { type: "role", externalId: EXTERNAL_ID },
    ...uses,
  } as ResolvedConnection<SeqeraConnection>;
  const bucket = hardenedBucket(bucketName, { cors: changes.cors ?? (uses.dataExplorer ? [SEQERA_CORS_RULE] : undefined) });
  const policy = bucket.bucket.apply((b) =>
    renderPolicy(policyDocument((changes.statements ?? ((s) => s))(seqeraPolicyStatements(connection, { ...settings(b), name: b })))),
  );
  if (changes.credential === "user") {
    const user = new aws.iam.User(name, { name });
    new aws.iam.UserPolicy(`${name}-policy`, { user: user.name, policy });
    return;
  }
  if (changes.credential === "user-with-role") {
    // Keys with an assumed role (docs/vendors/seqera.md §3.4): the user may only assume the role, which trusts it.
    const user = new aws.iam.User(`${name}-user`, { name });
    const userArn = `arn:aws:iam::123456789012:user/${name}`;
    new aws.iam.UserPolicy(`${name}-user-policy`, {
      user: user.name,
      policy: renderPolicy(seqeraKeysUserPolicy(`arn:aws:iam::123456789012:role/${name}`, EXTERNAL_ID)),
    });
    const role = new aws.iam.Role(name, { name, assumeRolePolicy: JSON.stringify(changes.trust ?? seqeraKeysTrustPolicy(userArn, EXTERNAL_ID)) });
    new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy });
    return;
  }
  const role = new aws.iam.Role(name, { assumeRolePolicy: JSON.stringify(changes.trust ?? seqeraTrustPolicy(EXTERNAL_ID)) });
  new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy });
}

const seqeraFindings = <F extends { policy: string }>(found: F[]) => found.filter((f) => f.policy.startsWith("seqera-"));
const ROLE = `aws.iam.Role "nf-data" (trusted by Seqera Cloud's account 161471496260)`;

describe("policy pack: seqera", () => {
  it("passes Seqera's role and user as the components build them, for each use", async () => {
    const found = await check(() => {
      seqeraConnection("nf-data", "lab-seqera");
      seqeraConnection("nf-keys", "lab-seqera-keys", { credential: "user", uses: { dataExplorer: true, delete: true } });
      seqeraConnection("nf-work", "lab-seqera-work", { uses: { workDirectory: { computeRegion: "us-east-1" } } });
      seqeraConnection("nf-assume", "lab-seqera-assume", {
        credential: "user-with-role",
        uses: { dataExplorer: true, workDirectory: { computeRegion: "us-east-1" } },
      });
    });
    assert.deepStrictEqual(found, []);
  });

  it("recognises Seqera's role by its trust, not by its name: another account's role is not held to Seqera's rules", async () => {
    const found = await check(() => {
      new aws.iam.Role("seqera-access", {
        assumeRolePolicy: JSON.stringify(trust({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" })),
      });
    });
    assert.deepStrictEqual(seqeraFindings(found), []);
  });

  describe("seqera-trust-policy", () => {
    const cases: { name: string; trust: object; messages: string[] }[] = [
      {
        name: "another principal in Seqera's account",
        trust: trust(assume({ Principal: { AWS: "arn:aws:iam::161471496260:root" } }), tagSession()),
        messages: [
          `aws.iam.Role "nf-data" trust statement "SeqeraAssumeRole" names "arn:aws:iam::161471496260:root" in Seqera Cloud's account; Seqera assumes the role as "${SEQERA_PLATFORM_ROLE_ARN}" (docs/vendors/seqera.md §3.1). Fix: set Principal to {"AWS": "${SEQERA_PLATFORM_ROLE_ARN}"}.`,
        ],
      },
      {
        name: "no separate TagSession statement",
        trust: trust(assume()),
        messages: [
          `aws.iam.Role "nf-data" is trusted by Seqera Cloud's account but has no separate statement allowing {"AWS": "${SEQERA_PLATFORM_ROLE_ARN}"} "sts:TagSession"; Seqera's template requires it (docs/vendors/seqera.md §3.1). Fix: add {"Effect": "Allow", "Principal": {"AWS": "${SEQERA_PLATFORM_ROLE_ARN}"}, "Action": "sts:TagSession"}.`,
        ],
      },
      {
        name: "TagSession folded into the AssumeRole statement",
        trust: trust(assume({ Action: ["sts:AssumeRole", "sts:TagSession"] })),
        messages: [
          `aws.iam.Role "nf-data" is trusted by Seqera Cloud's account but has no separate statement allowing {"AWS": "${SEQERA_PLATFORM_ROLE_ARN}"} "sts:TagSession"; Seqera's template requires it (docs/vendors/seqera.md §3.1). Fix: add {"Effect": "Allow", "Principal": {"AWS": "${SEQERA_PLATFORM_ROLE_ARN}"}, "Action": "sts:TagSession"}.`,
          `aws.iam.Role "nf-data" trust statement "SeqeraAssumeRole" allows Seqera "sts:AssumeRole", "sts:TagSession"; Seqera's template has one statement with "sts:AssumeRole" (with the external ID) and a separate one with "sts:TagSession" (docs/vendors/seqera.md §3.1). Fix: write the two statements of Seqera's template, each with its one action.`,
        ],
      },
      {
        name: "a second principal",
        trust: trust(assume({ Principal: { AWS: [SEQERA_PLATFORM_ROLE_ARN, "arn:aws:iam::111122223333:root"] } }), tagSession()),
        messages: [
          `aws.iam.Role "nf-data" trust statement "SeqeraAssumeRole" allows principal {"AWS": "arn:aws:iam::111122223333:root"} too; only Seqera's platform role may assume Seqera's role (docs/vendors/seqera.md §3.1). Fix: remove that principal; give it a role of its own if it needs one.`,
        ],
      },
    ];
    for (const c of cases) {
      it(`reports ${c.name}`, async () => {
        const found = of(await check(() => seqeraConnection("nf-data", "lab-seqera", { trust: c.trust })), "seqera-trust-policy");
        assert.deepStrictEqual(
          found.map((f) => [f.enforcement, f.resource, f.message]),
          c.messages.map((m) => ["mandatory", "nf-data", m]),
        );
      });
    }
  });

  describe("seqera-external-id", () => {
    it("reports Seqera's AssumeRole without the external-ID condition", async () => {
      const found = of(
        await check(() => seqeraConnection("nf-data", "lab-seqera", { trust: trust(assume({ Condition: undefined }), tagSession()) })),
        "seqera-external-id",
      );
      assert.deepStrictEqual(
        found.map((f) => [f.enforcement, f.message]),
        [
          [
            "mandatory",
            `aws.iam.Role "nf-data" trust statement "SeqeraAssumeRole" lets Seqera Cloud's account assume the role without a StringEquals sts:ExternalId condition; Seqera's template requires the External ID Seqera generates (docs/vendors/seqera.md §3.1, §3.2). Fix: add "Condition": {"StringEquals": {"sts:ExternalId": "<the External ID Seqera shows>"}}, or leave credential.externalId out so the role trusts nobody until Seqera has generated it.`,
          ],
        ],
      );
    });

    it("reports an external ID AWS would refuse", async () => {
      const found = of(
        await check(() =>
          seqeraConnection("nf-data", "lab-seqera", { trust: trust(assume({ Condition: { StringEquals: { "sts:ExternalId": "has space" } } }), tagSession()) }),
        ),
        "seqera-external-id",
      );
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [
          `aws.iam.Role "nf-data" trust statement "SeqeraAssumeRole" sets sts:ExternalId "has space"; an external ID is 2 to 1224 characters of A-Z a-z 0-9 and + = , . @ : / _ - (no spaces) (docs/vendors/seqera.md §3.2). Fix: copy the External ID exactly as Seqera shows it.`,
        ],
      );
    });
  });

  describe("seqera-external-id-pending", () => {
    it("warns, and only warns, about the first phase's role that trusts nobody", async () => {
      const found = seqeraFindings(await check(() => seqeraConnection("nf-data", "lab-seqera", { trust: seqeraTrustPolicy(undefined) })));
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.enforcement, f.message]),
        [
          [
            "seqera-external-id-pending",
            "advisory",
            `aws.iam.Role "nf-data" trust statement "SeqeraAssumeRole" waits for Seqera's External ID: its condition lets nobody assume the role, so Seqera cannot use the credential yet (docs/vendors/seqera.md §3.2, §3.3). Fix: paste the role's ARN into Seqera's credential form (Role mode), save, set credential.externalId to the External ID Seqera shows, and apply again.`,
          ],
        ],
      );
    });
  });

  describe("seqera-required-actions", () => {
    it("reports Data Explorer's minimum missing (docs/vendors/seqera.md §4.2)", async () => {
      const found = of(
        await check(() =>
          seqeraConnection("nf-data", "lab-seqera", {
            statements: replace("S3DataExplorerBucket", (s) => ({ ...s, Action: ["s3:GetBucketLocation"] })),
          }),
        ),
        "seqera-required-actions",
      );
      assert.deepStrictEqual(
        found.map((f) => [f.enforcement, f.message]),
        [
          [
            "mandatory",
            `${ROLE} is not granted s3:GetBucketPolicy on a bucket ARN and s3:GetBucketAcl on a bucket ARN; Seqera needs them for Data Explorer (docs/vendors/seqera.md §4.2). Fix: grant them as in statement S3DataExplorerBucket.`,
          ],
        ],
      );
    });

    it("reports the work directory's log reads missing (docs/vendors/seqera.md §4.1)", async () => {
      const found = of(
        await check(() =>
          seqeraConnection("nf-data", "lab-seqera", {
            uses: { workDirectory: { computeRegion: "us-east-1" } },
            statements: replace("S3ReadOnlyNextflowLogFiles", (s) => ({ ...s, Action: ["s3:GetObjectTagging"] })),
          }),
        ),
        "seqera-required-actions",
      );
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [
          `${ROLE} is not granted s3:GetObject on an object ARN; Seqera needs it for a pipeline work directory (docs/vendors/seqera.md §4.1). Fix: grant it as in statement S3ReadOnlyNextflowLogFiles.`,
        ],
      );
    });

    it("holds the role of keys with an assumed role to Seqera's statements too (docs/vendors/seqera.md §3.4, §4.2)", async () => {
      const found = of(
        await check(() =>
          seqeraConnection("nf-assume", "lab-seqera-assume", {
            credential: "user-with-role",
            statements: replace("S3DataExplorerBucket", (s) => ({ ...s, Action: ["s3:GetBucketLocation"] })),
          }),
        ),
        "seqera-required-actions",
      );
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [
          `aws.iam.Role "nf-assume" (holding Seqera's policy statements) is not granted s3:GetBucketPolicy on a bucket ARN and s3:GetBucketAcl on a bucket ARN; Seqera needs them for Data Explorer (docs/vendors/seqera.md §4.2). Fix: grant them as in statement S3DataExplorerBucket.`,
        ],
      );
    });

    it("reports a Seqera role holding none of Seqera's statements", async () => {
      const found = of(
        await check(() => seqeraConnection("nf-data", "lab-seqera", { statements: (all) => all.filter((s) => s.Sid === "S3ListAllMyBuckets") })),
        "seqera-required-actions",
      );
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [
          `${ROLE} holds none of Seqera's S3 statements ("S3CheckBucketWorkDirectory", "S3ReadOnlyNextflowLogFiles", "S3ReadWriteBucketsForStudiosDataExplorer"), so Seqera can use it neither for a work directory nor in Data Explorer (docs/vendors/seqera.md §4). Fix: grant the statements of the bucket's use, as Seqera's template names them.`,
        ],
      );
    });
  });

  describe("seqera-inferred-actions", () => {
    it("warns when Data Explorer lacks the tagging actions", async () => {
      const found = of(
        await check(() =>
          seqeraConnection("nf-data", "lab-seqera", {
            statements: replace("S3ReadWriteBucketsForStudiosDataExplorer", (s) => ({ ...s, Action: ["s3:GetObject", "s3:PutObject"] })),
          }),
        ),
        "seqera-inferred-actions",
      );
      assert.deepStrictEqual(
        found.map((f) => [f.enforcement, f.message]),
        [
          [
            "advisory",
            `${ROLE} is not granted s3:GetObjectTagging on an object ARN and s3:PutObjectTagging on an object ARN; Seqera's scoped Data Explorer statement lists them, its Data Explorer minimum does not [INF] (docs/vendors/seqera.md §4.2, §9.1). Fix: grant them on the prefix's objects, in statement S3ReadWriteBucketsForStudiosDataExplorer.`,
          ],
        ],
      );
    });
  });

  describe("seqera-cors-rule", () => {
    const WHAT = `aws.s3.Bucket "lab-seqera" (granted to Seqera's Data Explorer through ${ROLE})`;
    const RULE = `{"allowedHeaders": ["*"], "allowedMethods": ["PUT", "POST", "DELETE", "GET"], "allowedOrigins": ["https://cloud.seqera.io"], "exposeHeaders": ["ETag"]}`;

    it("reports a Data Explorer bucket without Seqera's rule", async () => {
      const found = of(
        await check(() => seqeraConnection("nf-data", "lab-seqera", { cors: [{ ...SEQERA_CORS_RULE, allowedOrigins: ["https://other.example.org"] }] })),
        "seqera-cors-rule",
      );
      assert.deepStrictEqual(
        found.map((f) => [f.enforcement, f.resource, f.message]),
        [
          [
            "mandatory",
            "lab-seqera",
            `${WHAT} has no CORS rule allowing "https://cloud.seqera.io"; Data Explorer's uploads and downloads need the CORS rule ${RULE} (docs/vendors/seqera.md §6). Fix: add that rule to aws.s3.BucketCorsConfiguration "lab-seqera-cors".`,
          ],
        ],
      );
    });

    it("reports a rule for Seqera's origin without DELETE and ETag", async () => {
      const found = of(
        await check(() =>
          seqeraConnection("nf-data", "lab-seqera", { cors: [{ ...SEQERA_CORS_RULE, allowedMethods: ["PUT", "POST", "GET"], exposeHeaders: [] }] }),
        ),
        "seqera-cors-rule",
      );
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [
          `aws.s3.BucketCorsConfiguration "lab-seqera-cors" corsRules[0] allows "https://cloud.seqera.io" on ${WHAT} but lacks allowedMethods "DELETE" and exposeHeaders "ETag"; Data Explorer's uploads and downloads need the CORS rule ${RULE} (docs/vendors/seqera.md §6). Fix: add allowedMethods "DELETE" and exposeHeaders "ETag" to the rule.`,
        ],
      );
    });

    it("asks nothing of a work directory's bucket", async () => {
      const found = await check(() => seqeraConnection("nf-data", "lab-seqera", { uses: { workDirectory: { computeRegion: "us-east-1" } }, cors: [] }));
      assert.deepStrictEqual(of(found, "seqera-cors-rule"), []);
    });
  });
});
