/**
 * Access keys by generation (rotation without downtime) and PGP-encrypted secrets: which keys
 * VendorAccess creates, under which logical names, and what the hand-off gives.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { inputsOf, modelOf, useComponents, valueOf } from "../harness";
import { keysFile, PGP } from "../fixtures/keys/file";

interface Case {
  title: string;
  vendor: string;
  credential: string;
  /** Logical names of the AccessKey resources, in creation order. */
  keys: string[];
  /** Where the vendor's hand-off puts the key ID and the secret. */
  at: string[];
  idField: string;
  secretField: string;
  /** The access key ID handed off (the newest key's). */
  handedOff: string;
  rotation?: Record<string, unknown>;
  pgp?: boolean;
}

const USER_ID = "AKIAMOCKKEYSTEST";

const CASES: Case[] = [
  {
    title: "element user, no accessKeys: one key under today's name",
    vendor: "element",
    credential: "{ type: user }",
    keys: ["keys-access-key"],
    at: [],
    idField: "accessKey",
    secretField: "secretKey",
    handedOff: USER_ID,
  },
  {
    title: "element user, [1, 2]: both keys, the new one handed off, the rotation named",
    vendor: "element",
    credential: "{ type: user, accessKeys: [1, 2] }",
    keys: ["keys-access-key", "keys-access-key-2"],
    at: [],
    idField: "accessKey",
    secretField: "secretKey",
    handedOff: `${USER_ID}2`,
    rotation: { newGeneration: 2, newAccessKeyId: `${USER_ID}2`, oldGeneration: 1, oldAccessKeyId: USER_ID },
  },
  {
    title: "ica user, [2]: the old key retired, only key 2",
    vendor: "ica",
    credential: "{ type: user, accessKeys: [2] }",
    keys: ["keys-access-key-2"],
    at: ["storageCredential"],
    idField: "accessKeyId",
    secretField: "secretAccessKey",
    handedOff: `${USER_ID}2`,
  },
  {
    title: "prequel user, [2, 3]: the next rotation",
    vendor: "prequel",
    credential: "{ type: user, accessKeys: [2, 3] }",
    keys: ["keys-access-key-2", "keys-access-key-3"],
    at: [],
    idField: "accessKeyId",
    secretField: "secretAccessKey",
    handedOff: `${USER_ID}3`,
    rotation: { newGeneration: 3, newAccessKeyId: `${USER_ID}3`, oldGeneration: 2, oldAccessKeyId: `${USER_ID}2` },
  },
  {
    title: "seqera user-with-role, [1, 2], PGP: both keys encrypted, the ciphertext handed off",
    vendor: "seqera",
    credential: `{ type: user-with-role, accessKeys: [1, 2], pgpKey: "${PGP}" }`,
    keys: ["keys-access-key", "keys-access-key-2"],
    at: ["credential"],
    idField: "accessKey",
    secretField: "secretKey",
    handedOff: `${USER_ID}2`,
    rotation: { newGeneration: 2, newAccessKeyId: `${USER_ID}2`, oldGeneration: 1, oldAccessKeyId: USER_ID },
    pgp: true,
  },
  {
    title: "elembio user with a Keybase key",
    vendor: "elembio",
    credential: "{ type: user, pgpKey: keybase:lab_admin }",
    keys: ["keys-access-key"],
    at: ["provider"],
    idField: "accessKey",
    secretField: "secretKey",
    handedOff: USER_ID,
    pgp: true,
  },
];

const isSecret = (value: unknown) => pulumi.isSecret(pulumi.output(value as pulumi.Input<unknown>));

describe("components: access keys by generation", () => {
  const suite = useComponents();

  for (const c of CASES) {
    it(c.title, async () => {
      const model = modelOf(keysFile(c.vendor, c.credential));
      const access = new suite.components.VendorAccess("keys", {
        connection: model.connections[0],
        bucket: model.buckets[0],
        bucketName: "lab-keys",
        context: { stack: "test", accountId: "123456789012" },
        tags: {},
      });
      await suite.engine.settle();
      const keys = suite.engine.resources.filter((r) => r.type === "aws:iam/accessKey:AccessKey");
      assert.deepStrictEqual(
        keys.map((k) => k.name),
        c.keys,
      );
      for (const key of keys) assert.strictEqual(inputsOf(key).pgpKey, c.pgp ? (c.credential.includes("keybase") ? "keybase:lab_admin" : PGP) : undefined);

      let form: Record<string, any> = access.handoff as Record<string, any>;
      for (const step of c.at) form = form[step] as Record<string, any>;
      if (c.at.length > 0) assert.ok(form, `the hand-off has ${c.at.join(".")}`);
      assert.strictEqual(await valueOf(pulumi.output(form[c.idField])), c.handedOff);
      if (c.pgp) {
        // A key made before pgpKey was set has only its plain secret: it stays handed off, as a secret.
        assert.strictEqual(await isSecret(form[c.secretField]), true, "the plain secret, if any, stays a Pulumi secret");
        const ciphertext = form.encryptedSecretAccessKey;
        assert.strictEqual(await valueOf(pulumi.output(ciphertext)), Buffer.from(`mock-ciphertext-for-${c.handedOff}`).toString("base64"));
        assert.strictEqual(await isSecret(ciphertext), false, "ciphertext is not a Pulumi secret");
      } else {
        assert.ok(!("encryptedSecretAccessKey" in form));
        assert.strictEqual(await isSecret(form[c.secretField]), true, "the secret stays a Pulumi secret");
      }
      const rotation = (access.handoff as Record<string, any>).accessKeyRotation;
      if (c.rotation) {
        const resolved = Object.fromEntries(await Promise.all(Object.entries(rotation).map(async ([k, v]) => [k, await valueOf(pulumi.output(v))])));
        assert.deepStrictEqual(resolved, c.rotation);
      } else {
        assert.strictEqual(rotation, undefined);
      }
    });
  }
});
