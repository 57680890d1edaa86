import { swaggerUI } from "@hono/swagger-ui";
import type { AppOpenAPI } from "./app-env.js";
import { withStandardHeaders } from "./respond.js";
import { swaggerUiHtml } from "./swagger-ui-assets.js";

export const OPENAPI_PATH = "/openapi.json";
const DOCS_PATH = "/docs";

/** Serves the OpenAPI 3.1 document generated from the route schemas, and a browsable page. */
export function configureOpenApi(app: AppOpenAPI, version: string): void {
  // Built by the libraries, not respondJson: the standard headers are added after.
  app.use(OPENAPI_PATH, withStandardHeaders);
  app.use(DOCS_PATH, withStandardHeaders);
  // Both are public operations the gateway routes, so they belong in the description too.
  app.openAPIRegistry.registerPath({
    method: "get",
    path: OPENAPI_PATH,
    summary: "This OpenAPI 3.1 document",
    tags: ["Documentation"],
    responses: { 200: { description: "The OpenAPI document", content: { "application/json": { schema: {} } } } },
  });
  app.openAPIRegistry.registerPath({
    method: "get",
    path: DOCS_PATH,
    summary: "A browsable page of this API",
    tags: ["Documentation"],
    responses: { 200: { description: "An HTML page rendering the OpenAPI document" } },
  });
  app.doc31(OPENAPI_PATH, {
    openapi: "3.1.0",
    info: {
      title: "Sum API",
      version,
      description:
        "Adds numbers exactly: the answer is the double nearest the true sum. Call it through the API " +
        "gateway with your API key; errors are application/problem+json (RFC 9457).",
    },
  });
  app.get(DOCS_PATH, swaggerUI({ url: OPENAPI_PATH, title: "Sum API", manuallySwaggerUIHtml: () => swaggerUiHtml(OPENAPI_PATH) }));
}
