/** Longest error message written to a log line. */
const MAX_MESSAGE_LENGTH = 160;
// Error codes are PascalCase words (AccessDeniedException, TimeoutError): nothing else an endpoint sends passes.
const SAFE_NAME = /^[A-Z][A-Za-z0-9]{0,63}$/;
const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;

export type FailureFields = {
  /** The error's class or AWS error code, e.g. TimeoutError, AccessDeniedException; "Error" when it is anything else. */
  readonly errorName: string;
  /** A short, single-line message that never holds text the endpoint sent. */
  readonly errorMessage: string;
  /** The HTTP status Secrets Manager answered with, when it answered at all. */
  readonly httpStatusCode?: number;
  /** AWS's id for the failed call, for a support case. */
  readonly awsRequestId?: string;
};

type SdkErrorShape = Error & { $metadata?: { httpStatusCode?: number; requestId?: string }; $response?: unknown };

/**
 * What a failed Secrets Manager call may put in a log line. An error built from an answer (it carries
 * the SDK's `$metadata` or `$response`, or is a parse error, whose message quotes the input) has its
 * message from the endpoint: it is replaced by the status alone. Messages raised here or in the
 * HTTP client (timeouts, refused connections) are kept, on one line and truncated.
 */
export function describeFailure(error: unknown): FailureFields {
  if (!(error instanceof Error)) return { errorName: "Error", errorMessage: "a non-error value was thrown" };
  const { $metadata, $response } = error as SdkErrorShape;
  const errorName = SAFE_NAME.test(error.name) ? error.name : "Error";
  const httpStatusCode = typeof $metadata?.httpStatusCode === "number" ? $metadata.httpStatusCode : undefined;
  const awsRequestId = typeof $metadata?.requestId === "string" && SAFE_ID.test($metadata.requestId) ? $metadata.requestId : undefined;
  const fromAnswer = httpStatusCode !== undefined || $response !== undefined || error instanceof SyntaxError;
  const errorMessage = fromAnswer
    ? `Secrets Manager answered${httpStatusCode === undefined ? " with an unreadable response" : ` HTTP ${httpStatusCode}`}`
    : oneLine(error.message);
  return { errorName, errorMessage, ...(httpStatusCode !== undefined && { httpStatusCode }), ...(awsRequestId && { awsRequestId }) };
}

function oneLine(text: string): string {
  const flat = text.replace(/\p{Cc}+/gu, " ").trim();
  return flat.length > MAX_MESSAGE_LENGTH ? `${flat.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : flat;
}
