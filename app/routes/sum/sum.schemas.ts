import { z } from "@hono/zod-openapi";

/** The request body; the array bound comes from MAX_NUMBERS, so the schema is built per app. */
export const createSumRequestSchema = (maxNumbers: number) =>
  z
    .strictObject({
      numbers: z
        .array(z.number().openapi({ description: "A finite JSON number." }))
        .min(1)
        .max(maxNumbers)
        .openapi({ example: [1e16, 1, -1e16], description: `1 to ${maxNumbers} finite numbers.` }),
    })
    .openapi("SumRequest");

export const SumResponseSchema = z
  .object({
    sum: z.number().openapi({
      example: 1,
      description: "The double nearest the exact sum of the inputs (correctly rounded, ties to even).",
    }),
    count: z.number().int().openapi({ example: 3, description: "How many numbers were added." }),
  })
  .openapi("SumResponse");
