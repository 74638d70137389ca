/**
 * ica-* policies: Illumina Connected Analytics' buckets and credentials, recognised by what they
 * are (a trust federating ICA's OIDC provider, ICA's notification actions, ICA's CORS origin,
 * Illumina's account in a bucket policy), docs/vendors/ica.md to ica.md §10.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { publicTrustMessage } from "./helpers";
import { ICA_CORS_RULE } from "../../vendors/ica";
import { check, icaConnection, icaTrust, replace } from "./helpers";

const EUC1 = "oidc.eks.eu-central-1.amazonaws.com/id/FD40D1945EBD71D8433A98C0CE04E625";
const ROLE = `aws.iam.Role "ica-analysis" (trusted through ICA's OIDC provider ${EUC1})`;
const USER = `aws.iam.User "ica-scratch" (granted ICA's s3:PutBucketNotification and s3:GetBucketNotification)`;
const KMS_KEY = "arn:aws:kms:eu-central-1:123456789012:key/6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const CORS_REQUIREMENT =
  'ICA\'s browser uploads need the CORS rule {"allowedHeaders": ["*"], "allowedMethods": ["HEAD", "GET", "PUT", "POST", "DELETE"], "allowedOrigins": ["https://ica.illumina.com"], "exposeHeaders": ["ETag", "x-amz-meta-custom-header"]} (docs/vendors/ica.md §4)';
const PROVIDER_REQUIREMENT =
  'the role method needs ICA\'s OIDC provider in your account, with client ID "sts.amazonaws.com", and IAM refuses a trust policy naming a provider that does not exist yet (docs/vendors/ica.md §7.2)';
const SESSION_REQUIREMENT = 'the RoleSessionName prefix ICA generates for each credential is its proof of identity, and the trust allows "<prefix>-*"';
const SUBJECT = "system:serviceaccount:euc1:irsa-euc1-gds*";

/** ICA's trust for eu-central-1 with its one statement changed. */
function trust(changes: Record<string, unknown>) {
  const document = icaTrust("eu-central-1");
  return { ...document, Statement: [{ ...document.Statement[0], ...changes }] };
}

