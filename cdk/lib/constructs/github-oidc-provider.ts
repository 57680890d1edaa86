import { RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";

/** Issuer of the ID tokens GitHub Actions hands to a job with `id-token: write`. */
export const GITHUB_OIDC_ISSUER = "token.actions.githubusercontent.com";
/** Audience `aws-actions/configure-aws-credentials` requests by default. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

export interface GithubOidcProviderProps {
  /**
   * ARN of a GitHub OIDC provider that already exists in the account. IAM allows one
   * provider per issuer and account, so a second stack creating it would fail.
   * @default a new provider is created
   */
  readonly existingProviderArn?: string;
}

/**
 * The IAM identity provider that lets GitHub Actions jobs exchange their short-lived
 * ID token for AWS credentials, so no access key is ever stored in GitHub.
 */
export class GithubOidcProvider extends Construct {
  readonly provider: iam.IOidcProvider;

  constructor(scope: Construct, id: string, props: GithubOidcProviderProps = {}) {
    super(scope, id);
    this.provider = props.existingProviderArn
      ? iam.OidcProviderNative.fromOidcProviderArn(this, "Imported", props.existingProviderArn)
      : new iam.OidcProviderNative(this, "Provider", {
          url: `https://${GITHUB_OIDC_ISSUER}`,
          clientIds: [GITHUB_OIDC_AUDIENCE],
          // Other repositories in the account may trust the same provider.
          removalPolicy: RemovalPolicy.RETAIN,
        });
  }
}
