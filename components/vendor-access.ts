/**
 * VendorAccess: what one vendor connection is given in IAM. The vendor's policy, built by its
 * vendor module, and its credential: a role the vendor assumes, an IAM user with an access key, or
 * both (`user-with-role`: a user whose keys may only assume the role, which holds the policy);
 * plus the role the vendor's service needs when a feature asks for one (HealthOmics). A vendor
 * whose account is granted in the bucket policy has no credential here (`bucket-policy`): only the
 * objects it reads from the bucket (an ownership marker) are written.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { renderPolicy } from "../iam/document";
import { accessKeyGenerations, accessKeyResourceName, ENCRYPTED_SECRET_FIELD, ROTATION_FIELD, type UserKeyOptions } from "../fields/credential";
import { credentialName } from "../fields/names";
import type { ResolvedBucket, ResolvedConnection } from "../model/resolve";
import { vendorModule } from "../vendors";
import {
  BUCKET_POLICY_CREDENTIAL,
  USER_WITH_ROLE_CREDENTIAL,
  type CredentialRefs,
  type Handoff,
  type HandoffValue,
  type VendorContext,
} from "../vendors/types";

export interface VendorAccessArgs {
  connection: ResolvedConnection;
  /** The settings of the connection's bucket (versioning and encryption shape some policies). */
  bucket: ResolvedBucket;
  /**
   * The bucket's name from the bucket resource, so the policy depends on the bucket (the policy
   * pack relates them through that dependency) while staying known during preview.
   */
  bucketName: pulumi.Input<string>;
  /** Stack and account: names and ARNs of this connection's own roles are built from them. */
  context: VendorContext;
  /** Tags for every resource that takes them. */
  tags: Record<string, string>;
  /** The OIDC provider the role trusts (ICA role method): the role is created after it. */
  oidcProvider?: aws.iam.OpenIdConnectProvider;
}

/** Hand-off values as stack outputs: literals stay literals, credential fields come from outputs. */
export type HandoffOutputs = { [field: string]: pulumi.Input<string | number | boolean> | HandoffOutputs };

type Refs = { [K in keyof CredentialRefs]?: pulumi.Output<string> } & {
  /** With a PGP key: the ciphertext, handed off instead of the secret. */
  encryptedSecretAccessKey?: pulumi.Output<string>;
  /** While two keys exist: which one is new (to paste) and which one is old (to retire). */
  rotation?: HandoffOutputs;
};

export class VendorAccess extends pulumi.ComponentResource {
  public static readonly type = "vendor-connections:index:VendorAccess";

  /** The role the vendor assumes (role credentials, and user-with-role credentials through the user's keys). */
  public readonly role?: aws.iam.Role;
  /** The IAM user whose access key the vendor holds (user and user-with-role credentials). */
  public readonly user?: aws.iam.User;
  /** The role the vendor's service runs as (ElemBio HealthOmics), when the connection needs one. */
  public readonly executionRole?: aws.iam.Role;
  /** Objects written into the bucket for the vendor (an ownership marker). */
  public readonly bucketObjects: aws.s3.BucketObjectv2[] = [];
  /** The user's access keys by generation, oldest first (user and user-with-role credentials). */
  public readonly accessKeys: { generation: number; key: aws.iam.AccessKey }[] = [];
  /** The fields to paste into the vendor's UI; the secret access key is a Pulumi secret. */
  public readonly handoff: HandoffOutputs;

