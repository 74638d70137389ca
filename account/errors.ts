/**
 * What can stop a live command before it learns anything, said in one line: no credentials, an
 * endpoint that does not answer, credentials AWS refuses, or a permission the caller lacks.
 */

/** A live read that could not be made; `permission` is the IAM action the caller lacks, when that is the cause. */
export class CannotCheck extends Error {
  constructor(
    message: string,
    /** True when nothing else can be read either (no credentials, no endpoint): the command stops. */
    public readonly fatal: boolean,
    public readonly permission?: string,
  ) {
    super(message);
    this.name = "CannotCheck";
  }
}

/** Errors AWS answers with when a resource or one of its configurations does not exist. */
const ABSENT = new Set([
  "NoSuchBucket",
  "NoSuchBucketPolicy",
  "NoSuchCORSConfiguration",
  "NoSuchPublicAccessBlockConfiguration",
  "NoSuchTagSet",
  "NoSuchEntity",
  "NoSuchEntityException",
  "OwnershipControlsNotFoundError",
  "ServerSideEncryptionConfigurationNotFoundError",
  "NotFound",
]);

const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError"]);
const REFUSED_CREDENTIALS = new Set([
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidAccessKeyId",
  "UnrecognizedClientException",
]);
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"]);

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

/** True when the error says the thing read does not exist (no policy, no CORS, no such role). */
export function isAbsent(e: unknown): boolean {
  const error = e as SdkError;
  return ABSENT.has(error?.name ?? "") || ABSENT.has(error?.code ?? "");
}

function networkCode(e: unknown): string | undefined {
  for (let error = e as SdkError | undefined, depth = 0; error && depth < 5; error = error.cause as SdkError | undefined, depth++) {
    if (error.code && UNREACHABLE.has(error.code)) return error.code;
    if (error.name === "TimeoutError") return "a timeout";
  }
  return undefined;
}

const endpointOf = (endpoint: string | undefined) => endpoint ?? process.env.AWS_ENDPOINT_URL ?? "AWS";

/**
 * Turns an SDK error from the call that needed `permission` into a {@link CannotCheck}, or returns
 * undefined when the error is not one of these (a defect, or an answer the caller handles).
 */
export function cannotCheck(e: unknown, permission: string, endpoint?: string): CannotCheck | undefined {
  if (e instanceof CannotCheck) return e;
  const error = e as SdkError;
  const name = error?.name ?? "";
  if (name === "CredentialsProviderError" || /Could not load credentials/.test(error?.message ?? "")) {
    return new CannotCheck(
      "no AWS credentials found: set AWS_PROFILE (after aws sso login), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role provides them",
      true,
    );
  }
  const network = networkCode(e);
  if (network) return new CannotCheck(`cannot reach ${endpointOf(endpoint)} (${network}): check AWS_ENDPOINT_URL, the network and the proxy`, true);
  if (REFUSED_CREDENTIALS.has(name)) return new CannotCheck(`AWS refused the credentials (${name}): refresh them (aws sso login) or check AWS_PROFILE`, true);
  if (DENIED.has(name) || error?.$metadata?.httpStatusCode === 403) {
    return new CannotCheck(
      `access denied: the caller lacks ${permission} (npm run verify -- --print-policy prints every permission needed)`,
      false,
      permission,
    );
  }
  return undefined;
}

/** Runs one read; "does not exist" comes back as undefined, a refusal as {@link CannotCheck}. */
export async function read<T>(permission: string, call: () => Promise<T>, endpoint?: string): Promise<T | undefined> {
  try {
    return await call();
  } catch (e) {
    if (isAbsent(e)) return undefined;
    const refusal = cannotCheck(e, permission, endpoint);
    if (refusal) throw refusal;
    const error = e as SdkError;
    const status = error?.$metadata?.httpStatusCode;
    // An emulator answers calls it lacks with an HTML error page, which the SDK cannot parse.
    const why =
      status !== undefined && status >= 500
        ? `the endpoint answered HTTP ${status} (it may not implement this call)`
        : `${error?.name ?? "Error"}: ${error?.message ?? String(e)}`;
    throw new CannotCheck(`${permission} failed: ${why.split("\n")[0]}`, false, undefined);
  }
}
