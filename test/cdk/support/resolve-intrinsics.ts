import type { Template } from "aws-cdk-lib/assertions";

/** What a deployment fills in for the pseudo parameters of one stack. */
export interface DeployTarget {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

type Json = unknown;
type Templates = Readonly<Record<string, Template>>;

/**
 * Evaluates the intrinsics CDK writes (Ref, Fn::GetAtt, Fn::Join, Fn::ImportValue) as
 * CloudFormation would for `target`. A resource's Ref or attribute becomes a stable marker
 * `<stack>/<logicalId>[.<attribute>]`, so values from different stacks can be compared;
 * an import is followed to the export of whichever template defines it.
 */
export function intrinsicResolver(templates: Templates, target: DeployTarget) {
  const pseudo: Record<string, string> = {
    "AWS::Partition": target.partition,
    "AWS::Region": target.region,
    "AWS::AccountId": target.account,
    "AWS::URLSuffix": "amazonaws.com",
  };
  const exported = new Map<string, { stack: string; value: Json }>();
  for (const [stack, template] of Object.entries(templates)) {
    const outputs = (template.toJSON().Outputs ?? {}) as Record<string, { Value: Json; Export?: { Name: string } }>;
    for (const output of Object.values(outputs)) if (output.Export) exported.set(output.Export.Name, { stack, value: output.Value });
  }

  const resolve = (stack: string, node: Json): Json => {
    if (Array.isArray(node)) return node.map((n) => resolve(stack, n));
    if (!node || typeof node !== "object") return node;
    const entries = Object.entries(node);
    if (entries.length === 1) {
      const [fn, arg] = entries[0]!;
      if (fn === "Ref") return pseudo[arg as string] ?? `${stack}/${arg as string}`;
      if (fn === "Fn::GetAtt") return `${stack}/${(arg as string[]).join(".")}`;
      if (fn === "Fn::Join") {
        const [separator, parts] = arg as [string, Json[]];
        return parts.map((p) => String(resolve(stack, p))).join(separator);
      }
      if (fn === "Fn::ImportValue") {
        const source = exported.get(arg as string);
        if (!source) throw new Error(`no stack exports ${String(arg)}`);
        return resolve(source.stack, source.value);
      }
      if (fn.startsWith("Fn::")) throw new Error(`unsupported intrinsic ${fn}`);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, resolve(stack, v)]));
  };
  return resolve;
}
