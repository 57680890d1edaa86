import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "./app-env.js";
import type { ProblemError } from "./problem.js";
import { respondProblem } from "./respond.js";

/** Enough to point a caller at what to fix without echoing 10,000 identical complaints. */
export const MAX_LISTED_ERRORS = 20;

const escapeToken = (token: PropertyKey) => String(token).replaceAll("~", "~0").replaceAll("/", "~1");
const toPointer = (path: readonly PropertyKey[]) => path.map((token) => `/${escapeToken(token)}`).join("");

/**
 * Zod issues as RFC 6901 JSON pointers into the request body: the first `limit` built, the rest
 * only counted (an unrecognized-keys issue holds one entry per key, possibly many thousands).
 */
export function issuesToErrors(
  issues: readonly z.core.$ZodIssue[],
  limit = Number.POSITIVE_INFINITY,
): { errors: ProblemError[]; total: number } {
  const errors: ProblemError[] = [];
  let total = 0;
  for (const issue of issues) {
    if (issue.code !== "unrecognized_keys") {
      total++;
      if (errors.length < limit) errors.push({ pointer: toPointer(issue.path), detail: issue.message });
      continue;
    }
    total += issue.keys.length;
    for (let i = 0; i < issue.keys.length && errors.length < limit; i++) {
      errors.push({ pointer: toPointer([...issue.path, issue.keys[i]!]), detail: "Unrecognized key" });
    }
  }
  return { errors, total };
}

/**
 * A 422 problem listing the failed checks as JSON pointers (at most {@link MAX_LISTED_ERRORS}),
 * counting `unlisted` more found without asking the schema.
 */
export function respondValidationProblem(c: Context<AppEnv>, issues: readonly z.core.$ZodIssue[], unlisted = 0) {
  const listed = issuesToErrors(issues, MAX_LISTED_ERRORS);
  const { errors } = listed;
  const total = listed.total + unlisted;
  const detail =
    total > errors.length
      ? `${total} problems in the request body; the first ${errors.length} are listed.`
      : `${total} problem${total === 1 ? "" : "s"} in the request body.`;
  return respondProblem(c, "validationFailed", detail, { errors });
}
