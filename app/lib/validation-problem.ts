import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "./app-env.js";
import type { ProblemError } from "./problem.js";
import { respondProblem } from "./respond.js";

/** Enough to point a caller at what to fix without echoing 10,000 identical complaints. */
const MAX_LISTED_ERRORS = 20;

const escapeToken = (token: PropertyKey) => String(token).replaceAll("~", "~0").replaceAll("/", "~1");
const toPointer = (path: readonly PropertyKey[]) => path.map((token) => `/${escapeToken(token)}`).join("");

/** Zod issues as RFC 6901 JSON pointers into the request body. */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[]): ProblemError[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ pointer: toPointer([...issue.path, key]), detail: "Unrecognized key" }))
      : [{ pointer: toPointer(issue.path), detail: issue.message }],
  );
}

/** A 422 problem listing the failed checks as JSON pointers (at most {@link MAX_LISTED_ERRORS}). */
export function respondValidationProblem(c: Context<AppEnv>, issues: readonly z.core.$ZodIssue[]) {
  const errors = issuesToErrors(issues);
  const listed = errors.slice(0, MAX_LISTED_ERRORS);
  const detail =
    errors.length > listed.length
      ? `${errors.length} problems in the request body; the first ${listed.length} are listed.`
      : `${errors.length} problem${errors.length === 1 ? "" : "s"} in the request body.`;
  return respondProblem(c, "validationFailed", detail, { errors: listed });
}
