import { Duration, Stack, Token, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_ISSUER } from "./github-oidc-provider.js";
import { githubTrustSubjects } from "./github-trust-subjects.js";

export interface GithubDeployRoleProps {
  /** The account's GitHub OIDC identity provider. */
  readonly provider: iam.IOidcProvider;
  /** Repository allowed to assume the role, as `owner/name` (case as shown by GitHub). */
  readonly repository: string;
  /** Branch whose pushes may deploy (image build, scheduled jobs). @default "main" */
  readonly branch?: string;
  /** GitHub environments whose jobs may deploy. @default ["dev", "prod"] */
  readonly environments?: readonly string[];
  /** Longest credential lifetime a job gets. @default Duration.hours(1) */
  readonly maxSessionDuration?: Duration;
}

/**
 * The role GitHub Actions assumes through OIDC. Its trust is pinned to exact token
 * subjects: the deploy branch and the deploy environments of one repository. A pull
 * request's token (`repo:…:pull_request`) or any other branch matches none of them.
 */
export class GithubDeployRole extends Construct {
  readonly role: iam.Role;
  /** The exact `sub` claims the trust policy accepts. */
  readonly subjects: readonly string[];

  constructor(scope: Construct, id: string, props: GithubDeployRoleProps) {
    super(scope, id);
    this.subjects = githubTrustSubjects(props.repository, props.branch ?? "main", props.environments ?? ["dev", "prod"]);
    this.role = new iam.Role(this, "Role", {
      description: `Assumed by GitHub Actions in ${props.repository} to deploy the platform`,
      maxSessionDuration: props.maxSessionDuration ?? Duration.hours(1),
      assumedBy: new iam.OpenIdConnectPrincipal(props.provider, {
        StringEquals: {
          [`${GITHUB_OIDC_ISSUER}:aud`]: GITHUB_OIDC_AUDIENCE,
          [`${GITHUB_OIDC_ISSUER}:sub`]: [...this.subjects],
        },
      }),
    });
  }

  /** `cdk deploy`/`cdk diff` work through the bootstrap roles, which hold the real deploy rights. */
  grantAssumeCdkBootstrapRoles(qualifier = "hnb659fds"): void {
    const { partition, account } = Stack.of(this);
    const resource = `arn:${partition}:iam::${account}:role/cdk-${qualifier}-*`;
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["sts:AssumeRole"], resources: [resource] }));
    this.suppressWildcard(
      `Resource::arn:${this.findingPartition}:iam::<AWS::AccountId>:role/cdk-${qualifier}-*`,
      "The CDK bootstrap roles (deploy, lookup, file and image publishing) share this qualifier prefix; nothing else matches it.",
    );
  }

  /** Reads stack outputs and templates (gateway sync, deployed image tag). */
  grantDescribeStacks(stackNamePattern: string): void {
    const { partition, region, account } = Stack.of(this);
    const resource = `arn:${partition}:cloudformation:${region}:${account}:stack/${stackNamePattern}/*`;
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["cloudformation:DescribeStacks", "cloudformation:GetTemplate"], resources: [resource] }),
    );
    this.suppressWildcard(
      `Resource::arn:${this.findingPartition}:cloudformation:${this.findingRegion}:<AWS::AccountId>:stack/${stackNamePattern}/*`,
      "Read-only access to the platform's own stacks, matched by name; the trailing wildcard is the stack id.",
    );
  }

  /**
   * Reads the secrets whose names match `secretNamePattern` (see GATEWAY_SECRET_NAME_PATTERN),
   * and decrypts them only through Secrets Manager. Matching by name rather than by a tag keeps
   * the grant checkable by reading the policy.
   */
  grantReadSecrets(secretNamePattern: string): void {
    const { partition, region, account } = Stack.of(this);
    // Secrets Manager appends "-" and six random characters to every secret's ARN.
    const secrets = `arn:${partition}:secretsmanager:${region}:${account}:secret:${secretNamePattern}-??????`;
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        resources: [secrets],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["kms:Decrypt"],
        resources: [`arn:${partition}:kms:${region}:${account}:key/*`],
        conditions: {
          StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` },
          StringLike: { "kms:EncryptionContext:SecretARN": secrets },
        },
      }),
    );
    this.suppressWildcard(
      `Resource::arn:${this.findingPartition}:secretsmanager:${this.findingRegion}:<AWS::AccountId>:secret:${secretNamePattern}-??????`,
      "The gateway secrets of every environment, matched by name; the stacks create them after this role exists.",
    );
    this.suppressWildcard(
      `Resource::arn:${this.findingPartition}:kms:${this.findingRegion}:<AWS::AccountId>:key/*`,
      "Decrypt only via Secrets Manager and only for the name-matched gateway secrets above.",
    );
  }

  /** How cdk-nag spells this stack's region in a finding: the token's name, or the pinned region. */
  private get findingRegion(): string {
    const { region } = Stack.of(this);
    return Token.isUnresolved(region) ? "<AWS::Region>" : region;
  }

  /** Likewise for the partition, a literal once the region is pinned and partition literals are on. */
  private get findingPartition(): string {
    const { partition } = Stack.of(this);
    return Token.isUnresolved(partition) ? "<AWS::Partition>" : partition;
  }

  private suppressWildcard(finding: string, reason: string): void {
    Validations.of(this.role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}