describe("policy pack: ica", () => {
  it("passes ICA's role and user as the components build them: versioned, SSE-KMS, cross-account copy and move", async () => {
    const found = await check(() => {
      icaConnection("ica-analysis", "lab-ica-analysis", { versioning: "Enabled", kmsKeyArn: KMS_KEY, crossAccount: "copy" });
      icaConnection("ica-moves", "lab-ica-moves", { versioning: "Suspended", crossAccount: "move", region: "us-east-1" });
      icaConnection("ica-scratch", "lab-ica-scratch", { credential: "user" });
    });
    assert.deepStrictEqual(found, []);
  });

  it("passes ICA's trust in every region where ICA publishes an OIDC provider (India with the namespace as printed)", async () => {
    const regions = [
      "ap-southeast-2",
      "ca-central-1",
      "eu-central-1",
      "ap-south-1",
      "ap-northeast-1",
      "ap-southeast-1",
      "ap-northeast-2",
      "eu-west-2",
      "us-east-1",
    ] as const;
    assert.deepStrictEqual(await check(() => regions.forEach((region) => icaConnection(`ica-${region}`, `lab-ica-${region}`, { region }))), []);
  });

  it("does not take a user granted s3:* for ICA's: recognition needs ICA's notification actions by name", async () => {
    const found = await check(() => {
      const bucket = new aws.s3.Bucket("lab-admin", { bucket: "lab-admin", region: "us-west-2" });
      const user = new aws.iam.User("admin", { name: "admin" });
      new aws.iam.UserPolicy("admin-policy", {
        user: user.name,
        policy: bucket.bucket.apply((b) =>
          JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`] }] }),
        ),
      });
    });
    assert.deepStrictEqual(
      found.filter((f) => f.policy.startsWith("ica-")),
      [],
    );
  });

  describe("ica-bucket-region", () => {
    it("reports a bucket outside ICA's regions", async () => {
      const found = await check(() => icaConnection("ica-scratch", "lab-ica-scratch", { credential: "user", region: "us-west-2" }));
      assert.deepStrictEqual(found, [
        {
          policy: "ica-bucket-region",
          enforcement: "mandatory",
          resource: "lab-ica-scratch",
          message:
            'aws.s3.Bucket "lab-ica-scratch" (granted to ICA\'s aws.iam.User "ica-scratch") is in "us-west-2", which is not an ICA region; ICA connects only buckets in its project\'s region (docs/vendors/ica.md §2). Fix: use a bucket in ap-southeast-2 (Australia), ca-central-1 (Canada), eu-central-1 (Germany), ap-south-1 (India), ap-southeast-3 (Indonesia), il-central-1 (Israel), ap-northeast-1 (Japan), ap-southeast-1 (Singapore), ap-northeast-2 (South Korea), eu-west-2 (UK), me-central-1 (United Arab Emirates) and us-east-1 (United States).',
        },
      ]);
    });

    it("reports a bucket in another region than the OIDC provider its ICA role trusts", async () => {
      const found = await check(() => icaConnection("ica-analysis", "lab-ica-analysis", { region: "eu-west-2", trustRegion: "eu-central-1" }));
      assert.deepStrictEqual(found, [
        {
          policy: "ica-bucket-region",
          enforcement: "mandatory",
          resource: "lab-ica-analysis",
          message: `aws.s3.Bucket "lab-ica-analysis" (granted to ICA's aws.iam.Role "ica-analysis") is in "eu-west-2", but ICA's aws.iam.Role "ica-analysis" trusts ICA's OIDC provider for eu-central-1 (Germany) ("${EUC1}"); the bucket, the ICA project and the provider the role trusts are in one region (docs/vendors/ica.md §2, §7.2). Fix: let the role trust ICA's provider for eu-west-2, "oidc.eks.eu-west-2.amazonaws.com/id/CC52F03C88D774F70AB9D2E2BABDF225", or use a bucket in eu-central-1.`,
        },
      ]);
    });

    it("narrows the regions with the policy config allowedRegions", async () => {
      const config = { "ica-bucket-region": { allowedRegions: ["us-east-1", "eu-west-2"] } };
      const found = await check(() => icaConnection("ica-scratch", "lab-ica-scratch", { credential: "user" }), { config });
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [
          'aws.s3.Bucket "lab-ica-scratch" (granted to ICA\'s aws.iam.User "ica-scratch") is in "eu-central-1", which is not one of the ICA regions the policy config allowedRegions allows; ICA connects only buckets in its project\'s region (docs/vendors/ica.md §2). Fix: use a bucket in us-east-1 (United States) and eu-west-2 (UK).',
        ],
      );
    });
  });

  describe("ica-cors-rule", () => {
    it("reports an ICA bucket without ICA's origin, recognised through the role granted on it", async () => {
      const cors = [{ allowedHeaders: ["*"], allowedMethods: ["GET"], allowedOrigins: ["https://portal.example.org"], exposeHeaders: [] }];
      const found = await check(() => icaConnection("ica-analysis", "lab-ica-analysis", { cors }), {
        config: { "ica-cors-extra-origins": { acceptedOrigins: ["https://portal.example.org"] } },
      });
      assert.deepStrictEqual(found, [
        {
          policy: "ica-cors-rule",
          enforcement: "mandatory",
          resource: "lab-ica-analysis",
          message: `aws.s3.Bucket "lab-ica-analysis" (granted to ICA's aws.iam.Role "ica-analysis") has no CORS rule allowing "https://ica.illumina.com"; ${CORS_REQUIREMENT}. Fix: add that rule to aws.s3.BucketCorsConfiguration "lab-ica-analysis-cors".`,
        },
      ]);
    });

    it("reports what ICA's rule lacks: methods, the * header, exposed headers (compared case-insensitively)", async () => {
      const cors = [
        { allowedHeaders: ["content-type"], allowedMethods: ["GET", "PUT"], allowedOrigins: ["https://ica.illumina.com"], exposeHeaders: ["etag"] },
      ];
      const found = await check(() => icaConnection("ica-analysis", "lab-ica-analysis", { cors }));
      const lacks = 'allowedMethods "HEAD", "POST", "DELETE", allowedHeaders "*" and exposeHeaders "x-amz-meta-custom-header"';
      assert.deepStrictEqual(found, [
        {
          policy: "ica-cors-rule",
          enforcement: "mandatory",
          resource: "lab-ica-analysis-cors",
          message: `aws.s3.BucketCorsConfiguration "lab-ica-analysis-cors" corsRules[0] allows "https://ica.illumina.com" on ICA's aws.s3.Bucket "lab-ica-analysis" but lacks ${lacks}; ${CORS_REQUIREMENT}. Fix: add ${lacks} to the rule.`,
        },
      ]);
    });

    it("recognises the user method's bucket by its CORS origin alone, and reads a bucket's inline corsRules", async () => {
      const found = await check(() => {
        const bucket = new aws.s3.Bucket("lab-ica-inline", { bucket: "lab-ica-inline", corsRules: [{ ...ICA_CORS_RULE, allowedMethods: ["GET"] }] });
        new aws.s3.BucketPublicAccessBlock("lab-ica-inline-pab", {
          bucket: bucket.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        });
      });
      assert.deepStrictEqual(
        found.filter((f) => f.policy === "ica-cors-rule").map((f) => f.message),
        [
          `aws.s3.Bucket "lab-ica-inline" corsRules[0] allows "https://ica.illumina.com" on ICA's aws.s3.Bucket "lab-ica-inline" but lacks allowedMethods "HEAD", "PUT", "POST", "DELETE"; ${CORS_REQUIREMENT}. Fix: add allowedMethods "HEAD", "PUT", "POST", "DELETE" to the rule.`,
        ],
      );
    });
  });

  describe("ica-cors-extra-origins (advisory)", () => {
    it("reports another origin on an ICA bucket, unless the policy config accepts it", async () => {
      const cors = [{ ...ICA_CORS_RULE, allowedOrigins: ["https://ica.illumina.com", "*"] }];
      const found = await check(() => icaConnection("ica-analysis", "lab-ica-analysis", { cors }));
      assert.deepStrictEqual(found, [
        {
          policy: "ica-cors-extra-origins",
          enforcement: "advisory",
          resource: "lab-ica-analysis-cors",
          message:
            'aws.s3.BucketCorsConfiguration "lab-ica-analysis-cors" corsRules[0] on ICA\'s aws.s3.Bucket "lab-ica-analysis" allows the CORS origin "*"; ICA needs only "https://ica.illumina.com", and every other origin lets that site\'s scripts call the bucket from a browser (docs/vendors/ica.md §4). Fix: remove it, or add it to the policy config acceptedOrigins if your own web application needs it.',
        },
      ]);
      assert.deepStrictEqual(
        await check(() => icaConnection("ica-analysis", "lab-ica-analysis", { cors }), { config: { "ica-cors-extra-origins": { acceptedOrigins: ["*"] } } }),
        [],
      );
    });
  });

  describe("ica-role-trust", () => {
    it("reports a trust without ICA's service account and RoleSessionName conditions", async () => {
      const found = await check(() =>
        icaConnection("ica-analysis", "lab-ica-analysis", { trust: trust({ Condition: { StringEquals: { [`${EUC1}:aud`]: "sts.amazonaws.com" } } }) }),
      );
      const where = 'aws.iam.Role "ica-analysis" trust statement "IcaAssumeRoleWithWebIdentity"';
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.enforcement, f.resource, f.message]),
        [
          [
            "ica-role-trust",
            "mandatory",
            "ica-analysis",
            `${where} has no StringLike ${EUC1}:sub condition, so any service account of ICA's Germany cluster can assume the role; ICA's storage service in Germany runs as "${SUBJECT}" (docs/vendors/ica.md §7.3, §7.6). Fix: add "Condition": {"StringLike": {"${EUC1}:sub": "${SUBJECT}"}}.`,
          ],
          [
            "ica-role-trust",
            "mandatory",
            "ica-analysis",
            `${where} has no StringLike sts:RoleSessionName condition, so ICA's service account can assume the role for any ICA credential; ${SESSION_REQUIREMENT} (docs/vendors/ica.md §5, §7.3). Fix: add "sts:RoleSessionName": "<prefix>-*" to the StringLike condition, with the prefix ICA showed when you created the AWS_Role credential.`,
          ],
        ],
      );
    });

    it("reports :sub under StringEquals, another namespace, and a session name without a prefix", async () => {
      const found = await check(() => {
        icaConnection("ica-analysis", "lab-ica-analysis", {
          trust: trust({
            Condition: { StringEquals: { [`${EUC1}:sub`]: SUBJECT, [`${EUC1}:aud`]: "sts.amazonaws.com" }, StringLike: { "sts:RoleSessionName": "*" } },
          }),
        });
        icaConnection("ica-other", "lab-ica-other", {
          trust: trust({
            Condition: {
              StringLike: { [`${EUC1}:sub`]: "system:serviceaccount:use1:irsa-use1-gds*", "sts:RoleSessionName": "a1b2c3d4e5-*" },
              StringEquals: { [`${EUC1}:aud`]: "sts.amazonaws.com" },
            },
          }),
        });
      });
      const where = (role: string) => `aws.iam.Role "${role}" trust statement "IcaAssumeRoleWithWebIdentity"`;
      const requirement = `ICA's storage service in Germany runs as "${SUBJECT}" (docs/vendors/ica.md §7.3, §7.6)`;
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [
          `${where("ica-analysis")} sets ${EUC1}:sub under StringEquals, which does not match the trailing "*" as a wildcard, so ICA's service account never matches; ${requirement}. Fix: move it to "StringLike".`,
          `${where("ica-analysis")} sets sts:RoleSessionName to "*"; ${SESSION_REQUIREMENT}, the prefix being 1 to 62 characters of A-Z a-z 0-9 and _ + = , . @ - (docs/vendors/ica.md §5, §7.3). Fix: set it to "<prefix>-*", with the prefix ICA showed when you created the AWS_Role credential.`,
          `${where("ica-other")} sets ${EUC1}:sub to "system:serviceaccount:use1:irsa-use1-gds*"; ${requirement}. Fix: set it to "${SUBJECT}".`,
        ],
      );
    });

    it("reports the empty account ICA's table prints, another action, and a second principal", async () => {
      const found = await check(() =>
        icaConnection("ica-analysis", "lab-ica-analysis", {
          trust: trust({
            Principal: { Federated: `arn:aws:iam:::oidc-provider/${EUC1}`, AWS: "*" },
            Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
          }),
        }),
      );
      const where = 'aws.iam.Role "ica-analysis" trust statement "IcaAssumeRoleWithWebIdentity"';
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [
          // Every role is also checked for a trust anyone may use, whoever it is for.
          publicTrustMessage("ica-analysis", "IcaAssumeRoleWithWebIdentity"),
          `${where} allows "sts:AssumeRoleWithWebIdentity", "sts:TagSession"; ICA's service account assumes the role with sts:AssumeRoleWithWebIdentity only (docs/vendors/ica.md §7.3). Fix: set Action to "sts:AssumeRoleWithWebIdentity".`,
          `${where} allows Principal "*", so anyone can assume it; ICA's role trusts ICA's OIDC provider only (docs/vendors/ica.md §7.3). Fix: remove that principal; give it a role of its own if it needs one.`,
          `${where} federates the OIDC provider "${EUC1}" in account ""; the provider ARN names your own account, arn:aws:iam::<your account ID>:oidc-provider/${EUC1}, where ICA's table leaves the account empty (docs/vendors/ica.md §7.2). Fix: put your 12-digit account ID in the provider ARN.`,
        ],
      );
    });

    it("reports ICA's provider ID under another region's host", async () => {
      const wrong = "oidc.eks.eu-west-2.amazonaws.com/id/FD40D1945EBD71D8433A98C0CE04E625";
      const condition = {
        StringLike: { [`${wrong}:sub`]: SUBJECT, "sts:RoleSessionName": "a1b2c3d4e5-*" },
        StringEquals: { [`${wrong}:aud`]: "sts.amazonaws.com" },
      };
      const found = await check(() =>
        icaConnection("ica-analysis", "lab-ica-analysis", {
          trust: trust({ Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${wrong}` }, Condition: condition }),
          oidcProvider: { url: `https://${wrong}` },
        }),
      );
      assert.deepStrictEqual(found, [
        {
          policy: "ica-role-trust",
          enforcement: "mandatory",
          resource: "ica-analysis",
          message: `aws.iam.Role "ica-analysis" trust statement "IcaAssumeRoleWithWebIdentity" federates "${wrong}", which carries the ID of ICA's provider for Germany but is not its issuer "${EUC1}" (docs/vendors/ica.md §7.2). Fix: set Principal to {"Federated": "arn:aws:iam::123456789012:oidc-provider/${EUC1}"} and key the conditions on "${EUC1}".`,
        },
      ]);
    });

    it("takes India's namespace from the policy config indiaOidcNamespace (docs/vendors/ica.md §12.1)", async () => {
      const india = "oidc.eks.ap-south-1.amazonaws.com/id/4C3E0D308DB6DA9625FF938C57DAB3B6";
      const found = await check(() => icaConnection("ica-india", "lab-ica-india", { region: "ap-south-1" }), {
        config: { "ica-role-trust": { indiaOidcNamespace: "aps3" } },
      });
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.message]),
        [
          [
            "ica-role-trust",
            `aws.iam.Role "ica-india" trust statement "IcaAssumeRoleWithWebIdentity" sets ${india}:sub to "system:serviceaccount:aps1:irsa-aps1-gds*"; ICA's storage service in India runs as "system:serviceaccount:aps3:irsa-aps3-gds*", with the namespace the policy config indiaOidcNamespace pins ("aps1" or "aps3") (docs/vendors/ica.md §7.3, §7.6, §12.1). Fix: set it to "system:serviceaccount:aps3:irsa-aps3-gds*".`,
          ],
        ],
      );
    });

    it("accepts either of India's documented namespaces when the config pins none: the connections file chooses", async () => {
      for (const namespace of ["aps1", "aps3"]) {
        const india = "oidc.eks.ap-south-1.amazonaws.com/id/4C3E0D308DB6DA9625FF938C57DAB3B6";
        const subject = `system:serviceaccount:${namespace}:irsa-${namespace}-gds*`;
        const found = await check(() =>
          icaConnection("ica-india", "lab-ica-india", {
            region: "ap-south-1",
            trust: {
              Version: "2012-10-17",
              Statement: [
                {
                  Sid: "IcaAssumeRoleWithWebIdentity",
                  Effect: "Allow",
                  Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${india}` },
                  Action: "sts:AssumeRoleWithWebIdentity",
                  Condition: {
                    StringLike: { [`${india}:sub`]: subject, "sts:RoleSessionName": "a1b2c3d4e5-*" },
                    StringEquals: { [`${india}:aud`]: "sts.amazonaws.com" },
                  },
                },
              ],
            },
          }),
        );
        assert.deepStrictEqual(
          found.filter((f) => f.policy === "ica-role-trust"),
          [],
          namespace,
        );
      }
    });

    it("leaves a role trusting another OIDC provider alone", async () => {
      const other = {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
          },
        ],
      };
      assert.deepStrictEqual(await check(() => new aws.iam.Role("ci-deploy", { assumeRolePolicy: JSON.stringify(other) })), []);
    });
  });

  describe("ica-role-audience (advisory)", () => {
    it("reports a trust without the :aud condition, and another audience", async () => {
      const found = await check(() => {
        icaConnection("ica-analysis", "lab-ica-analysis", {
          trust: trust({ Condition: { StringLike: { [`${EUC1}:sub`]: SUBJECT, "sts:RoleSessionName": "a1b2c3d4e5-*" } } }),
        });
        icaConnection("ica-other", "lab-ica-other", {
          trust: trust({
            Condition: { StringLike: { [`${EUC1}:sub`]: SUBJECT, "sts:RoleSessionName": "a1b2c3d4e5-*" }, StringEquals: { [`${EUC1}:aud`]: "ica" } },
          }),
        });
      });
      const requirement =
        'ICA\'s provider issues tokens for the audience "sts.amazonaws.com", and the reconstructed trust checks it [INF] (docs/vendors/ica.md §7.2, §7.3)';
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.enforcement, f.message]),
        [
          [
            "ica-role-audience",
            "advisory",
            `aws.iam.Role "ica-analysis" trust statement "IcaAssumeRoleWithWebIdentity" has no StringEquals ${EUC1}:aud condition; ${requirement}. Fix: add "Condition": {"StringEquals": {"${EUC1}:aud": "sts.amazonaws.com"}}.`,
          ],
          [
            "ica-role-audience",
            "advisory",
            `aws.iam.Role "ica-other" trust statement "IcaAssumeRoleWithWebIdentity" sets ${EUC1}:aud to "ica"; ${requirement}. Fix: set it to "sts.amazonaws.com".`,
          ],
        ],
      );
    });
  });

  describe("ica-role-max-session-duration", () => {
    it("reports a shorter session", async () => {
      assert.deepStrictEqual(await check(() => icaConnection("ica-analysis", "lab-ica-analysis", { maxSessionDuration: 3600 })), [
        {
          policy: "ica-role-max-session-duration",
          enforcement: "mandatory",
          resource: "ica-analysis",
          message:
            'aws.iam.Role "ica-analysis" is trusted through ICA\'s OIDC provider and sets maxSessionDuration to 3600; ICA needs 43200 seconds (12 hours), or its storage configuration stays offline with "Invalid Role Session Duration" (docs/vendors/ica.md §7.4, §7.6). Fix: set maxSessionDuration to 43200.',
        },
      ]);
    });
  });

  describe("ica-oidc-provider", () => {
    it("reports a role whose provider the stack neither creates nor imports", async () => {
      assert.deepStrictEqual(await check(() => icaConnection("ica-analysis", "lab-ica-analysis", { oidcProvider: false })), [
        {
          policy: "ica-oidc-provider",
          enforcement: "mandatory",
          resource: "ica-analysis",
          message: `${ROLE} trusts "https://${EUC1}", a provider the stack neither creates nor imports; ${PROVIDER_REQUIREMENT}. Fix: add an aws.iam.OpenIdConnectProvider with url "https://${EUC1}" and clientIdLists ["sts.amazonaws.com"] (import it if the account has it already), and list it in the role's dependsOn.`,
        },
      ]);
    });

    it("reports a role that does not depend on the stack's provider, the same in a preview and after", async () => {
      const build = () => icaConnection("ica-analysis", "lab-ica-analysis", { dependsOnProvider: false });
      const found = await check(build);
      assert.deepStrictEqual(found, [
        {
          policy: "ica-oidc-provider",
          enforcement: "mandatory",
          resource: "ica-analysis",
          message: `${ROLE} does not depend on aws.iam.OpenIdConnectProvider "ica-analysis-oidc", the stack's provider for "https://${EUC1}"; ${PROVIDER_REQUIREMENT}. Fix: add that provider to the role's dependsOn (or build the Federated principal from its arn).`,
        },
      ]);
      assert.deepStrictEqual(await check(build, { preview: false }), found);
    });

    it("reports a provider without ICA's audience as client ID", async () => {
      assert.deepStrictEqual(await check(() => icaConnection("ica-analysis", "lab-ica-analysis", { oidcProvider: { clientIdLists: ["ica"] } })), [
        {
          policy: "ica-oidc-provider",
          enforcement: "mandatory",
          resource: "ica-analysis-oidc",
          message: `aws.iam.OpenIdConnectProvider "ica-analysis-oidc", ICA's OIDC provider for ${ROLE}, lists clientIdLists "ica" without "sts.amazonaws.com"; ${PROVIDER_REQUIREMENT}. Fix: add "sts.amazonaws.com" to clientIdLists.`,
        },
      ]);
    });
  });

  describe("ica-user-required-actions", () => {
    it("reports a user without sts:GetFederationToken", async () => {
      assert.deepStrictEqual(
        await check(() => icaConnection("ica-scratch", "lab-ica-scratch", { credential: "user", statements: replace("STSFederationToken", () => undefined) })),
        [
          {
            policy: "ica-user-required-actions",
            enforcement: "mandatory",
            resource: "ica-scratch",
            message: `${USER} is not granted sts:GetFederationToken; ICA's IAM user needs it (docs/vendors/ica.md §6.1). Fix: grant it as ICA's user policy does: bucket actions on the bucket ARN, object actions on the objects under the connection's folder, sts:GetFederationToken on "*".`,
          },
        ],
      );
    });
  });

  describe("ica-role-required-actions (advisory)", () => {
    it("reports a role without ICA's object statement", async () => {
      const found = await check(() => icaConnection("ica-analysis", "lab-ica-analysis", { statements: replace("S3ObjectOperations", () => undefined) }));
      assert.deepStrictEqual(found, [
        {
          policy: "ica-role-required-actions",
          enforcement: "advisory",
          resource: "ica-analysis",
          message: `${ROLE} is not granted s3:PutObject on an object ARN, s3:GetObject on an object ARN, s3:RestoreObject on an object ARN and s3:DeleteObject on an object ARN; the role method uses the S3 actions of ICA's user policy, as far as the vendor's pages show (its own JSON was not retrieved) [INF] (docs/vendors/ica.md §7.1, §11, §6.1). Fix: grant them as ICA's user policy does: bucket actions on the bucket ARN, object actions on the objects under the connection's folder.`,
        },
      ]);
    });
  });

  describe("ica-role-no-federation-token (advisory)", () => {
    it("reports sts:GetFederationToken on ICA's role", async () => {
      const found = await check(() =>
        icaConnection("ica-analysis", "lab-ica-analysis", {
          statements: (s) => [...s, { Sid: "STSFederationToken", Effect: "Allow", Action: "sts:GetFederationToken", Resource: "*" }],
        }),
      );
      assert.deepStrictEqual(found, [
        {
          policy: "ica-role-no-federation-token",
          enforcement: "advisory",
          resource: "ica-analysis",
          message: `${ROLE} is granted "sts:GetFederationToken", which role credentials cannot call; only ICA's IAM user needs it (docs/vendors/ica.md §7.1, §12.4). Fix: remove "sts:GetFederationToken" from the role's policy.`,
        },
      ]);
    });
  });

  describe("ica-versioned-actions", () => {
    it("reports a versioned bucket without ICA's versioned bucket actions", async () => {
      const unversioned = replace("S3BucketOperations", (s) => ({ ...s, Action: (s.Action as string[]).filter((a) => !/Version/.test(a)) }));
      const found = await check(() => icaConnection("ica-analysis", "lab-ica-analysis", { versioning: "Enabled", statements: unversioned }));
      assert.deepStrictEqual(found, [
        {
          policy: "ica-versioned-actions",
          enforcement: "mandatory",
          resource: "ica-analysis",
          message: `${ROLE} uses aws.s3.Bucket "lab-ica-analysis", whose versioning is "Enabled", but is not granted s3:ListBucketVersions on a bucket ARN and s3:GetBucketVersioning on a bucket ARN; ICA uses its versioned policy on versioned and versioning-suspended buckets (docs/vendors/ica.md §3, §6.2). Fix: grant them as ICA's versioned policy does, bucket actions on the bucket ARN and object actions with the other object actions.`,
        },
      ]);
    });
  });

  describe("ica-kms-key", () => {
    it("reports a credential without ICA's KMS actions on the bucket's key, and a key in another region", async () => {
      const key = "arn:aws:kms:us-east-1:123456789012:key/6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
      const found = await check(() =>
        icaConnection("ica-scratch", "lab-ica-scratch", { credential: "user", kmsKeyArn: key, statements: replace("KMSKeyOperations", () => undefined) }),
      );
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.enforcement, f.resource, f.message]),
        [
          [
            "ica-kms-key",
            "mandatory",
            "ica-scratch",
            `${USER} is not granted kms:Decrypt, kms:Encrypt and kms:GenerateDataKey on "${key}", the key aws.s3.BucketServerSideEncryptionConfiguration "lab-ica-scratch-encryption" encrypts aws.s3.Bucket "lab-ica-scratch" with; ICA reads and writes SSE-KMS objects with kms:Decrypt, kms:Encrypt and kms:GenerateDataKey on that key (docs/vendors/ica.md §10). Fix: grant "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey" on "${key}".`,
          ],
          [
            "ica-kms-key",
            "mandatory",
            "lab-ica-scratch-encryption",
            `aws.s3.BucketServerSideEncryptionConfiguration "lab-ica-scratch-encryption" encrypts ICA's aws.s3.Bucket "lab-ica-scratch", in "eu-central-1", with the KMS key "${key}" of "us-east-1"; ICA needs the key in the ICA project's region (docs/vendors/ica.md §2, §10). Fix: use a KMS key in eu-central-1.`,
          ],
        ],
      );
    });
  });

  describe("ica-cross-account-role", () => {
    it("reports another region's role, missing copy actions and no object resource", async () => {
      const found = await check(() =>
        icaConnection("ica-analysis", "lab-ica-analysis", {
          crossAccount: "copy",
          bucketPolicy: replace("IcaAnalysisIcaCrossAccount", (s) => ({
            ...s,
            Principal: { AWS: "arn:aws:iam::079623148045:role/ica_use1_crossacct" },
            Action: ["s3:GetObject"],
            Resource: "arn:aws:s3:::lab-ica-analysis",
          })),
        }),
      );
      const where = 'aws.s3.BucketPolicy "lab-ica-analysis-policy" statement "IcaAnalysisIcaCrossAccount"';
      const sections = "(docs/vendors/ica.md §8.1, §8.2)";
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.resource, f.message]),
        [
          [
            "ica-cross-account-role",
            "lab-ica-analysis-policy",
            `${where} grants "arn:aws:iam::079623148045:role/ica_use1_crossacct" on aws.s3.Bucket "lab-ica-analysis" in "eu-central-1"; ICA copies and moves with its cross-account role for the bucket's region, "arn:aws:iam::079623148045:role/ica_euc1_crossacct" ${sections}. Fix: set the principal to "arn:aws:iam::079623148045:role/ica_euc1_crossacct".`,
          ],
          [
            "ica-cross-account-role",
            "lab-ica-analysis-policy",
            `${where} grants Illumina's cross-account role "s3:GetObject" without s3:PutObject, s3:ListMultipartUploadParts and s3:AbortMultipartUpload; ICA's cross-account copy needs s3:PutObject, s3:ListMultipartUploadParts, s3:AbortMultipartUpload and s3:GetObject ${sections}. Fix: add "s3:PutObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload" to the statement's Action.`,
          ],
          [
            "ica-cross-account-role",
            "lab-ica-analysis-policy",
            `${where} grants Illumina's cross-account role the resource "arn:aws:s3:::lab-ica-analysis", no object of aws.s3.Bucket "lab-ica-analysis"; its copy and move act on objects ${sections}. Fix: add "arn:aws:s3:::lab-ica-analysis/*" (or the connection's "arn:aws:s3:::lab-ica-analysis/<prefix>/*") to Resource; "arn:aws:s3:::lab-ica-analysis" alone grants no object.`,
          ],
        ],
      );
    });
  });

  describe("ica-no-bucket-notification (advisory)", () => {
    it("reports a notification resource on an ICA bucket", async () => {
      const found = await check(() => {
        const bucket = icaConnection("ica-analysis", "lab-ica-analysis");
        new aws.s3.BucketNotification("lab-ica-analysis-events", { bucket: bucket.id, eventbridge: true });
      });
      assert.deepStrictEqual(found, [
        {
          policy: "ica-no-bucket-notification",
          enforcement: "advisory",
          resource: "lab-ica-analysis-events",
          message:
            'aws.s3.BucketNotification "lab-ica-analysis-events" manages the event notifications of aws.s3.Bucket "lab-ica-analysis" (granted to ICA\'s aws.iam.Role "ica-analysis"); ICA holds s3:PutBucketNotification and s3:GetBucketNotification and configures the bucket\'s notifications for its own sync [INF], so each side would overwrite the other (docs/vendors/ica.md §3). Fix: remove the aws.s3.BucketNotification and leave the bucket\'s notifications to ICA.',
        },
      ]);
    });
  });

  describe("ica-root-folder (advisory)", () => {
    it("reports ICA's object actions on the whole bucket", async () => {
      assert.deepStrictEqual(await check(() => icaConnection("ica-analysis", "lab-ica-analysis", { prefix: undefined })), [
        {
          policy: "ica-root-folder",
          enforcement: "advisory",
          resource: "ica-analysis",
          message: `${ROLE} is granted ICA's object actions on "arn:aws:s3:::lab-ica-analysis/*", the whole bucket; ICA's newest pages say not to use the root folder, and a project on the root sees every folder of the bucket (docs/vendors/ica.md §3, §5, §12.6). Fix: confine the object statement to the connection's folder, "arn:aws:s3:::lab-ica-analysis/<prefix>/*", and give ICA the same key prefix.`,
        },
      ]);
    });
  });
});
