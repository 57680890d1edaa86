import { ProblemSchema, PROBLEM_CONTENT_TYPE } from "./problem.js";

/** An OpenAPI response entry whose body is a problem document. */
export const problemResponseSpec = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
});
