/**
 * Pieces every vendor module uses in the same way.
 */
import type { PolicyStatement } from "../iam/document";
import { sharedReadStatements } from "../iam/s3";
import { sidNamespace } from "../model/names";
import type { ResolvedConnection } from "../model/resolve";

/**
 * The bucket-policy statements of a connection's `sharedPrincipals`: read-only, confined to the
 * connection's prefix, Sids namespaced by the connection.
 */
export function sharedPrincipalStatements(connection: ResolvedConnection): PolicyStatement[] {
  return sharedReadStatements(
    sidNamespace(connection.name),
    connection.bucket,
    connection.prefix,
    connection.sharedPrincipals.map((p) => p.arn),
  );
}
