/**
 * The synthetic connections files of the benchmark: N connections, four per bucket, with distinct
 * prefixes, roles and users, some shared principals and some SSE-KMS buckets. Which vendor they
 * connect, and its credential blocks, is data (fixtures/connection.yaml): the generator only
 * copies it, so no vendor is written here.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";

export const KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const PER_BUCKET = 4;

/** The fixture the benchmark uses unless told otherwise. */
export const FIXTURE_FILE = path.join(__dirname, "fixtures", "connection.yaml");
/** Where a credential block of the fixture takes the connection's own external ID. */
export const EXTERNAL_ID_PLACEHOLDER = "{{externalId}}";

type Block = Record<string, unknown>;

/** The vendor part of every generated connection. */
export interface ConnectionFixture {
  vendor: string;
  namePrefix: string;
  credentials: { role: Block; user: Block };
}

/** What the generator put in a file. */
export interface BenchConnection {
  name: string;
  prefix: string;
  /** The fixture's credential block, external ID filled in. */
  credential: Block;
  sharedPrincipal?: string;
}
export interface BenchBucket {
  name: string;
  kms: boolean;
  connections: BenchConnection[];
}
export interface BenchSpec {
  stack: string;
  vendor: string;
  tags: Record<string, string>;
  buckets: BenchBucket[];
}

const pad = (n: number, width = 4) => String(n).padStart(width, "0");
const isBlock = (value: unknown): value is Block => value !== null && typeof value === "object" && !Array.isArray(value);
const WORD = /^[a-z][a-z0-9-]*$/;

/** A wrong fixture: bad input, reported by its message alone. */
export class FixtureError extends Error {
  override name = "FixtureError";
}

/** Reads and checks the fixture; a wrong one is named with the field, its value and what is expected. */
export function readFixture(file: string = FIXTURE_FILE): ConnectionFixture {
  let data: unknown;
  try {
    data = parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new FixtureError(`${file}: cannot read the benchmark's connection fixture: ${(e as Error).message}`);
  }
  const wrong = (field: string, value: unknown, expected: string) =>
    new FixtureError(`${file}: ${field} is ${JSON.stringify(value)}; expected ${expected}. Fix the fixture (its header says what each field is).`);
  if (!isBlock(data)) throw wrong("the fixture", data, "a mapping with vendor, namePrefix and credentials");
  const { vendor, namePrefix, credentials } = data;
  if (typeof vendor !== "string" || !WORD.test(vendor)) throw wrong("vendor", vendor, "a vendor key, e.g. the `vendor:` of a connection");
  if (typeof namePrefix !== "string" || !WORD.test(namePrefix))
    throw wrong("namePrefix", namePrefix, "lowercase letters, digits and dashes, starting with a letter");
  if (!isBlock(credentials)) throw wrong("credentials", credentials, "a mapping with a role and a user credential block");
  for (const type of ["role", "user"] as const) {
    const block = credentials[type];
    if (!isBlock(block) || block.type !== type) throw wrong(`credentials.${type}`, block, `a credential block with type: ${type}`);
  }
  return { vendor, namePrefix, credentials: credentials as ConnectionFixture["credentials"] };
}

/** The block with every placeholder replaced by the connection's external ID. */
function fill(block: Block, externalId: string): Block {
  const value = (v: unknown): unknown => (typeof v === "string" ? v.split(EXTERNAL_ID_PLACEHOLDER).join(externalId) : isBlock(v) ? fill(v, externalId) : v);
  return Object.fromEntries(Object.entries(block).map(([k, v]) => [k, Array.isArray(v) ? v.map(value) : value(v)]));
}

export function generate(n: number, fixture: ConnectionFixture): BenchSpec {
  const buckets: BenchBucket[] = [];
  for (let i = 0; i < n; i++) {
    const b = Math.floor(i / PER_BUCKET);
    if (!buckets[b]) buckets[b] = { name: `lab-bench-runs-${pad(b)}`, kms: b % 5 === 4, connections: [] };
    const slot = i % PER_BUCKET;
    const type = slot % 2 === 0 ? "role" : "user";
    buckets[b].connections.push({
      name: `${fixture.namePrefix}-${pad(i)}`,
      prefix: `runs/instrument-${slot}`,
      credential: fill(fixture.credentials[type], `lab-bench-${pad(i)}`),
      sharedPrincipal: slot === 0 && b % 2 === 0 ? `arn:aws:iam::111122223333:role/partner-reader-${pad(b)}` : undefined,
    });
  }
  return { stack: "bench", vendor: fixture.vendor, tags: { team: "genomics", "cost-center": "seq-core" }, buckets };
}

/** A one-line YAML flow mapping: `{ type: role, externalId: lab-bench-0000 }`. */
const flow = (block: Block) => stringify(block, { collectionStyle: "flow", lineWidth: 0 }).trimEnd();

export function toYaml(spec: BenchSpec): string {
  const lines = ["version: 1", "defaults:", "  region: us-east-1", "  tags:", ...Object.entries(spec.tags).map(([k, v]) => `    ${k}: ${v}`), "buckets:"];
  for (const b of spec.buckets) {
    lines.push(
      `  ${b.name}:`,
      "    versioning: enabled",
      b.kms ? `    encryption: { type: sse-kms, kmsKeyArn: ${KMS_KEY} }` : "    encryption: { type: sse-s3 }",
    );
  }
  lines.push("connections:");
  for (const b of spec.buckets) {
    for (const c of b.connections) {
      lines.push(`  - name: ${c.name}`, `    vendor: ${spec.vendor}`, `    bucket: ${b.name}`, `    prefix: ${c.prefix}`);
      lines.push(`    credential: ${flow(c.credential)}`);
      if (c.sharedPrincipal) lines.push("    sharedPrincipals:", `      - arn: ${c.sharedPrincipal}`, "        description: Partner lab (read-only)");
    }
  }
  return `${lines.join("\n")}\n`;
}
