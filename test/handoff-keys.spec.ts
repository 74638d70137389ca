/**
 * The hand-off sheet for user credentials with key generations and PGP keys: during a rotation the
 * access key field names the new key and the old one; with a PGP key the secret field gives the
 * command that decrypts the ciphertext, and that command decrypts what AWS's provider writes.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { buildSheet, decryptCommand, ENCRYPTED, NOT_IN_OUTPUTS, SECRET_HIDDEN, UNENCRYPTED_KEY, type SheetField } from "../offline/handoff-sheet";
import { renderMarkdown } from "../offline/handoff-render";
import { modelOf } from "./harness";
import { keysFile, PGP } from "./fixtures/keys/file";

const CIPHERTEXT = "hQEMA0mockciphertext==";

/** The sheet's fields by label, across the connection's steps. */
function fields(vendor: string, credential: string, outputs?: Record<string, unknown>, showSecrets = false, printsSecret = false): Map<string, SheetField> {
  const model = modelOf(keysFile(vendor, credential));
  const sheet = buildSheet(model, { stack: "prod", file: "connections/prod.yaml", outputs, showSecrets });
  assert.strictEqual(sheet.showsSecrets, printsSecret, printsSecret ? "the plain secret is printed" : "no secret is printed");
  return new Map(sheet.connections[0].steps.flatMap((step) => step.fields.map((f): [string, SheetField] => [f.label, f])));
}

const ROTATING = "key generation 2, the new key: paste it here. Key 1 stays valid until the file lists only [2] in accessKeys";

