/**
 * Generated connections files for the access proofs: for every vendor, every credential type x
 * prefix or none x versioning x encryption x sharing, each connection on its own bucket. Vendor
 * features (ElemBio download/bucket policy/HealthOmics, ICA cross-account/tagging, data-sync
 * onboarding/audience) rotate across those configurations, so each value is proved with each
 * credential type and with and without a prefix, without multiplying the set.
 */
import { vendorModule, type VendorKey } from "../../vendors";

export const CREDENTIALS = ["role", "user"] as const;

/** The credential types a vendor's configurations take: role and user, unless its samples say otherwise. */
export const credentialsOf = (vendor: VendorKey): readonly string[] => vendorModule(vendor).samples.credentialTypes ?? CREDENTIALS;
export const PREFIXES = ["runs/proof", undefined] as const;
export const VERSIONING = ["enabled", "suspended", "disabled"] as const;
export const ENCRYPTION = ["sse-s3", "sse-kms"] as const;
export const SHARING = [false, true] as const;

/** Every form a shared principal takes (role, account root, user); each sharing configuration names two. */
export const SHARED_PRINCIPALS = {
  role: "arn:aws:iam::111122223333:role/partner-reader",
  root: "arn:aws:iam::222233334444:root",
  user: "arn:aws:iam::333344445555:user/lab/analyst",
} as const;
const KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-aaaa-4bbb-8ccc-123456789012";

/** One generated connection and the choices it was built from. */
export interface Configuration {
  name: string;
  vendor: VendorKey;
  credential: string;
  prefix: string | undefined;
  versioning: (typeof VERSIONING)[number];
  encryption: (typeof ENCRYPTION)[number];
  /** ARNs of the shared principals (none when the configuration does not share). */
  shared: string[];
  /** Vendor-specific fields of the connection (features and credential details). */
  features: Record<string, unknown>;
}

/** Every configuration of one vendor: the full base product, features rotated across it. */
export function configurations(vendor: VendorKey): Configuration[] {
  const out: Configuration[] = [];
  const { features, tag } = vendorModule(vendor).samples;
  for (const credential of credentialsOf(vendor)) {
    for (const prefix of PREFIXES) {
      for (const versioning of VERSIONING) {
        for (const encryption of ENCRYPTION) {
          for (const shared of SHARING) {
            const i = out.length;
            // A stride coprime with the feature count walks every feature value through every
            // credential/prefix pair (checked by the spec).
            const chosen = features[(i * 7 + Math.floor(i / features.length)) % features.length];
            const name = [
              tag,
              credential,
              prefix ? "pfx" : "root",
              versioning.slice(0, 3),
              encryption === "sse-kms" ? "kms" : "s3",
              shared ? "shr" : "solo",
            ].join("-");
            const principals = shared ? [i % 4 < 2 ? SHARED_PRINCIPALS.role : SHARED_PRINCIPALS.user, SHARED_PRINCIPALS.root] : [];
            out.push({ name, vendor, credential, prefix, versioning, encryption, shared: principals, features: chosen });
          }
        }
      }
    }
  }
  return out;
}

const CREDENTIAL_FEATURE = "credential.";

function credentialYaml(c: Configuration): string {
  const { roleCredential, otherCredentials } = vendorModule(c.vendor).samples;
  const sample = c.credential === "role" ? roleCredential : otherCredentials?.[c.credential];
  if (sample === undefined) return JSON.stringify({ type: c.credential });
  const extra = Object.entries(c.features).filter(([key]) => key.startsWith(CREDENTIAL_FEATURE));
  const credential = {
    ...sample(c.name),
    ...Object.fromEntries(extra.map(([key, value]) => [key.slice(CREDENTIAL_FEATURE.length), value])),
  };
  return JSON.stringify(credential);
}

function featureYaml(c: Configuration): string[] {
  const required = vendorModule(c.vendor).samples.requiredFields?.(c.prefix !== undefined) ?? {};
  return Object.entries({ ...c.features, ...required })
    .filter(([key]) => !key.startsWith(CREDENTIAL_FEATURE))
    .map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`);
}

/** The connections file of a set of configurations, as YAML text. */
export function connectionsYaml(configs: Configuration[]): string {
  const lines = ["version: 1", "defaults: { region: us-east-1 }", "buckets:"];
  for (const c of configs) {
    const encryption = c.encryption === "sse-kms" ? `{ type: sse-kms, kmsKeyArn: "${KMS_KEY}" }` : "{ type: sse-s3 }";
    lines.push(`  proof-${c.name}: { versioning: ${c.versioning}, encryption: ${encryption} }`);
  }
  lines.push("connections:");
  for (const c of configs) {
    lines.push(`  - name: ${c.name}`, `    vendor: ${c.vendor}`, `    bucket: proof-${c.name}`);
    if (c.prefix) lines.push(`    prefix: ${c.prefix}`);
    lines.push(`    credential: ${credentialYaml(c)}`);
    if (c.shared.length > 0) lines.push("    sharedPrincipals:", ...c.shared.map((arn) => `      - arn: ${arn}`));
    lines.push(...featureYaml(c));
  }
  return `${lines.join("\n")}\n`;
}
