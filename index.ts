/**
 * The Pulumi program: reads this stack's connections file, builds the buckets and the vendor
 * access it declares, and exports the hand-off values to paste into each vendor's UI.
 */
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createConnections } from "./components";
import { defaultConnectionsFile, formatProblem, loadConnectionsFile, type LoadCache } from "./model/load";

/**
 * `pulumi up` calls it with nothing; the offline plan passes the cache it loaded the file with, so
 * the file is parsed once per plan.
 */
export = async (options: { loadCache?: LoadCache } = {}) => {
  const stack = pulumi.getStack();
  const file = new pulumi.Config().get("connectionsFile") ?? defaultConnectionsFile(stack);
  // The stack name makes the size checks exact: role names and the ARNs built from them contain it.
  const result = loadConnectionsFile(path.resolve(__dirname, file), file, { stack, cache: options.loadCache });

  for (const warning of result.warnings) pulumi.log.warn(formatProblem(warning));
  if (!result.ok) {
    // RunError ends the program with these lines only: bad input never shows a stack trace.
    throw new pulumi.RunError(`${file} has ${result.errors.length} problem(s):\n${result.errors.map(formatProblem).join("\n")}`);
  }

  // The account is known during preview too; the ARNs of this stack's own roles and of an adopted
  // OIDC provider are built from it.
  const { accountId } = await aws.getCallerIdentity();
  const { handoff } = createConnections(result.model, { stack, accountId });

  /** Per connection, the fields the vendor's UI asks for; secrets stay Pulumi secrets. */
  return { handoff };
};