describe("hand-off sheet: key generations and PGP keys", () => {
  const rows: {
    title: string;
    vendor: string;
    credential: string;
    outputs?: Record<string, unknown>;
    showSecrets?: boolean;
    printsSecret?: boolean;
    idLabel: string;
    secretLabel: string;
    id: Partial<SheetField>;
    secret: Partial<SheetField>;
  }[] = [
    {
      title: "element user, [1, 2], from the outputs: the new key, with the rotation named",
      vendor: "element",
      credential: "{ type: user, accessKeys: [1, 2] }",
      outputs: { keys: { accessKey: "AKIANEWKEY2", secretKey: "[secret]" } },
      idLabel: "Access key",
      secretLabel: "Secret key",
      id: { value: "AKIANEWKEY2", placeholder: false, note: ROTATING },
      secret: { value: SECRET_HIDDEN, placeholder: true },
    },
    {
      title: "element user, [2]: no rotation note once the old key is retired",
      vendor: "element",
      credential: "{ type: user, accessKeys: [2] }",
      outputs: { keys: { accessKey: "AKIANEWKEY2", secretKey: "[secret]" } },
      idLabel: "Access key",
      secretLabel: "Secret key",
      id: { value: "AKIANEWKEY2", placeholder: false, note: undefined },
      secret: { value: SECRET_HIDDEN, placeholder: true },
    },
    {
      title: "ica user with a PGP key, from the outputs, --show-secrets: the decrypt command, never a secret",
      vendor: "ica",
      credential: `{ type: user, pgpKey: "${PGP}" }`,
      outputs: { keys: { storageCredential: { accessKeyId: "AKIAKEY1", encryptedSecretAccessKey: CIPHERTEXT } } },
      showSecrets: true,
      idLabel: "Access key ID",
      secretLabel: "Secret access key",
      id: { value: "AKIAKEY1", placeholder: false },
      secret: {
        value: ENCRYPTED,
        placeholder: true,
        note: `decrypt it with: pulumi stack output --stack prod --show-secrets --json handoff | jq -r '.["keys"]["storageCredential"]["encryptedSecretAccessKey"]' | base64 --decode | gpg --decrypt`,
      },
    },
    {
      title: "prequel user with a PGP key, outputs without the ciphertext: run pulumi up",
      vendor: "prequel",
      credential: "{ type: user, pgpKey: keybase:lab_admin }",
      outputs: { keys: { accessKeyId: "AKIAKEY1" } },
      idLabel: "Access key ID",
      secretLabel: "Secret access key",
      id: { value: "AKIAKEY1", placeholder: false },
      secret: { value: NOT_IN_OUTPUTS, placeholder: true, note: undefined },
    },
    {
      title: "ica user with a PGP key set after its key was made, --show-secrets: the plain secret, and why it is not encrypted",
      vendor: "ica",
      credential: `{ type: user, pgpKey: "${PGP}" }`,
      outputs: { keys: { storageCredential: { accessKeyId: "AKIAKEY1", secretAccessKey: "plain-secret-1" } } },
      showSecrets: true,
      idLabel: "Access key ID",
      secretLabel: "Secret access key",
      id: { value: "AKIAKEY1", placeholder: false },
      secret: { value: "plain-secret-1", placeholder: false, note: UNENCRYPTED_KEY },
      printsSecret: true,
    },
    {
      title: "ica user with a PGP key set after its key was made, without --show-secrets: hidden, and why it is not encrypted",
      vendor: "ica",
      credential: `{ type: user, pgpKey: "${PGP}" }`,
      outputs: { keys: { storageCredential: { accessKeyId: "AKIAKEY1", secretAccessKey: "plain-secret-1" } } },
      idLabel: "Access key ID",
      secretLabel: "Secret access key",
      id: { value: "AKIAKEY1", placeholder: false },
      secret: { value: SECRET_HIDDEN, placeholder: true, note: UNENCRYPTED_KEY },
    },
    {
      title: "seqera user-with-role, [1, 2] and a PGP key, from the plan: both notes",
      vendor: "seqera",
      credential: "{ type: user-with-role, accessKeys: [1, 2], pgpKey: keybase:lab_admin }",
      idLabel: "Access key",
      secretLabel: "Secret key",
      id: { value: "[after pulumi up]", placeholder: true, note: ROTATING },
      secret: {
        value: ENCRYPTED,
        placeholder: true,
        note: `decrypt it with: pulumi stack output --stack prod --show-secrets --json handoff | jq -r '.["keys"]["credential"]["encryptedSecretAccessKey"]' | base64 --decode | gpg --decrypt`,
      },
    },
  ];

  for (const row of rows) {
    it(row.title, () => {
      const found = fields(row.vendor, row.credential, row.outputs, row.showSecrets, row.printsSecret);
      const pick = (f: SheetField | undefined, keys: string[]) => Object.fromEntries(keys.map((k) => [k, f?.[k as keyof SheetField]]));
      assert.deepStrictEqual(pick(found.get(row.idLabel), Object.keys(row.id)), row.id);
      assert.deepStrictEqual(pick(found.get(row.secretLabel), Object.keys(row.secret)), row.secret);
    });
  }

  it("prints the decrypt command in the Markdown sheet", () => {
    const model = modelOf(keysFile("ica", `{ type: user, pgpKey: "${PGP}" }`));
    const text = renderMarkdown(buildSheet(model, { stack: "prod", file: "connections/prod.yaml", showSecrets: false }));
    assert.ok(text.includes("base64 --decode \\| gpg --decrypt"), text);
    assert.ok(!text.includes("This sheet contains secret access keys"));
  });

  it("decrypts what the provider writes (base64 of a binary PGP message) with the sheet's command", function () {
    if (spawnSync("gpg", ["--version"]).status !== 0 || spawnSync("jq", ["--version"]).status !== 0) this.skip();
    const home = mkdtempSync(path.join(tmpdir(), "handoff-gpg-"));
    try {
      const env = { ...process.env, GNUPGHOME: home };
      const gen = spawnSync("gpg", ["--batch", "--passphrase", "", "--quick-gen-key", "lab-admin@example.org", "rsa2048", "encrypt", "never"], { env });
      assert.strictEqual(gen.status, 0, gen.stderr.toString());
      const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
      const encrypted = spawnSync("gpg", ["--batch", "--trust-model", "always", "--encrypt", "-r", "lab-admin@example.org"], { env, input: secret });
      assert.strictEqual(encrypted.status, 0, encrypted.stderr.toString());
      const outputs = path.join(home, "outputs.json");
      writeFileSync(outputs, JSON.stringify({ keys: { storageCredential: { encryptedSecretAccessKey: encrypted.stdout.toString("base64") } } }));
      // The sheet's command, with the outputs read from a file instead of from the stack.
      const command = decryptCommand("prod", ["keys", "storageCredential", "encryptedSecretAccessKey"]).replace(
        "pulumi stack output --stack prod --show-secrets --json handoff",
        `cat ${outputs}`,
      );
      const decrypted = spawnSync("bash", ["-o", "pipefail", "-c", `${command.replace("gpg --decrypt", "gpg --batch --quiet --decrypt")}`], { env });
      assert.strictEqual(decrypted.status, 0, decrypted.stderr.toString());
      assert.strictEqual(decrypted.stdout.toString(), secret);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
