/**
 * ConnectedBucket: one S3 bucket and its hardening, with exactly one bucket policy composed from
 * every connection on it.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { renderPolicy } from "../iam/document";
import type { AdoptablePart, LiveBucket } from "../model/adoption";
import type { ResolvedBucket, ResolvedConnection } from "../model/resolve";
import { composeBucketPolicy, mergeCorsRules } from "./bucket-plan";

export interface ConnectedBucketArgs {
  /** The bucket's resolved settings. */
  bucket: ResolvedBucket;
  /** The connections on this bucket: they contribute policy fragments and CORS rules. */
  connections: ResolvedConnection[];
  /**
   * An adopted bucket as the program read it in AWS: each configuration it has is imported, so the
   * preview shows an update with the lines it loses instead of a create. Absent (a new bucket, or
   * the offline plan), every configuration is created.
   */
  live?: LiveBucket;
}

export class ConnectedBucket extends pulumi.ComponentResource {
  public static readonly type = "vendor-connections:index:ConnectedBucket";

  /** The bucket. Protected and retained on delete: this program never deletes or replaces data. */
  public readonly bucket: aws.s3.Bucket;
  /** The bucket's name as AWS reports it (known during preview, since the file names the bucket). */
  public readonly bucketName: pulumi.Output<string>;
  public readonly policy: aws.s3.BucketPolicy;

  constructor(name: string, args: ConnectedBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ConnectedBucket.type, name, args, opts);
    const { bucket: settings, connections, live } = args;
    const region = settings.region;
    // Every one of these resources is imported by the bucket's name.
    const adopted = (part: AdoptablePart) => (live?.exists[part] ? { import: settings.name } : {});

    const keepExistingTags = settings.adopt && Object.keys(settings.tags).length === 0;
    this.bucket = new aws.s3.Bucket(
      name,
      { bucket: settings.name, region, tags: keepExistingTags ? undefined : settings.tags },
      {
        parent: this,
        protect: true,
        retainOnDelete: true,
        import: settings.adopt ? settings.name : undefined,
        ignoreChanges: keepExistingTags ? ["tags"] : undefined,
      },
    );
    this.bucketName = this.bucket.bucket;
    const bucket = this.bucket.id;
    // Released from the file (after `pulumi state unprotect`), the bucket stays in AWS, and so does
    // what keeps it private and encrypted: deleting these would weaken a bucket that still holds
    // data. The bucket policy and CORS rules are not retained: they are the connections' grants
    // and origins, which must not outlive the file that declares them (README, "Releasing a bucket").
    const hardening = { parent: this, retainOnDelete: true };

    const ownership = new aws.s3.BucketOwnershipControls(
      `${name}-ownership-controls`,
      { bucket, region, rule: { objectOwnership: "BucketOwnerEnforced" } },
      { ...hardening, ...adopted("ownershipControls") },
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access-block`,
      { bucket, region, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      { ...hardening, ...adopted("publicAccessBlock") },
    );

    const encryption = settings.encryption;
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket,
        region,
        rules: [
          encryption.type === "sse-kms"
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: encryption.kmsKeyArn }, bucketKeyEnabled: true }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
      },
      { ...hardening, ...adopted("encryption") },
    );

    // "disabled" means never versioned: S3 cannot return a bucket to that state, so there is
    // nothing to manage.
    if (settings.versioning !== "disabled") {
      new aws.s3.BucketVersioning(
        `${name}-versioning`,
        { bucket, region, versioningConfiguration: { status: settings.versioning === "enabled" ? "Enabled" : "Suspended" } },
        // Deleting it would suspend versioning, and with it the bucket's protection of old versions.
        { ...hardening, ...adopted("versioning") },
      );
    }

    const corsRules = mergeCorsRules(connections, settings.extraCorsRules);
    if (corsRules.length > 0) {
      new aws.s3.BucketCorsConfiguration(`${name}-cors`, { bucket, region, corsRules }, { parent: this, ...adopted("cors") });
    }

    this.policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket,
        region,
        policy: this.bucketName.apply((bucketName) => renderPolicy(composeBucketPolicy({ ...settings, name: bucketName }, connections))),
      },
      // S3 rejects concurrent changes to a bucket's policy and its public access block ("A
      // conflicting conditional operation is currently in progress"), hashicorp/terraform-provider-aws#7628.
      { parent: this, dependsOn: [publicAccessBlock, ownership], ...adopted("policy") },
    );

    this.registerOutputs({ bucketName: this.bucketName, policy: this.policy.policy });
  }
}
