import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";

/** Where the runbook for alarm `key` lives in the repository. */
export const runbookPath = (key: string): string => `docs/runbooks/${key}.md`;

export interface RunbookAlarmProps {
  /** Stable PascalCase key; the runbook is `docs/runbooks/<key>.md`. */
  readonly key: string;
  /** Runbook to name when it differs from `key` (components of a composite). @default key */
  readonly runbookKey?: string;
  /** Prefix making the alarm name unique per environment, e.g. `SumPlatform-Dev`. */
  readonly namePrefix: string;
  /** One sentence saying what the alarm means. */
  readonly summary: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  /** @default cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD */
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** How a gap in the data counts; choose per metric, never by habit. */
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /**
   * Topic notified on ALARM and OK. Leave unset only for a component of a composite alarm,
   * which pages through the composite instead.
   * @default undefined
   */
  readonly topic?: sns.ITopic;
}

/** A CloudWatch alarm that names its runbook and notifies the alert topic on ALARM and OK. */
export class RunbookAlarm extends Construct {
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: RunbookAlarmProps) {
    super(scope, id);
    this.alarm = new cloudwatch.Alarm(this, "Alarm", {
      alarmName: `${props.namePrefix}-${props.key}`,
      alarmDescription: `${props.summary} Runbook: ${runbookPath(props.runbookKey ?? props.key)}`,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: props.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      datapointsToAlarm: props.datapointsToAlarm ?? props.evaluationPeriods ?? 1,
      treatMissingData: props.treatMissingData,
    });
    if (props.topic) {
      const action = new actions.SnsAction(props.topic);
      this.alarm.addAlarmAction(action);
      this.alarm.addOkAction(action);
    }
  }
}
