import { describe, expect, it } from "vitest";
import { parseContainerCommand } from "../../bench/container-command.js";

const dockerfile = `FROM node:24.11.1-bookworm-slim AS build
ENV NODE_OPTIONS=--inspect
CMD ["node", "build.js"]

FROM node:24.11.1-bookworm-slim AS runtime
ENV NODE_ENV=production \\
    NODE_OPTIONS=--max-semi-space-size=2 \\
    PORT=8080
HEALTHCHECK --interval=15s \\
  CMD ["node", "dist/healthcheck.js"]
CMD ["node", "--single-threaded-gc", "dist/server.js"]
`;

describe("how the bench and the bundle tests learn the container's node command", () => {
  it("takes NODE_OPTIONS and the CMD of the runtime stage, not the health check's or an earlier stage's", () => {
    expect(parseContainerCommand(dockerfile)).toEqual({
      nodeOptions: "--max-semi-space-size=2",
      nodeArgs: ["--single-threaded-gc"],
      script: "dist/server.js",
    });
  });

  it("gives no flags when the CMD has none", () => {
    expect(parseContainerCommand('FROM node:24 AS runtime\nCMD ["node", "dist/server.js"]\n')).toEqual({ nodeOptions: "", nodeArgs: [], script: "dist/server.js" });
  });

  it("takes the last CMD of the stage, the one Docker runs", () => {
    expect(parseContainerCommand('FROM node:24\nCMD ["node", "old.js"]\nCMD ["node", "--jitless", "dist/server.js"]\n').nodeArgs).toEqual(["--jitless"]);
  });

  it("refuses a CMD it cannot start the same way: shell form, none, or not node", () => {
    expect(() => parseContainerCommand("FROM node:24\nCMD node dist/server.js\n")).toThrow(/not \["node", \.\.\.flags, script\]: node dist\/server.js/);
    expect(() => parseContainerCommand("FROM node:24\n")).toThrow(/: none/);
    expect(() => parseContainerCommand('FROM node:24\nCMD ["npm", "start"]\n')).toThrow(/\["npm", "start"\]/);
  });
});
