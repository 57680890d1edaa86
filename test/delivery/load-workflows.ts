import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const githubDir = fileURLToPath(new URL("../../.github/", import.meta.url));

export interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export interface Job {
  readonly permissions?: Record<string, string> | string;
  readonly environment?: string | { name: string; url?: string };
  readonly concurrency?: { group: string; "cancel-in-progress"?: boolean | string };
  readonly needs?: string | string[];
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly steps?: Step[];
  readonly [key: string]: unknown;
}

export interface Workflow {
  readonly file: string;
  readonly text: string;
  readonly on: Record<string, unknown>;
  readonly permissions?: unknown;
  readonly defaults?: { run?: { shell?: string } };
  readonly jobs: Record<string, Job>;
}

/** Every workflow file, raw and parsed. */
export function loadWorkflows(): Workflow[] {
  const dir = `${githubDir}workflows/`;
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => {
      const text = readFileSync(dir + file, "utf8");
      return { file, text, ...parse(text) } as Workflow;
    });
}

export function workflow(file: string): Workflow {
  const found = loadWorkflows().find((candidate) => candidate.file === file);
  if (!found) throw new Error(`no workflow ${file}`);
  return found;
}

/** [workflow file, job id, job] for every job of every workflow. */
export function allJobs(): Array<[string, string, Job]> {
  return loadWorkflows().flatMap((wf) => Object.entries(wf.jobs).map(([id, job]) => [wf.file, id, job] as [string, string, Job]));
}

export const stepsOf = (job: Job): Step[] => job.steps ?? [];

export const usesAction = (job: Job, action: string): boolean =>
  stepsOf(job).some((step) => step.uses?.startsWith(`${action}@`) ?? false);

/** Index of the first step whose `run` or `uses` contains `needle`, or -1. */
export const stepIndex = (job: Job, needle: string): number =>
  stepsOf(job).findIndex((step) => `${step.run ?? ""}${step.uses ?? ""}${JSON.stringify(step.with ?? {})}`.includes(needle));
