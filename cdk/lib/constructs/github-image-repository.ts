import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import * as ecr from "aws-cdk-lib/aws-ecr";
import type * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";

export interface GithubImageRepositoryProps {
  /** Repository name the compute stack pulls from. @default "sum-service" */
  readonly repositoryName?: string;
  /** Days after which untagged layers (failed or superseded pushes) are removed. @default 7 */
  readonly untaggedExpiryDays?: number;
  /**
   * Images kept; older ones expire. Set well above the number of deploys between
   * two releases of any environment, so a running or rollback image is never removed.
   * @default 200
   */
  readonly maxTaggedImages?: number;
}

/**
 * The ECR repository the delivery pipeline publishes service images to: tags are
 * immutable (one tag = one commit, forever), every push is scanned, and old images expire.
 */
export class GithubImageRepository extends Construct {
  readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, props: GithubImageRepositoryProps = {}) {
    super(scope, id);
    this.repository = new ecr.Repository(this, "Repository", {
      repositoryName: props.repositoryName ?? "sum-service",
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      // Images are the rollback targets of every environment; never delete them with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          rulePriority: 1,
          description: "Remove untagged images",
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageAge: Duration.days(props.untaggedExpiryDays ?? 7),
        },
        {
          rulePriority: 2,
          description: "Keep only the most recent images",
          tagStatus: ecr.TagStatus.ANY,
          maxImageCount: props.maxTaggedImages ?? 200,
        },
      ],
    });
  }

  /** Lets `grantee` push images and check whether a tag already exists. */
  grantPublish(grantee: iam.IGrantable): iam.Grant {
    this.repository.grantPullPush(grantee);
    if (grantee instanceof Construct) {
      const reason = "ecr:GetAuthorizationToken has no resource-level permissions; pushes stay limited to this repository.";
      Validations.of(grantee).acknowledge({ id: "AwsSolutions-IAM5[Resource::*]", reason });
    }
    return this.repository.grant(grantee, "ecr:DescribeImages");
  }
}
