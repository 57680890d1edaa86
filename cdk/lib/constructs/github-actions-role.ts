import { Duration, Stack, Token, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_ISSUER } from "./github-oidc-provider.js";
import { githubEnvironmentSubject } from "./github-trust-subjects.js";

/** The roles `cdk bootstrap` creates for one qualifier, by the kind in their name. */
type CdkBootstrapRoleKind = "deploy" | "file-publishing" | "image-publishing" | "lookup";

export interface GithubActionsRoleProps {
  /** The account's GitHub OIDC identity provider. */
  readonly provider: iam.IOidcProvider;
  /** Repository allowed to assume the role, as `owner/name` (case as shown by GitHub). */
  readonly repository: string;
  /** The one GitHub environment whose jobs may assume the role. */
  readonly environment: string;
  /** What the role is for, shown in IAM. */
  readonly purpose: string;
  /** Longest credential lifetime a job gets. @default Duration.hours(1) */
  readonly maxSessionDuration?: Duration;
}

/**
 * A role GitHub Actions assumes through OIDC, trusted by exactly one subject: jobs bound to one
 * environment of one repository. A pull request's token (`repo:…:pull_request`), a branch
 * (`repo:…:ref:…`) or any other environment matches nothing. It starts with no rights; the
 * stack grants each role what its jobs do, through the verbs below.
 */
export class GithubActionsRole extends Construct {
  readonly role: iam.Role;
  /** The exact `sub` claim the trust policy accepts. */
  readonly subject: string;

  constructor(scope: Construct, id: string, props: GithubActionsRoleProps) {
    super(scope, id);
    this.subject = githubEnvironmentSubject(props.repository, props.environment);
    this.role = new iam.Role(this, "Role", {
      description: `GitHub Actions, ${props.repository} environment ${props.environment}: ${props.purpose}`,
      maxSessionDuration: props.maxSessionDuration ?? Duration.hours(1),
      assumedBy: new iam.OpenIdConnectPrincipal(props.provider, {
        StringEquals: {
          [`${GITHUB_OIDC_ISSUER}:aud`]: GITHUB_OIDC_AUDIENCE,
          [`${GITHUB_OIDC_ISSUER}:sub`]: this.subject,
        },
      }),
    });
  }

  /**
   * Lets the role assume the named bootstrap roles of one CDK qualifier, by exact name. They
   * hold the real rights (`cdk deploy` acts through `deploy`, `cdk diff --method template` and
   * drift checks read through `lookup`); bootstrapping each environment with its own qualifier
   * keeps one environment's role away from the other's.
   */
  grantAssumeCdkRoles(qualifier: string, kinds: readonly CdkBootstrapRoleKind[]): void {
    if (!/^[a-z0-9]{1,10}$/.test(qualifier)) {
      throw new Error(`CDK bootstrap qualifier must be 1-10 lowercase letters or digits, got "${qualifier}"`);
    }
    const { partition, account, region } = Stack.of(this);
    const resources = kinds.map((kind) => `arn:${partition}:iam::${account}:role/cdk-${qualifier}-${kind}-role-${account}-${region}`);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["sts:AssumeRole"], resources }));
  }

  /** Reads stack outputs and templates of the stacks matching `stackNamePattern`. */
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
   * Reads the secrets whose names match `secretNamePattern`, decrypting them only through
   * Secrets Manager. Matching by name rather than by a tag keeps the grant checkable by
   * reading the policy (and a tag can be set by whoever may tag).
   */
  grantReadSecrets(secretNamePattern: string): void {
    const { partition, region, account } = Stack.of(this);
    // Secrets Manager appends "-" and six random characters to every secret's ARN.
    const secrets = `arn:${partition}:secretsmanager:${region}:${account}:secret:${secretNamePattern}-??????`;
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], resources: [secrets] }),
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
      "The gateway secrets, matched by name; the stacks create them after this role exists, so their ARNs are unknown here.",
    );
    this.suppressWildcard(
      `Resource::arn:${this.findingPartition}:kms:${this.findingRegion}:<AWS::AccountId>:key/*`,
      "Decrypt only via Secrets Manager and only for the name-matched gateway secrets above.",
    );
  }

  /**
   * Reads and replaces the value of the one secret named `secretName`, which must be encrypted with
   * Secrets Manager's AWS managed key: that key's policy already lets Secrets Manager use it for any
   * principal of the account allowed the secret, so no KMS right is granted (a customer key would
   * need `kms:Decrypt`/`kms:GenerateDataKey` here). No create, delete or policy change.
   */
  grantReplaceSecretValue(secretName: string): void {
    if (!/^[A-Za-z0-9/_+=.@-]+$/.test(secretName)) throw new Error(`Secret name must be one exact name, got "${secretName}"`);
    const { partition, region, account } = Stack.of(this);
    const secret = `arn:${partition}:secretsmanager:${region}:${account}:secret:${secretName}-??????`;
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"], resources: [secret] }),
    );
    this.suppressWildcard(
      `Resource::arn:${this.findingPartition}:secretsmanager:${this.findingRegion}:<AWS::AccountId>:secret:${secretName}-??????`,
      "One secret by its exact name; the `??????` is the random suffix Secrets Manager adds, unknown when this role is made.",
    );
  }

  /**
   * Reads (and with `write`, overwrites) the SSM parameters matching `name`, a path such as
   * `/sum-platform/prod/gateway-config-commit`; `*` stands for one environment.
   */
  grantParameter(name: string, { write = false } = {}): void {
    const { partition, region, account } = Stack.of(this);
    const resource = `arn:${partition}:ssm:${region}:${account}:parameter${name}`;
    const actions = write ? ["ssm:GetParameter", "ssm:PutParameter"] : ["ssm:GetParameter"];
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [resource] }));
    if (name.includes("*")) {
      this.suppressWildcard(
        `Resource::arn:${this.findingPartition}:ssm:${this.findingRegion}:<AWS::AccountId>:parameter${name}`,
        "One parameter per environment, matched by its path; the wildcard is the environment's name.",
      );
    }
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
