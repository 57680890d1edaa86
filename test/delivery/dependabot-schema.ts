/**
 * The part of the dependabot.yml v2 format this repository uses, strict about unknown keys
 * so a misspelt option fails instead of being silently ignored by GitHub. Option names and
 * values follow GitHub's "Dependabot options reference".
 */
export const dependabotSchema = {
  type: "object",
  required: ["version", "updates"],
  additionalProperties: false,
  properties: {
    version: { const: 2 },
    updates: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["package-ecosystem", "schedule"],
        oneOf: [{ required: ["directory"] }, { required: ["directories"] }],
        additionalProperties: false,
        properties: {
          "package-ecosystem": { enum: ["npm", "github-actions", "docker", "docker-compose", "terraform", "pip", "gomod"] },
          directory: { type: "string", pattern: "^/" },
          directories: { type: "array", minItems: 1, items: { type: "string", pattern: "^/" } },
          schedule: {
            type: "object",
            required: ["interval"],
            additionalProperties: false,
            properties: {
              interval: { enum: ["daily", "weekly", "monthly", "quarterly", "semiannually", "yearly", "cron"] },
              day: { enum: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] },
              time: { type: "string", pattern: "^\\d{2}:\\d{2}$" },
              timezone: { type: "string" },
            },
          },
          "open-pull-requests-limit": { type: "integer", minimum: 0 },
          groups: {
            type: "object",
            additionalProperties: {
              type: "object",
              additionalProperties: false,
              properties: {
                patterns: { type: "array", items: { type: "string" }, minItems: 1 },
                "exclude-patterns": { type: "array", items: { type: "string" } },
                "dependency-type": { enum: ["production", "development"] },
                "update-types": { type: "array", items: { enum: ["major", "minor", "patch"] } },
              },
            },
          },
          "commit-message": {
            type: "object",
            additionalProperties: false,
            properties: { prefix: { type: "string", maxLength: 50 }, "prefix-development": { type: "string" }, include: { const: "scope" } },
          },
          labels: { type: "array", items: { type: "string" } },
        },
      },
    },
  },
} as const;
