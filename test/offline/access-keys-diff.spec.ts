/**
 * The access diff of a change to a user's access keys: each step of a rotation, the mistake of
 * replacing every key at once, and a PGP key set on a key that exists, each said in words.
 */
import * as assert from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { diffPlans, isEmptyDiff } from "../../offline/access-diff";
import { handoffLine, resourceLine } from "../../offline/diff-lines";
import { runPlan, type Plan } from "../../offline/run-plan";

const DIR = mkdtempSync(path.join(os.tmpdir(), "access-keys-diff-"));
const PGP = "mQENBF" + "A".repeat(122);
let files = 0;

async function plan(credential: string): Promise<Plan> {
  const file = path.join(DIR, `keys-${files++}.yaml`);
  writeFileSync(
    file,
    `version: 1
defaults: { region: us-east-1 }
connections:
  - name: aviti
    vendor: element
    bucket: lab-keys
    credential: ${credential}
`,
  );
  const { model: _m, log: _l, ...p } = await runPlan({ connectionsFile: file, stack: "test" });
  assert.deepStrictEqual(p.errors, []);
  return p;
}

const KEY = "aws:iam/accessKey:AccessKey";

const CASES: { title: string; base: string; head: string; resources: string[]; handoff: string[] }[] = [
  {
    title: "no accessKeys and [1] are the same file",
    base: "{ type: user }",
    head: "{ type: user, accessKeys: [1] }",
    resources: [],
    handoff: [],
  },
  {
    title: "[1] -> [1, 2]: a second key, the old one stays valid",
    base: "{ type: user }",
    head: "{ type: user, accessKeys: [1, 2] }",
    resources: [
      `+ create ${KEY} aviti-access-key-2; a second access key (generation 2) beside generation 1: paste the new key ID and secret into the vendor's UI; the old key stays valid until the file drops it from accessKeys`,
    ],
    // A plan is a preview: key IDs are known only after apply.
    handoff: [
      "aviti: accessKeyRotation.newGeneration = 2",
      "aviti: accessKeyRotation.newAccessKeyId = [known after apply]",
      "aviti: accessKeyRotation.oldGeneration = 1",
      "aviti: accessKeyRotation.oldAccessKeyId = [known after apply]",
    ],
  },
  {
    title: "[1, 2] -> [2]: the old key retired",
    base: "{ type: user, accessKeys: [1, 2] }",
    head: "{ type: user, accessKeys: [2] }",
    resources: [
      `- delete ${KEY} aviti-access-key; retires access key generation 1: before pulumi up, check with verify that the vendor uses generation 2 (its last use) and no longer this one`,
    ],
    handoff: [
      "aviti: accessKeyRotation.newGeneration removed (was 2)",
      "aviti: accessKeyRotation.newAccessKeyId removed (was [known after apply])",
      "aviti: accessKeyRotation.oldGeneration removed (was 1)",
      "aviti: accessKeyRotation.oldAccessKeyId removed (was [known after apply])",
    ],
  },
  {
    title: "[1] -> [2]: every key replaced at once, a moment without a valid key",
    base: "{ type: user }",
    head: "{ type: user, accessKeys: [2] }",
    resources: [
      `- delete ${KEY} aviti-access-key`,
      `+ create ${KEY} aviti-access-key-2; a new access key (generation 2) while generation 1 is retired in the same change: the vendor has no valid key from pulumi up until its UI has the new one. Add the new generation first (accessKeys: [1, 2]), and retire the old one in a later change`,
    ],
    // The key ID is unknown before apply on both sides: the resource line says what changes.
    handoff: [],
  },
  {
    title: "a PGP key set on the key in use: it applies to later generations",
    base: "{ type: user }",
    head: `{ type: user, pgpKey: "${PGP}" }`,
    resources: [
      `~ update ${KEY} aviti-access-key: pgpKey changed; pgpKey applies to keys created from now on: this key keeps its secret in the stack's state. Add the next generation to accessKeys to rotate to an encrypted key`,
    ],
    // The key in use keeps its plain secret, still handed off; the ciphertext field joins it.
    handoff: ["aviti: encryptedSecretAccessKey = [secret]"],
  },
];

describe("access diff: access keys", function () {
  this.timeout(120_000);
  for (const c of CASES) {
    it(c.title, async () => {
      const diff = diffPlans(await plan(c.base), await plan(c.head));
      assert.deepStrictEqual(diff.resources.map(resourceLine), c.resources);
      assert.deepStrictEqual(diff.handoff.map(handoffLine), c.handoff);
      assert.deepStrictEqual([diff.granted, diff.revoked], [[], []], "keys change no access");
      assert.strictEqual(isEmptyDiff(diff), c.resources.length === 0 && c.handoff.length === 0);
    });
  }
});
