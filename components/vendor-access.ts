/**
 * VendorAccess: what one vendor connection is given in IAM. The vendor's policy, built by its
 * vendor module, and its credential: a role the vendor assumes, or an IAM user with an access key.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renderPolicy } from "../iam/document";
import { credentialName } from "../model/names";
import type { ResolvedBucket, ResolvedConnection } from "../model/resolve";
import { vendorModule } from "../vendors";
import type { CredentialRefs, Handoff, HandoffValue } from "../vendors/types";

export interface VendorAccessArgs {
  connection: ResolvedConnection;
  /** The settings of the connection's bucket (versioning and encryption shape some policies). */
  bucket: ResolvedBucket;
  /**
   * The bucket's name from the bucket resource, so the policy depends on the bucket (the policy
   * pack relates them through that dependency) while staying known during preview.
   */
  bucketName: pulumi.Input<string>;
  /** Stack name, part of the role or user name so stacks sharing an account never collide. */
  stack: string;
  /** The AWS account the stack deploys to (from the caller identity). */
  accountId: pulumi.Input<string>;
  /** Tags for every resource that takes them. */
  tags: Record<string, string>;
}

/** Hand-off values as stack outputs: literals stay literals, credential fields come from outputs. */
export type HandoffOutputs = { [field: string]: pulumi.Input<string | number | boolean> | HandoffOutputs };

export class VendorAccess extends pulumi.ComponentResource {
  public static readonly type = "vendor-connections:index:VendorAccess";

  /** The role the vendor assumes (role credentials). */
  public readonly role?: aws.iam.Role;
  /** The IAM user whose access key the vendor holds (user credentials). */
  public readonly user?: aws.iam.User;
  /** The fields to paste into the vendor's UI; the secret access key is a Pulumi secret. */
  public readonly handoff: HandoffOutputs;

  constructor(name: string, args: VendorAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super(VendorAccess.type, name, { connection: args.connection, stack: args.stack }, opts);
    const { connection, bucket, stack } = args;
    const vendor = vendorModule(connection.vendor);
    const tags = { ...args.tags, "vendor-connections:connection": connection.name, "vendor-connections:vendor": connection.vendor };
    const context = pulumi.output(args.accountId).apply((accountId) => ({ accountId, stack }));
    const policy = pulumi
      .all([args.bucketName, context])
      .apply(([bucketName, ctx]) => renderPolicy(vendor.identityPolicy(connection, { ...bucket, name: bucketName }, ctx)));
    const physicalName = credentialName(connection.name, stack);
    const description = `${vendor.title}: connection ${connection.name} (vendor-connections, stack ${stack})`;

    const refs: { [K in keyof CredentialRefs]?: pulumi.Output<string> } = {};
    if (connection.credential.type === "role") {
      const role = new aws.iam.Role(
        `${name}-role`,
        {
          name: physicalName,
          description,
          assumeRolePolicy: context.apply((ctx) => renderPolicy(vendor.trustPolicy(connection, ctx))),
          maxSessionDuration: vendor.maxSessionDurationSeconds,
          tags,
        },
        { parent: this },
      );
      new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, name: `${connection.vendor}-access`, policy }, { parent: this });
      this.role = role;
      refs.roleArn = role.arn;
    } else {
      // No login profile: the vendor's user is for programmatic access only (§1.5, §4.2, §9.4).
      const user = new aws.iam.User(`${name}-user`, { name: physicalName, tags }, { parent: this });
      new aws.iam.UserPolicy(`${name}-policy`, { user: user.id, name: `${connection.vendor}-access`, policy }, { parent: this });
      const accessKey = new aws.iam.AccessKey(`${name}-access-key`, { user: user.id }, { parent: this });
      this.user = user;
      refs.accessKeyId = accessKey.id;
      refs.secretAccessKey = pulumi.secret(accessKey.secret);
    }

    this.handoff = fillHandoff(vendor.handoff(connection, bucket), refs, name);
    this.registerOutputs({ handoff: this.handoff });
  }
}

/** Replaces credential references in a vendor's hand-off with the matching outputs. */
function fillHandoff(handoff: Handoff, refs: { [K in keyof CredentialRefs]?: pulumi.Output<string> }, connection: string): HandoffOutputs {
  const out: HandoffOutputs = {};
  for (const [field, value] of Object.entries(handoff)) {
    out[field] = isCredentialField(value) ? requireRef(refs, value.credential, connection) : typeof value === "object" ? fillHandoff(value, refs, connection) : value;
  }
  return out;
}

function isCredentialField(value: HandoffValue | Handoff): value is { credential: keyof CredentialRefs } {
  return typeof value === "object" && value !== null && typeof (value as { credential?: unknown }).credential === "string";
}

function requireRef(refs: { [K in keyof CredentialRefs]?: pulumi.Output<string> }, key: keyof CredentialRefs, connection: string): pulumi.Output<string> {
  const ref = refs[key];
  if (!ref) throw new Error(`connection "${connection}": the hand-off asks for ${key}, which its credential does not have`);
  return ref;
}
