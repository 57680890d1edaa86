import { ArnFormat, RemovalPolicy, Stack } from "aws-cdk-lib";
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
  /**
   * Only alarms whose names start with this may publish, e.g. `SumPlatform-Dev-`.
   * @default "" (any alarm of this account and region)
   */
  readonly alarmNamePrefix?: string;
  /** What happens to the topic's key when the stack goes. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The SNS topic every alarm notifies, encrypted with a customer-managed key.
 *
 * Two grants make notifications arrive, and both are needed: a topic policy replaces SNS's
 * default one, so without an Allow for `cloudwatch.amazonaws.com` every alarm action fails
 * with "not authorized to perform: SNS:Publish"; and CloudWatch must be able to use the key
 * or it cannot publish to an encrypted topic. Both are limited to this account's alarms in
 * this region (aws:SourceAccount, aws:SourceArn), so no other account's alarms can use them.
 */
export class AlertTopic extends Construct {
  readonly topic: sns.ITopic;

  constructor(scope: Construct, id: string, props: AlertTopicProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const cloudWatch = new iam.ServicePrincipal("cloudwatch.amazonaws.com");
    const fromOurAlarms = {
      StringEquals: { "aws:SourceAccount": stack.account },
      ArnLike: {
        "aws:SourceArn": stack.formatArn({
          service: "cloudwatch",
          resource: "alarm",
          resourceName: `${props.alarmNamePrefix ?? ""}*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };

    const key = new kms.Key(this, "Key", {
      description: "Encrypts the alert topic; CloudWatch may use it to publish alarms",
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowCloudWatchAlarmsToUseTheKey",
        principals: [cloudWatch],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: fromOurAlarms,
      }),
    );
    const topic = new sns.Topic(this, "Topic", {
      displayName: props.displayName ?? "Sum platform alerts",
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowCloudWatchAlarmsToPublish",
        principals: [cloudWatch],
        actions: ["sns:Publish"],
        resources: [topic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    if (props.email !== undefined) topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    this.topic = topic;
  }
}
