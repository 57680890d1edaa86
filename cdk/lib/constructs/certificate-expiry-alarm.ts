import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { RunbookAlarm } from "./runbook-alarm.js";

export interface CertificateExpiryAlarmProps {
  /** ACM certificate the load balancer serves; it must live in this stack's region. */
  readonly certificateArn: string;
  readonly topic: sns.ITopic;
  readonly namePrefix: string;
  /** Days before expiry at or under which it pages. @default 30 */
  readonly daysBeforeExpiry?: number;
}

/**
 * Pages when the origin certificate is close to expiry. ACM starts renewing its own certificates
 * 60 days ahead, so one still this close has failed to renew (DNS validation record gone) or was
 * imported and needs a human. ACM publishes `DaysToExpiry` once a day, in the certificate's
 * region, which for a load balancer certificate is always the load balancer's.
 */
export class CertificateExpiryAlarm extends Construct {
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CertificateExpiryAlarmProps) {
    super(scope, id);
    const days = props.daysBeforeExpiry ?? 30;
    this.alarm = new RunbookAlarm(this, "OriginCertificateExpiry", {
      key: "OriginCertificateExpiry",
      namePrefix: props.namePrefix,
      topic: props.topic,
      summary: `The load balancer's certificate expires in ${days} days or fewer and has not been renewed.`,
      metric: new cloudwatch.Metric({
        namespace: "AWS/CertificateManager",
        metricName: "DaysToExpiry",
        dimensionsMap: { CertificateArn: props.certificateArn },
        statistic: "Minimum",
        period: Duration.days(1),
      }),
      threshold: days,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
      // The metric arrives once a day and only after ACM first reports: a gap is lag, not expiry.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).alarm;
  }
}
