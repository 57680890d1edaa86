"use strict";
// The gateway canary: calls the public gateway the way a consumer does and checks the exact answer.
// It runs in CloudWatch Synthetics (syn-nodejs-puppeteer), which provides `Synthetics`,
// `SyntheticsLogger` and the AWS SDK for JavaScript v3. Inlined into the canary at synthesis.
const synthetics = require("Synthetics");
const log = require("SyntheticsLogger");
const { GetSecretValueCommand, SecretsManagerClient } = require("@aws-sdk/client-secrets-manager");

/** Kong's key-auth header (kong/kong.yaml `key_names`). */
const KEY_HEADER = "apikey";
// Correct rounding is the product: naive left-to-right addition gives 2.5, not 3.5.
const BODY = JSON.stringify({ numbers: [1e16, 1, -1e16, 2.5] });
const EXPECTED = { sum: 3.5, count: 4 };

/** The smoke-test consumer's key, read at run time so it is never in the template or the canary's code. */
async function readApiKey(secretId) {
  const answer = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
  const key = (answer.SecretString ?? "").trim();
  if (key === "") throw new Error("the smoke-test key secret has no value");
  return key;
}

function readBody(response) {
  return new Promise((resolve, reject) => {
    let text = "";
    response.setEncoding("utf8");
    response.on("data", (chunk) => (text += chunk));
    response.on("end", () => resolve(text));
    response.on("error", reject);
  });
}

/** Fails the step unless the gateway answered 200 with exactly the expected sum and count. */
async function checkAnswer(response) {
  const text = await readBody(response);
  const shown = text.slice(0, 200);
  if (response.statusCode !== 200) throw new Error(`POST /sum answered ${response.statusCode}, expected 200: ${shown}`);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`POST /sum answered 200 with a body that is not JSON: ${shown}`);
  }
  if (body === null || body.sum !== EXPECTED.sum || body.count !== EXPECTED.count) {
    throw new Error(`POST /sum answered ${shown}, expected {"sum":${EXPECTED.sum},"count":${EXPECTED.count}}`);
  }
  log.info("POST /sum through the gateway answered the exact sum");
}

exports.handler = async () => {
  const gateway = new URL(process.env.GATEWAY_URL);
  const key = await readApiKey(process.env.API_KEY_SECRET_ID);
  // The key must never reach the canary's logs, HAR files or reports.
  const stepConfig = {
    includeRequestHeaders: false,
    includeRequestBody: true,
    includeResponseHeaders: true,
    includeResponseBody: true,
    restrictedHeaders: [KEY_HEADER],
  };
  synthetics.getConfiguration().setConfig(stepConfig);
  const request = {
    protocol: gateway.protocol,
    hostname: gateway.hostname,
    port: gateway.port || (gateway.protocol === "https:" ? 443 : 80),
    path: `${gateway.pathname.replace(/\/$/, "")}/sum`,
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": synthetics.getCanaryUserAgentString(),
      [KEY_HEADER]: key,
    },
    body: BODY,
  };
  await synthetics.executeHttpStep("POST /sum through the gateway", request, checkAnswer, stepConfig);
};
