import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { GithubDeployRole } from "../constructs/github-deploy-role.js";
import { GithubImageRepository } from "../constructs/github-image-repository.js";
import { GithubOidcProvider } from "../constructs/github-oidc-provider.js";

/** Names of the environments' gateway secrets, which the gateway sync reads. */
export const GATEWAY_SECRET_NAME_PATTERN = "sum-platform/*/gateway-secret";

/** Placeholder used until the real repository is given (`-c githubRepository=owner/name`). */
export const DEFAULT_GITHUB_REPOSITORY = "example-org/sum-platform";

export interface DeployAccessStackProps extends StackProps {
  /**
   * GitHub repository (`owner/name`) whose workflows may deploy.
   * @default "example-org/sum-platform"
   */
  readonly githubRepository?: string;
  /** Branch whose pushes and schedules may deploy. @default "main" */
  readonly deployBranch?: string;
  /** GitHub environments that may deploy. @default ["dev", "prod"] */
  readonly deployEnvironments?: readonly string[];
  /**
   * ARN of an existing GitHub OIDC provider in the account (only one may exist).
   * @default a new provider is created
   */
  readonly existingOidcProviderArn?: string;
  /** ECR repository the service images go to. @default "sum-service" */
  readonly imageRepositoryName?: string;
  /** Prefix of the platform's stack names. @default "SumPlatform" */
  readonly stackNamePrefix?: string;
  /** Qualifier the account was CDK-bootstrapped with. @default "hnb659fds" */
  readonly cdkBootstrapQualifier?: string;
}

/**
 * One-time, admin-deployed access for the delivery pipeline: the GitHub OIDC provider,
 * the deploy role it may assume, and the image repository. Deployed once per account,
 * never by the pipeline itself (a role must not widen its own trust).
 */
export class DeployAccessStack extends Stack {
  constructor(scope: Construct, id: string, props: DeployAccessStackProps = {}) {
    super(scope, id, props);
    const prefix = props.stackNamePrefix ?? "SumPlatform";
    const oidc = new GithubOidcProvider(this, "GithubOidc", {
      existingProviderArn: props.existingOidcProviderArn,
    });
    const images = new GithubImageRepository(this, "Images", { repositoryName: props.imageRepositoryName });
    const deploy = new GithubDeployRole(this, "Deploy", {
      provider: oidc.provider,
      repository: props.githubRepository ?? DEFAULT_GITHUB_REPOSITORY,
      branch: props.deployBranch,
      environments: props.deployEnvironments,
    });
    images.grantPublish(deploy.role);
    deploy.grantAssumeCdkBootstrapRoles(props.cdkBootstrapQualifier);
    deploy.grantDescribeStacks(`${prefix}-*`);
    deploy.grantReadSecrets(GATEWAY_SECRET_NAME_PATTERN);

    new CfnOutput(this, "DeployRoleArn", {
      value: deploy.role.roleArn,
      description: "Set as the repository variable AWS_DEPLOY_ROLE_ARN",
    });
    new CfnOutput(this, "ImageRepositoryUri", { value: images.repository.repositoryUri });
  }
}
