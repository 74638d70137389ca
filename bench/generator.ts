/**
 * The synthetic connections files of the benchmark: N Element connections, four per bucket, with
 * distinct prefixes, roles and users, some shared principals and some SSE-KMS buckets. The spec
 * the generator returns is also what the baseline program registers.
 */

export const KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const PER_BUCKET = 4;

/** What the generator put in a file, for the baseline program. */
export interface BenchConnection {
  name: string;
  prefix: string;
  credential: "role" | "user";
  externalId?: string;
  sharedPrincipal?: string;
}
export interface BenchBucket {
  name: string;
  kms: boolean;
  connections: BenchConnection[];
}
export interface BenchSpec {
  stack: string;
  tags: Record<string, string>;
  buckets: BenchBucket[];
}

const pad = (n: number, width = 4) => String(n).padStart(width, "0");

export function generate(n: number): BenchSpec {
  const buckets: BenchBucket[] = [];
  for (let i = 0; i < n; i++) {
    const b = Math.floor(i / PER_BUCKET);
    if (!buckets[b]) buckets[b] = { name: `lab-bench-runs-${pad(b)}`, kms: b % 5 === 4, connections: [] };
    const slot = i % PER_BUCKET;
    const credential = slot % 2 === 0 ? "role" : "user";
    buckets[b].connections.push({
      name: `aviti-${pad(i)}`,
      prefix: `runs/instrument-${slot}`,
      credential,
      externalId: credential === "role" ? `lab-bench-${pad(i)}` : undefined,
      sharedPrincipal: slot === 0 && b % 2 === 0 ? `arn:aws:iam::111122223333:role/partner-reader-${pad(b)}` : undefined,
    });
  }
  return { stack: "bench", tags: { team: "genomics", "cost-center": "seq-core" }, buckets };
}

export function toYaml(spec: BenchSpec): string {
  const lines = ["version: 1", "defaults:", "  region: us-east-1", "  tags:", ...Object.entries(spec.tags).map(([k, v]) => `    ${k}: ${v}`), "buckets:"];
  for (const b of spec.buckets) {
    lines.push(`  ${b.name}:`, "    versioning: enabled", b.kms ? `    encryption: { type: sse-kms, kmsKeyArn: ${KMS_KEY} }` : "    encryption: { type: sse-s3 }");
  }
  lines.push("connections:");
  for (const b of spec.buckets) {
    for (const c of b.connections) {
      lines.push(`  - name: ${c.name}`, "    vendor: element", `    bucket: ${b.name}`, `    prefix: ${c.prefix}`);
      lines.push(c.credential === "role" ? `    credential: { type: role, externalId: ${c.externalId} }` : "    credential: { type: user }");
      if (c.sharedPrincipal) lines.push("    sharedPrincipals:", `      - arn: ${c.sharedPrincipal}`, "        description: Partner lab (read-only)");
    }
  }
  return `${lines.join("\n")}\n`;
}