  constructor(name: string, args: VendorAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super(VendorAccess.type, name, { connection: args.connection, context: args.context }, opts);
    const { connection, bucket, context } = args;
    const vendor = vendorModule(connection.vendor);
    const tags = { ...args.tags, "vendor-connections:connection": connection.name, "vendor-connections:vendor": connection.vendor };
    const policy = pulumi
      .output(args.bucketName)
      .apply((bucketName) => renderPolicy(vendor.identityPolicy(connection, { ...bucket, name: bucketName }, context)));
    const physicalName = credentialName(connection.name, context.stack);
    const description = `${vendor.title}: connection ${connection.name} (vendor-connections, stack ${context.stack})`;
    const refs: Refs = {};

    // Created first: the vendor policy may pass this role (iam:PassRole names its ARN).
    const execution = vendor.executionRole?.(connection, bucket, context);
    if (execution) {
      this.executionRole = new aws.iam.Role(
        `${name}-execution-role`,
        { name: execution.name, description: execution.description, assumeRolePolicy: renderPolicy(execution.trustPolicy), tags },
        { parent: this },
      );
      new aws.iam.RolePolicy(
        `${name}-execution-policy`,
        {
          role: this.executionRole.id,
          name: "execution",
          // Built from the bucket resource's name, like the vendor policy, so it depends on the bucket.
          policy: pulumi
            .output(args.bucketName)
            .apply((bucketName) => renderPolicy(vendor.executionRole!(connection, { ...bucket, name: bucketName }, context)!.policy)),
        },
        { parent: this },
      );
      refs.executionRoleArn = this.executionRole.arn;
    }

    // Written under the connection's prefix, from the bucket resource's name so it depends on the bucket.
    for (const object of vendor.bucketObjects?.(connection) ?? []) {
      const resource = new aws.s3.BucketObjectv2(
        `${name}-${object.id}`,
        { bucket: args.bucketName, region: bucket.region, key: object.key, content: object.content, contentType: object.contentType, tags },
        { parent: this },
      );
      this.bucketObjects.push(resource);
    }

    if (connection.credential.type === BUCKET_POLICY_CREDENTIAL) {
      // Nothing in IAM: the vendor's own account is granted in the bucket policy (ConnectedBucket).
    } else if (connection.credential.type === "role" || connection.credential.type === USER_WITH_ROLE_CREDENTIAL) {
      if (connection.credential.type === USER_WITH_ROLE_CREDENTIAL) {
        // Created before the role: IAM refuses a trust policy naming a user that does not exist yet.
        this.user = this.keysUser(name, physicalName, tags);
        const keysPolicy = vendor.keysUserPolicy?.(connection, context);
        if (!keysPolicy) throw new Error(`vendor ${connection.vendor} has credential type ${USER_WITH_ROLE_CREDENTIAL} but no keysUserPolicy`);
        new aws.iam.UserPolicy(
          `${name}-user-policy`,
          { user: this.user.id, name: `${connection.vendor}-assume-role`, policy: renderPolicy(keysPolicy) },
          { parent: this },
        );
        Object.assign(refs, this.accessKeyRefs(name, this.user, connection.credential));
      }
      this.role = new aws.iam.Role(
        `${name}-role`,
        {
          name: physicalName,
          description,
          assumeRolePolicy: renderPolicy(vendor.trustPolicy(connection, context)),
          maxSessionDuration: vendor.maxSessionDurationSeconds,
          tags,
        },
        // IAM refuses a trust policy naming an OIDC provider that does not exist yet.
        { parent: this, dependsOn: [...(args.oidcProvider ? [args.oidcProvider] : []), ...(this.user ? [this.user] : [])] },
      );
      new aws.iam.RolePolicy(
        `${name}-policy`,
        { role: this.role.id, name: `${connection.vendor}-access`, policy },
        { parent: this, dependsOn: this.executionRole ? [this.executionRole] : undefined },
      );
      refs.roleArn = this.role.arn;
    } else {
      this.user = this.keysUser(name, physicalName, tags);
      new aws.iam.UserPolicy(
        `${name}-policy`,
        { user: this.user.id, name: `${connection.vendor}-access`, policy },
        { parent: this, dependsOn: this.executionRole ? [this.executionRole] : undefined },
      );
      Object.assign(refs, this.accessKeyRefs(name, this.user, connection.credential));
    }

    this.handoff = fillHandoff(vendor.handoff(connection, bucket, context), refs, name);
    if (refs.rotation) this.handoff[ROTATION_FIELD] = refs.rotation;
    this.registerOutputs({ handoff: this.handoff });
  }

  /** The vendor's IAM user. No login profile: it is for programmatic access only (element.md §5; ica.md §6.2; prequel.md §5). */
  private keysUser(name: string, physicalName: string, tags: Record<string, string>): aws.iam.User {
    return new aws.iam.User(`${name}-user`, { name: physicalName, tags }, { parent: this });
  }

  /**
   * One access key per generation the credential lists (two while a rotation is under way, so the
   * vendor always holds a valid key). The hand-off gives the newest: the one to paste. The secret
   * stays a Pulumi secret; with a PGP key, the state holds only its ciphertext, which is handed off.
   */
  private accessKeyRefs(name: string, user: aws.iam.User, credential: UserKeyOptions): Refs {
    const pgpKey = credential.pgpKey;
    for (const generation of accessKeyGenerations(credential)) {
      const key = new aws.iam.AccessKey(
        accessKeyResourceName(name, generation),
        { user: user.id, ...(pgpKey ? { pgpKey } : {}) },
        // The provider replaces a key whose pgpKey changes, which would take the vendor's key away
        // at once: a PGP key applies to the generations created after it is set (aws.md §8).
        { parent: this, ignoreChanges: ["pgpKey"] },
      );
      this.accessKeys.push({ generation, key });
    }
    const newest = this.accessKeys[this.accessKeys.length - 1];
    const oldest = this.accessKeys[0];
    // A key created before pgpKey was set keeps its plain secret (the PGP key is ignored on keys that
    // exist), one created after has only ciphertext: both are handed off, the sheet shows the one it has.
    const refs: Refs = { accessKeyId: newest.key.id, secretAccessKey: pulumi.secret(newest.key.secret) };
    if (pgpKey) refs.encryptedSecretAccessKey = newest.key.encryptedSecret;
    if (newest !== oldest) {
      refs.rotation = {
        newGeneration: newest.generation,
        newAccessKeyId: newest.key.id,
        oldGeneration: oldest.generation,
        oldAccessKeyId: oldest.key.id,
      };
    }
    return refs;
  }
}

/** Replaces credential references in a vendor's hand-off with the matching outputs. */
function fillHandoff(handoff: Handoff, refs: Refs, connection: string): HandoffOutputs {
  const out: HandoffOutputs = {};
  for (const [field, value] of Object.entries(handoff)) {
    if (isCredentialField(value) && value.credential === "secretAccessKey" && refs.encryptedSecretAccessKey) {
      // Ciphertext is no secret: CI may read it, only the PGP key's holder can decrypt it.
      out[ENCRYPTED_SECRET_FIELD] = refs.encryptedSecretAccessKey;
    }
    out[field] = isCredentialField(value)
      ? requireRef(refs, value.credential, connection)
      : typeof value === "object"
        ? fillHandoff(value, refs, connection)
        : value;
  }
  return out;
}

function isCredentialField(value: HandoffValue | Handoff): value is { credential: keyof CredentialRefs } {
  return typeof value === "object" && value !== null && typeof (value as { credential?: unknown }).credential === "string";
}

function requireRef(refs: Refs, key: keyof CredentialRefs, connection: string): pulumi.Output<string> {
  const ref = refs[key];
  if (!ref) throw new Error(`connection "${connection}": the hand-off asks for ${key}, which its credential does not have`);
  return ref;
}
