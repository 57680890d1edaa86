import { z } from "@hono/zod-openapi";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** One offending place in the request body, as a JSON pointer (RFC 6901). */
export const ProblemErrorSchema = z
  .object({
    pointer: z.string().openapi({ example: "/numbers/3" }),
    detail: z.string().openapi({ example: "Invalid input: expected number, received string" }),
  })
  .openapi("ProblemError");

/** RFC 9457 problem details; `errors` appears on 422 answers only. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "urn:sum-platform:problem:validation-failed" }),
    title: z.string().openapi({ example: "Request body failed validation" }),
    status: z.number().int().openapi({ example: 422 }),
    detail: z.string().openapi({ example: "numbers must hold 1 to 10000 finite numbers" }),
    instance: z.string().optional().openapi({ example: "/sum" }),
    errors: z.array(ProblemErrorSchema).optional(),
  })
  .openapi("Problem");

export type Problem = z.infer<typeof ProblemSchema>;
export type ProblemError = z.infer<typeof ProblemErrorSchema>;

/** The kinds of problem the service reports, with their status and stable `type` URI. */
export const ProblemKinds = {
  malformedJson: { status: 400, slug: "malformed-json", title: "Malformed JSON" },
  gatewayRejected: { status: 403, slug: "gateway-rejected", title: "Forbidden" },
  notFound: { status: 404, slug: "not-found", title: "Not Found" },
  methodNotAllowed: { status: 405, slug: "method-not-allowed", title: "Method Not Allowed" },
  payloadTooLarge: { status: 413, slug: "payload-too-large", title: "Payload Too Large" },
  unsupportedMediaType: { status: 415, slug: "unsupported-media-type", title: "Unsupported Media Type" },
  validationFailed: { status: 422, slug: "validation-failed", title: "Request body failed validation" },
  sumOutOfRange: { status: 422, slug: "sum-out-of-range", title: "Sum out of range" },
  notReady: { status: 503, slug: "not-ready", title: "Service Unavailable" },
  overloaded: { status: 503, slug: "overloaded", title: "Service Unavailable" },
  bodyBudgetExhausted: { status: 503, slug: "body-budget-exhausted", title: "Service Unavailable" },
  internal: { status: 500, slug: "internal-error", title: "Internal Server Error" },
} as const;

export type ProblemKind = keyof typeof ProblemKinds;

/** Problem types are URNs: stable identifiers, documented in docs/api.md, never fetched. */
const TYPE_BASE = "urn:sum-platform:problem:";

/** Builds the body of a problem answer of the given kind. */
export function problemBody(
  kind: ProblemKind,
  detail: string,
  extra: { instance?: string; errors?: ProblemError[] } = {},
): Problem {
  const { status, slug, title } = ProblemKinds[kind];
  return { type: TYPE_BASE + slug, title, status, detail, ...extra };
}

