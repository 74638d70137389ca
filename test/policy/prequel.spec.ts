/**
 * prequel-* policies: data-sync destinations, recognised by a role trusting Google web identity
 * (docs/vendors/prequel.md).
 */
import * as assert from "assert";
import { check, destinationRole, replace } from "./helpers";

const ROLE = 'aws.iam.Role "billing-export" (trusted through Google web identity, accounts.google.com)';
const WHERE = 'aws.iam.Role "billing-export" trust statement';
const SUBJECT_FIX =
  'Fix: use "Condition": {"StringEquals": {"accounts.google.com:sub": "<the vendor\'s service-account ID>"}}, with the value from the vendor\'s setup page.';
const AUDIENCE_ADVICE =
  'the newer trust adds the organisation as the confused-deputy guard (docs/vendors/prequel.md §4, §8.1). Fix: add "accounts.google.com:oaud": "<the vendor\'s organisation ID>" to the StringEquals condition, if the vendor\'s setup page gives one.';
const google = (statement: object) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Federated: "accounts.google.com" }, Action: "sts:AssumeRoleWithWebIdentity", ...statement }],
});

describe("policy pack: prequel", () => {
  it("passes a destination's role as the components build it, onboarded", async () => {
    assert.deepStrictEqual(await check(() => destinationRole("billing-export", "lab-exports")), []);
  });

  describe("prequel-trust-subject and prequel-trust-audience", () => {
    it("reports a Google trust without sub (any Google identity) and without oaud (advisory)", async () => {
      const found = await check(() => destinationRole("billing-export", "lab-exports", { trust: google({}) }));
      assert.deepStrictEqual(found, [
        {
          policy: "prequel-trust-subject",
          enforcement: "mandatory",
          resource: "billing-export",
          message: `${WHERE} 1 has no StringEquals accounts.google.com:sub condition, so any Google identity can assume the role; the trust names the vendor's service account exactly, with StringEquals (docs/vendors/prequel.md §4). ${SUBJECT_FIX}`,
        },
        {
          policy: "prequel-trust-audience",
          enforcement: "advisory",
          resource: "billing-export",
          message: `${WHERE} 1 has no StringEquals accounts.google.com:oaud condition, so tokens for the vendor's service account are accepted whatever organisation they were issued for; ${AUDIENCE_ADVICE}`,
        },
      ]);
    });

    it("reports a wildcarded sub, a sub under StringLike, another action and an empty oaud", async () => {
      const found = await check(() => {
        destinationRole("billing-export", "lab-exports", {
          trust: google({
            Action: ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRole"],
            Condition: { StringEquals: { "accounts.google.com:sub": "1034*", "accounts.google.com:oaud": "" } },
          }),
        });
        destinationRole("usage-export", "lab-usage", {
          trust: google({ Condition: { StringLike: { "accounts.google.com:sub": "*" }, StringEquals: { "accounts.google.com:oaud": "org_8c1f2a" } } }),
        });
      });
      const exactly = "the trust names the vendor's service account exactly";
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.enforcement, f.message]),
        [
          [
            "prequel-trust-subject",
            "mandatory",
            `${WHERE} 1 allows "sts:AssumeRoleWithWebIdentity", "sts:AssumeRole"; the vendor assumes the role with sts:AssumeRoleWithWebIdentity only (docs/vendors/prequel.md §4). Fix: set Action to "sts:AssumeRoleWithWebIdentity".`,
          ],
          [
            "prequel-trust-subject",
            "mandatory",
            `${WHERE} 1 sets accounts.google.com:sub to "1034*"; ${exactly}, as 1 to 256 printable ASCII characters, with no spaces, no wildcards (* or ?) and no policy variables (${"${...}"}) (docs/vendors/prequel.md §4). ${SUBJECT_FIX}`,
          ],
          [
            "prequel-trust-subject",
            "mandatory",
            `aws.iam.Role "usage-export" trust statement 1 sets accounts.google.com:sub under StringLike, not StringEquals; ${exactly}, with StringEquals (docs/vendors/prequel.md §4). ${SUBJECT_FIX}`,
          ],
          [
            "prequel-trust-audience",
            "advisory",
            `${WHERE} 1 sets accounts.google.com:oaud to ""; the organisation is matched exactly, as 1 to 256 printable ASCII characters, with no spaces, no wildcards (* or ?) and no policy variables (${"${...}"}) (docs/vendors/prequel.md §4). Fix: set it to the organisation ID from the vendor's setup page.`,
          ],
        ],
      );
    });
  });

  describe("prequel-required-actions", () => {
    it("reports a destination's role without s3:PutObject", async () => {
      assert.deepStrictEqual(
        await check(() =>
          destinationRole("billing-export", "lab-exports", { onboarding: true, statements: replace("DestinationWrite", () => undefined) }),
        ).then((f) => f.filter((v) => v.policy === "prequel-required-actions")),
        [
          {
            policy: "prequel-required-actions",
            enforcement: "mandatory",
            resource: "billing-export",
            message: `${ROLE} is not granted s3:PutObject on an object ARN; the destination writes its files with it (docs/vendors/prequel.md §3). Fix: grant "s3:PutObject" on "arn:aws:s3:::<bucket>/<prefix>/*".`,
          },
        ],
      );
    });
  });

  describe("prequel-onboarding-delete (advisory)", () => {
    it("reminds that s3:DeleteObject is for onboarding only", async () => {
      assert.deepStrictEqual(await check(() => destinationRole("billing-export", "lab-exports", { onboarding: true })), [
        {
          policy: "prequel-onboarding-delete",
          enforcement: "advisory",
          resource: "billing-export",
          message: `${ROLE} is granted "s3:DeleteObject"; the destination needs it only for the connection test when it is added, and writes append-only afterwards (docs/vendors/prequel.md §3, §8.2). Fix: once the destination is added, remove "s3:DeleteObject" (onboarding: false in the connections file).`,
        },
      ]);
    });
  });
});
