import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { GithubActionsRole } from "../constructs/github-actions-role.js";
import { GithubImageRepository } from "../constructs/github-image-repository.js";
import { GithubOidcProvider } from "../constructs/github-oidc-provider.js";

/** Secret holding an environment's gateway secret (the secrets stack creates it; deploy and sync read it). */
export function gatewaySecretName(environment: string): string {
  return `sum-platform/${environment}/gateway-secret`;
}

/** Names of the environments' gateway secrets, which the gateway sync reads. */
export const GATEWAY_SECRET_NAME_PATTERN = gatewaySecretName("*");

/**
 * SSM parameter holding the commit whose kong/kong.yaml an environment's gateway runs. The
 * deploy writes it after a successful sync; every later sync (daily, drift check) reads it.
 */
export function gatewayConfigCommitParameter(environment: string): string {
  return `/sum-platform/${environment}/gateway-config-commit`;
}

/** Secret holding the smoke-test consumer's key for the outside canary, written by the deploy. */
export function smokeTestKeySecretName(environment: string): string {
  return `sum-platform/${environment}/smoke-test-api-key`;
}

/** One environment the pipeline deploys, and the CDK bootstrap qualifier it was bootstrapped with. */
export interface DeployEnvironment {
  /** GitHub environment name, also the platform's `-c env=` name. */
  readonly name: string;
  /** `cdk bootstrap --qualifier` of this environment (1-10 lowercase letters or digits). */
  readonly cdkQualifier: string;
}

export interface DeployAccessStackProps extends StackProps {
  /**
   * GitHub repository (`owner/name`) whose workflows may assume the roles. Required: there is
   * no placeholder, because a placeholder is a name someone else could own.
   */
  readonly githubRepository: string;
  /**
   * Environments with a deploy role each, trusted by that GitHub environment alone.
   * @default dev (qualifier "sumdev") and prod (qualifier "sumprod")
   */
  readonly deployEnvironments?: readonly DeployEnvironment[];
  /** GitHub environment of the image-publish job. @default "images" */
  readonly imagePublishEnvironment?: string;
  /** GitHub environment of the read-only jobs: prod plan, drift checks, gateway sync. @default "ops" */
  readonly readOnlyEnvironment?: string;
  /**
   * ARN of an existing GitHub OIDC provider in the account (only one may exist).
   * @default a new provider is created
   */
  readonly existingOidcProviderArn?: string;
  /** ECR repository the service images go to. @default "sum-service" */
  readonly imageRepositoryName?: string;
  /** Prefix of the platform's stack names. @default "SumPlatform" */
  readonly stackNamePrefix?: string;
}

const DEFAULT_ENVIRONMENTS: readonly DeployEnvironment[] = [
  { name: "dev", cdkQualifier: "sumdev" },
  { name: "prod", cdkQualifier: "sumprod" },
];

/** `prod` → `Prod`, the label in the platform's stack names. */
const label = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * One-time, admin-deployed access for the delivery pipeline: the GitHub OIDC provider, one
 * role per job kind, and the image repository. Each role trusts one GitHub environment:
 * - `Deploy<Env>`: that environment's `cdk deploy` and gateway sync, and the outside canary's
 *   copy of the smoke-test key (prod's is behind prod's reviewers);
 * - `ImagePublish`: pushes images to the one repository, nothing else;
 * - `ReadOnly`: plans, drift checks and the daily gateway sync; reads, never deploys.
 * Deployed by hand, never by the pipeline itself (a role must not widen its own trust).
 */
export class DeployAccessStack extends Stack {
  constructor(scope: Construct, id: string, props: DeployAccessStackProps) {
    super(scope, id, props);
    const prefix = props.stackNamePrefix ?? "SumPlatform";
    const environments = props.deployEnvironments ?? DEFAULT_ENVIRONMENTS;
    if (environments.length === 0) throw new Error("Deploy environments must name at least one environment");
    const repository = props.githubRepository;
    const { provider } = new GithubOidcProvider(this, "GithubOidc", { existingProviderArn: props.existingOidcProviderArn });
    const images = new GithubImageRepository(this, "Images", { repositoryName: props.imageRepositoryName });

    for (const environment of environments) {
      const deploy = new GithubActionsRole(this, `Deploy${label(environment.name)}`, {
        provider,
        repository,
        environment: environment.name,
        purpose: `deploy ${environment.name} and sync its gateway`,
      });
      deploy.grantAssumeCdkRoles(environment.cdkQualifier, ["deploy", "file-publishing", "lookup"]);
      deploy.grantDescribeStacks(`${prefix}-${label(environment.name)}-*`);
      deploy.grantReadSecrets(gatewaySecretName(environment.name));
      deploy.grantParameter(gatewayConfigCommitParameter(environment.name), { write: true });
      // After the gateway sync, the deploy gives the outside canary the smoke-test key it gave Kong.
      deploy.grantReplaceSecretValue(smokeTestKeySecretName(environment.name));
      new CfnOutput(this, `DeployRoleArn${label(environment.name)}`, {
        value: deploy.role.roleArn,
        description: `Repository variable AWS_DEPLOY_ROLE_ARN_${environment.name.toUpperCase()}`,
      });
    }

    const publish = new GithubActionsRole(this, "ImagePublish", {
      provider,
      repository,
      environment: props.imagePublishEnvironment ?? "images",
      purpose: `push service images to ${images.repository.repositoryName}`,
    });
    images.grantPublish(publish.role);

    const readOnly = new GithubActionsRole(this, "ReadOnly", {
      provider,
      repository,
      environment: props.readOnlyEnvironment ?? "ops",
      purpose: "plan, check drift and re-sync the gateway; reads only",
    });
    for (const environment of environments) readOnly.grantAssumeCdkRoles(environment.cdkQualifier, ["lookup"]);
    readOnly.grantDescribeStacks(`${prefix}-*`);
    readOnly.grantReadSecrets(GATEWAY_SECRET_NAME_PATTERN);
    readOnly.grantParameter(gatewayConfigCommitParameter("*"));

    new CfnOutput(this, "ImagePublishRoleArn", { value: publish.role.roleArn, description: "Repository variable AWS_IMAGE_PUBLISH_ROLE_ARN" });
    new CfnOutput(this, "ReadOnlyRoleArn", { value: readOnly.role.roleArn, description: "Repository variable AWS_READ_ONLY_ROLE_ARN" });
    new CfnOutput(this, "ImageRepositoryUri", { value: images.repository.repositoryUri });
  }
}
