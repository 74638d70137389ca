/**
 * The hand-off sheet: per connection, the forms a person fills in the vendor's UI, in the UI's
 * order and with its field names (each vendor module's `handoffSteps`), each field with its value.
 * Values come from the stack's outputs (`pulumi stack output --json --show-secrets`) when given,
 * else from the offline plan, where what only AWS knows reads `[after pulumi up]`. A secret is
 * shown only when the outputs hold it and the caller asks for secrets.
 */
import { accessKeyGenerations, ENCRYPTED_SECRET_FIELD, type UserKeyOptions } from "../fields/credential";
import type { StackModel } from "../model/resolve";
import { bucketOf } from "../model/resolve";
import { vendorModule } from "../vendors";
import { SECRET_CREDENTIALS, type CredentialRefs, type Handoff, type HandoffValue } from "../vendors/types";

export const AFTER_UP = "[after pulumi up]";
export const SECRET_HIDDEN = "[secret: add --show-secrets to print it]";
export const SECRET_NOT_GIVEN = "[secret: not in the outputs given; save them with pulumi stack output --json --show-secrets]";
export const NOT_IN_OUTPUTS = "[not in the outputs given: run pulumi up, then save the outputs again]";
export const ENCRYPTED = "[encrypted with your PGP key: run the command in the note, and paste what it prints]";
export const UNENCRYPTED_KEY =
  "this key was created before pgpKey was set, so its secret is not encrypted (it is a Pulumi secret in the stack); keys of later generations (accessKeys) are";

/**
 * The command that prints a PGP-encrypted secret access key. `--show-secrets` because another
 * connection's secret makes the whole `handoff` output a secret; jq passes on only the ciphertext.
 */
export function decryptCommand(stack: string, at: string[]): string {
  const path = at.map((key) => `[${JSON.stringify(key)}]`).join("");
  return `pulumi stack output --stack ${stack} --show-secrets --json handoff | jq -r '.${path}' | base64 --decode | gpg --decrypt`;
}

/** Which key to paste while two key generations exist (a rotation under way). */
export function rotationNote(generations: number[]): string | undefined {
  if (generations.length < 2) return undefined;
  const [old, current] = [generations[0], generations[generations.length - 1]];
  return `key generation ${current}, the new key: paste it here. Key ${old} stays valid until the file lists only [${current}] in accessKeys`;
}

export interface SheetField {
  label: string;
  /** The value to enter; "" for an optional field left empty. */
  value: string;
  /** True when the value is a placeholder (after up, secret withheld, missing). */
  placeholder: boolean;
  note?: string;
}

export interface SheetStep {
  where: string;
  action: string;
  source: string;
  fields: SheetField[];
}

export interface SheetConnection {
  name: string;
  vendor: string;
  title: string;
  steps: SheetStep[];
}

export interface HandoffSheet {
  stack: string;
  file: string;
  /** Where the values come from: the stack's outputs, or the offline plan. */
  values: "outputs" | "plan";
  /** True when at least one secret value is printed. */
  showsSecrets: boolean;
  connections: SheetConnection[];
}

export interface SheetOptions {
  stack: string;
  file: string;
  /** The `handoff` output per connection, from `pulumi stack output --json`; none: plan values. */
  outputs?: Record<string, unknown>;
  /** The offline plan's hand-off per connection (its unknowns are placeholders). */
  planned?: Record<string, unknown>;
  showSecrets: boolean;
}

/** Where each credential value sits in a vendor's `handoff()` object, so the outputs can be read. */
function credentialPaths(handoff: Handoff, at: string[] = []): Map<keyof CredentialRefs, string[]> {
  const paths = new Map<keyof CredentialRefs, string[]>();
  for (const [key, value] of Object.entries(handoff)) {
    if (typeof value !== "object") continue;
    if (typeof (value as { credential?: unknown }).credential === "string") paths.set((value as { credential: keyof CredentialRefs }).credential, [...at, key]);
    else for (const [credential, found] of credentialPaths(value as Handoff, [...at, key])) paths.set(credential, found);
  }
  return paths;
}

const valueAt = (root: unknown, at: string[]): unknown =>
  at.reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), root);

/** What pulumi prints for a secret it was not asked to show, and the plan for an unknown. */
const isPlaceholder = (value: unknown) => typeof value !== "string" || value === "" || /^\[(secret|known after apply|unknown)\]$/.test(value);

