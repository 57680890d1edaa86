import { RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";

export interface AlertTopicProps {
  /** Display name shown in e-mail notifications. @default "Sum platform alerts" */
  readonly displayName?: string;
  /** Address subscribed to the topic. @default undefined (no subscription) */
  readonly email?: string;
  /** What happens to the topic's key when the stack goes. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The SNS topic every alarm notifies, encrypted with a customer-managed key whose policy lets
 * CloudWatch use it. Without that grant CloudWatch cannot publish to an encrypted topic and
 * every notification is silently dropped.
 */
export class AlertTopic extends Construct {
  readonly topic: sns.ITopic;

  constructor(scope: Construct, id: string, props: AlertTopicProps = {}) {
    super(scope, id);
    const key = new kms.Key(this, "Key", {
      description: "Encrypts the alert topic; CloudWatch may use it to publish alarms",
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowCloudWatchAlarmsToPublish",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
      }),
    );
    const topic = new sns.Topic(this, "Topic", {
      displayName: props.displayName ?? "Sum platform alerts",
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email !== undefined) topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    this.topic = topic;
  }
}
