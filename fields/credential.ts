/**
 * Options of every credential that holds an IAM user's access keys (`user`, and `user-with-role`
 * where a vendor has it): which key generations exist, for rotation without downtime, and the PGP
 * key the secret is encrypted with, so the stack's state never holds it in clear.
 */
import { z } from "zod";
import { show } from "./text";

/** IAM allows two access keys per user, which is what makes a rotation without downtime possible (aws.md §8). */
export const MAX_ACCESS_KEYS = 2;

const ACCESS_KEYS_FORM = "a list of one or two key generations in ascending order, e.g. [1], [1, 2] or [2]";

/** Every problem with a list of key generations whose items are whole numbers of at least 1. */
export function accessKeysProblems(generations: readonly number[]): string[] {
  const problems: string[] = [];
  const repeated = [...new Set(generations.filter((g, i) => generations.indexOf(g) !== i))];
  if (repeated.length > 0) problems.push(`lists generation ${repeated.join(", ")} twice: each generation is one key, list it once`);
  else if (generations.some((g, i) => i > 0 && g < generations[i - 1]))
    problems.push(`must be in ascending order, the old key first and the new one last: write [${[...generations].sort((a, b) => a - b).join(", ")}]`);
  return problems;
}

const Generation = z
  .number({ error: (iss) => `must be a key generation (a whole number such as 1 or 2); got ${show(iss.input)}` })
  .int({ error: (iss) => `${show(iss.input)} is not a key generation: use a whole number such as 1 or 2` })
  .min(1, { error: (iss) => `${show(iss.input)} is not a key generation: generations start at 1` });

export const AccessKeys = z
  .array(Generation, { error: (iss) => `must be ${ACCESS_KEYS_FORM}; got ${show(iss.input)}` })
  .min(1, { error: "must list at least one key generation: the vendor needs a key (write [1], or the generation in use)" })
  .max(MAX_ACCESS_KEYS, {
    error: (iss) =>
      `lists ${show(iss.input)}: it has ${(iss.input as unknown[]).length} generations, but IAM allows only ${MAX_ACCESS_KEYS} access keys per user: keep the key in use and one new one, e.g. [2, 3]`,
  })
  .superRefine((generations, ctx) => {
    for (const problem of accessKeysProblems(generations)) ctx.addIssue({ code: "custom", input: generations, message: `${show(generations)} ${problem}` });
  })
  .describe(
    "Generations of the user's access keys that should exist. Default [1]. To rotate: add the next generation ([1, 2]), paste the new key into the vendor's UI, check with verify that the old key is idle, then drop it ([2]).",
  );

/** Keybase user names: 2 to 16 letters, digits and underscores. */
const KEYBASE = /^keybase:[A-Za-z0-9_]{2,16}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** A raw PGP public key with one user ID is some hundreds of bytes; anything much shorter is not one. */
const MIN_PGP_BASE64 = 100;
const PGP_FORM = 'a base64-encoded PGP public key on one line (gpg --export YOUR_KEY_ID | base64 -w0), or "keybase:<user>"';

/** What is wrong with a `pgpKey` value and how to fix it, in the form `aws.iam.AccessKey` takes it; undefined when it is fine. */
export function pgpKeyProblem(value: string): string | undefined {
  if (KEYBASE.test(value)) return undefined;
  if (value.startsWith("keybase:")) return "is not a Keybase user name: write keybase: and 2 to 16 letters, digits or underscores, e.g. keybase:lab_admin";
  if (value.includes("-----BEGIN PGP"))
    return "is an ASCII-armored key: give the raw key in base64 instead, gpg --export YOUR_KEY_ID | base64 -w0 (without --armor)";
  if (/\s/.test(value)) return "contains spaces or line breaks: write the base64 text on one line (gpg --export YOUR_KEY_ID | base64 -w0)";
  if (!BASE64.test(value) || value.length % 4 !== 0) return `is not base64 text: use ${PGP_FORM}`;
  if (value.length < MIN_PGP_BASE64) return `is too short to be a PGP public key (${value.length} characters): use ${PGP_FORM}`;
  return undefined;
}

export const PgpKey = z
  .string({ error: (iss) => `must be ${PGP_FORM}; got ${show(iss.input)}` })
  .superRefine((value, ctx) => {
    const problem = pgpKeyProblem(value);
    if (problem) ctx.addIssue({ code: "custom", input: value, message: `${show(value)} ${problem}` });
  })
  .describe(
    "PGP public key the secret access key is encrypted with: base64 of the raw key (gpg --export KEY_ID | base64 -w0) or keybase:<user>. The stack then holds only the ciphertext; the hand-off gives encryptedSecretAccessKey and the command that decrypts it.",
  );

/** Spread into a vendor's `user` (and `user-with-role`) credential schema. */
export const userCredentialFields = {
  accessKeys: AccessKeys.optional(),
  pgpKey: PgpKey.optional(),
};

/** The hand-off field that replaces the secret access key when the credential has a PGP key. */
export const ENCRYPTED_SECRET_FIELD = "encryptedSecretAccessKey";

/** The hand-off field that names the new and the old key while two generations exist. */
export const ROTATION_FIELD = "accessKeyRotation";

/** What a credential says about its keys, whatever the vendor. */
export interface UserKeyOptions {
  accessKeys?: number[];
  pgpKey?: string;
}

/** The key generations a credential wants, with the default. */
export function accessKeyGenerations(credential: UserKeyOptions): number[] {
  return credential.accessKeys ?? [1];
}

/**
 * The access key's logical name in the stack. Generation 1 keeps the name every stack had before
 * rotation existed, so those stacks never replace the key the vendor holds.
 */
export function accessKeyResourceName(base: string, generation: number): string {
  return generation === 1 ? `${base}-access-key` : `${base}-access-key-${generation}`;
}

/** The generation an access key's logical name stands for, or undefined when it is not one. */
export function accessKeyGenerationOf(name: string, base: string): number | undefined {
  if (name === `${base}-access-key`) return 1;
  const match = name.startsWith(`${base}-access-key-`) ? /^(\d+)$/.exec(name.slice(`${base}-access-key-`.length)) : null;
  return match ? Number(match[1]) : undefined;
}
