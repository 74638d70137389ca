/**
 * What the type checker sees of `@pulumi/aws` (tsconfig.json `paths`): the `s3` and `iam` modules
 * and `getCallerIdentity`, all this project uses, with their own declarations. The package's index
 * declares every AWS service it covers, and reading them was about a fifth of `tsc`'s time and
 * memory. Only the types are narrowed: at run time `import ... from "@pulumi/aws"` loads the whole
 * package as before. To use another part of it, export that module here.
 */
export * as s3 from "@pulumi/aws/s3";
export * as iam from "@pulumi/aws/iam";
export { getCallerIdentity } from "@pulumi/aws/getCallerIdentity";
export { getRegion } from "@pulumi/aws/getRegion";
