import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { buildSumPlatform, type SumPlatform } from "../../../cdk/lib/build-sum-platform.js";
import type { EnvironmentConfig } from "../../../cdk/lib/config/environment-config.js";
import { environments } from "../../../cdk/lib/config/environments.js";

/** Feature flags exactly as `cdk synth` sees them. */
const cdkJsonContext = (JSON.parse(readFileSync(new URL("../../../cdk.json", import.meta.url), "utf8")) as { context: Record<string, unknown> })
  .context;

export interface SynthesizedPlatform {
  readonly config: EnvironmentConfig;
  readonly stacks: SumPlatform;
  readonly assembly: CloudAssembly;
  readonly templates: Record<keyof SumPlatform, Template>;
}

export interface SynthOptions {
  /** Fields replacing the environment's config. @default {} */
  readonly overrides?: Partial<EnvironmentConfig>;
  /** @default a fixed 40-character SHA */
  readonly imageTag?: string;
  /**
   * Run CDK's built-in CloudFormation validation too. It costs ~10 s of start-up per process,
   * so only the file that asserts on it turns it on. cdk-nag always runs.
   * @default false
   */
  readonly validateTemplates?: boolean;
  /** Called after the stacks are built and before synthesis. @default undefined */
  readonly beforeSynth?: (stacks: SumPlatform) => void;
}

/**
 * Synthesizes one environment the way the entry does (same flags, cdk-nag included).
 * Synthesis throws on any unacknowledged cdk-nag error. Call once per test file.
 */
export function synthPlatform(envName: string, options: SynthOptions = {}): SynthesizedPlatform {
  const base = environments[envName];
  if (!base) throw new Error(`no environment ${envName}`);
  const config = { ...base, ...options.overrides };
  const app = new App({
    context: cdkJsonContext,
    outdir: mkdtempSync(join(tmpdir(), "cdk-test-")),
    builtinCloudFormationValidation: options.validateTemplates ?? false,
  });
  const stacks = buildSumPlatform(app, { config, imageTag: options.imageTag ?? "0123456789abcdef0123456789abcdef01234567" });
  options.beforeSynth?.(stacks);
  const assembly = app.synth();
  const templates = Object.fromEntries(
    Object.entries(stacks).map(([key, stack]) => [key, Template.fromJSON(assembly.getStackByName(stack.stackName).template)]),
  ) as Record<keyof SumPlatform, Template>;
  return { config, stacks, assembly, templates };
}
