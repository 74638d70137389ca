/**
 * The parts of `@pulumi/aws` the program uses, each loaded from its own module. The package's
 * index loads every AWS service the provider covers, about 0.15 s of CPU and 10 MB in every
 * process that plans; the program needs two services and one function. The classes are the same
 * ones the index exports. To use another part of the package, export it here (and in
 * types/pulumi-aws.d.ts, which narrows what the type checker reads the same way).
 */
export * as s3 from "@pulumi/aws/s3";
export * as iam from "@pulumi/aws/iam";
export { getCallerIdentity } from "@pulumi/aws/getCallerIdentity";
export { getRegion } from "@pulumi/aws/getRegion";
