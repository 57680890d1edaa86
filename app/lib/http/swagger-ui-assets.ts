/**
 * The Swagger UI release the /docs page loads from the CDN, pinned with Subresource Integrity:
 * a browser refuses either file if its bytes differ from this release's, so the page never runs
 * a script nobody reviewed. Published npm versions are immutable, and jsDelivr serves their
 * files unchanged. To move it, for the new version V:
 *   npm pack swagger-ui-dist@V && tar xzf swagger-ui-dist-V.tgz
 *   openssl dgst -sha384 -binary package/<file> | base64
 */
export const SWAGGER_UI = {
  version: "5.35.0",
  css: { file: "swagger-ui.css", integrity: "sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I" },
  js: { file: "swagger-ui-bundle.js", integrity: "sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9" },
} as const;

const base = `https://cdn.jsdelivr.net/npm/swagger-ui-dist@${SWAGGER_UI.version}`;

/** The page body: Swagger UI from the pinned, integrity-checked assets, reading `openApiPath`. */
export function swaggerUiHtml(openApiPath: string): string {
  return `
    <div id="swagger-ui"></div>
    <link rel="stylesheet" href="${base}/${SWAGGER_UI.css.file}" integrity="${SWAGGER_UI.css.integrity}" crossorigin="anonymous" />
    <script src="${base}/${SWAGGER_UI.js.file}" integrity="${SWAGGER_UI.js.integrity}" crossorigin="anonymous"></script>
    <script>
      window.onload = () => {
        window.ui = SwaggerUIBundle({ dom_id: "#swagger-ui", url: ${JSON.stringify(openApiPath)} });
      };
    </script>`;
}
