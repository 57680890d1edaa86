import { readFileSync } from "node:fs";

/** How the runtime image starts the service, so that the bench and the bundle tests start it alike. */
export interface ContainerCommand {
  /** NODE_OPTIONS from the image's ENV. */
  nodeOptions: string;
  /** Node flags its CMD passes before the script: V8 flags that NODE_OPTIONS may not carry. */
  nodeArgs: string[];
  script: string;
}

/** Reads the last stage's NODE_OPTIONS and its exec-form `CMD ["node", ...flags, script]`. */
export function parseContainerCommand(dockerfile: string): ContainerCommand {
  const runtime = dockerfile.replace(/\\\n\s*/g, " ").split(/^FROM /m).at(-1) ?? "";
  // Docker runs the last CMD of the stage, so a later one overrides an earlier one.
  const cmd = [...runtime.matchAll(/^CMD (.*?)\s*$/gm)].at(-1)?.[1];
  const words: unknown = cmd?.startsWith("[") ? JSON.parse(cmd) : undefined;
  if (!Array.isArray(words) || words.length < 2 || words[0] !== "node" || !words.every((word) => typeof word === "string")) {
    throw new Error(`the Dockerfile's last CMD is not ["node", ...flags, script]: ${cmd ?? "none"}`);
  }
  const [, ...rest] = words as string[];
  return { nodeOptions: /NODE_OPTIONS=(\S+)/.exec(runtime)?.[1] ?? "", nodeArgs: rest.slice(0, -1), script: rest.at(-1)! };
}

export function containerCommand(): ContainerCommand {
  return parseContainerCommand(readFileSync("Dockerfile", "utf8"));
}