export function buildSheet(model: StackModel, options: SheetOptions): HandoffSheet {
  let showsSecrets = false;
  const connections = model.connections.map((connection): SheetConnection => {
    const module = vendorModule(connection.vendor);
    const bucket = bucketOf(model, connection);
    const paths = credentialPaths(module.handoff(connection, bucket));
    const given = options.outputs === undefined ? undefined : options.outputs[connection.name];
    const planned = options.planned?.[connection.name];

    const keys = connection.credential as UserKeyOptions;
    const resolve = (value: HandoffValue): Omit<SheetField, "label"> => {
      if (typeof value !== "object") return { value: String(value), placeholder: false };
      if (value.credential === "secretAccessKey" && keys.pgpKey) return encrypted(paths.get(value.credential));
      if (value.credential === "accessKeyId") {
        const note = rotationNote(accessKeyGenerations(keys));
        if (note) return { ...resolveRef(value.credential), note };
      }
      return resolveRef(value.credential);
    };

    // The ciphertext sits where the secret would: the sheet gives the command that decrypts it. A
    // key created before pgpKey was set has no ciphertext, only its plain secret: that is shown.
    const encrypted = (secretAt: string[] | undefined): Omit<SheetField, "label"> => {
      const at = [connection.name, ...(secretAt ?? []).slice(0, -1), ENCRYPTED_SECRET_FIELD];
      const note = `decrypt it with: ${decryptCommand(options.stack, at)}`;
      if (options.outputs === undefined || !isPlaceholder(valueAt(options.outputs, at))) return { value: ENCRYPTED, placeholder: true, note };
      const plain = resolveRef("secretAccessKey");
      const hasPlain = given !== undefined && secretAt !== undefined && !isPlaceholder(valueAt(given, secretAt));
      return hasPlain ? { ...plain, note: UNENCRYPTED_KEY } : { value: NOT_IN_OUTPUTS, placeholder: true };
    };

    const resolveRef = (credential: keyof CredentialRefs): Omit<SheetField, "label" | "note"> => {
      const at = paths.get(credential);
      const secret = SECRET_CREDENTIALS.has(credential);
      if (options.outputs === undefined) {
        // The plan never holds a real secret or key; a role ARN it can spell is shown.
        const known = at && !secret ? valueAt(planned, at) : undefined;
        return isPlaceholder(known) ? { value: AFTER_UP, placeholder: true } : { value: String(known), placeholder: false };
      }
      const found = at && given !== undefined ? valueAt(given, at) : undefined;
      if (secret) {
        if (!options.showSecrets) return { value: SECRET_HIDDEN, placeholder: true };
        if (isPlaceholder(found)) return { value: SECRET_NOT_GIVEN, placeholder: true };
        showsSecrets = true;
        return { value: String(found), placeholder: false };
      }
      return isPlaceholder(found) ? { value: NOT_IN_OUTPUTS, placeholder: true } : { value: String(found), placeholder: false };
    };

    const steps = (module.handoffSteps?.(connection, bucket) ?? []).map((step) => ({
      where: step.where,
      action: step.action,
      source: step.source,
      fields: step.fields.map((field) => {
        const { note, ...resolved } = resolve(field.value);
        const notes = [field.note, note].filter((n): n is string => n !== undefined);
        return { label: field.label, ...resolved, ...(notes.length > 0 ? { note: notes.join("; ") } : {}) };
      }),
    }));
    return { name: connection.name, vendor: connection.vendor, title: module.title, steps };
  });
  return { stack: options.stack, file: options.file, values: options.outputs === undefined ? "plan" : "outputs", showsSecrets, connections };
}

/**
 * The `handoff` output out of `pulumi stack output --json [--show-secrets]`, or a message saying
 * what is wrong with the text and how to get it right.
 */
export function handoffOutputs(text: string): { ok: true; outputs: Record<string, unknown> } | { ok: false; message: string } {
  const how = "save them with: pulumi stack output --stack <stack> --json --show-secrets > outputs.json";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `the outputs are not JSON (${(e as Error).message}); ${how}` };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return { ok: false, message: `the outputs are not a JSON object; ${how}` };
  const handoff = (parsed as Record<string, unknown>).handoff;
  if (handoff === undefined) {
    const keys = Object.keys(parsed).join(", ") || "none";
    return { ok: false, message: `the outputs have no "handoff" (their keys: ${keys}); ${how}` };
  }
  if (handoff === "[secret]") return { ok: false, message: `the outputs were saved without --show-secrets, so "handoff" reads [secret]; ${how}` };
  if (handoff === null || typeof handoff !== "object" || Array.isArray(handoff))
    return { ok: false, message: `"handoff" in the outputs is not an object; ${how}` };
  return { ok: true, outputs: handoff as Record<string, unknown> };
}
