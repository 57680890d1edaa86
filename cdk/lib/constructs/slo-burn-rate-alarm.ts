import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { faultExpression } from "./fault-expression.js";
import { RunbookAlarm, runbookPath } from "./runbook-alarm.js";

export interface SloBurnRateAlarmProps {
  /** All requests (the SLO's denominator). */
  readonly requests: cloudwatch.Metric;
  /** Failed requests (summed into the numerator), e.g. target and load-balancer 5xx counts. */
  readonly errors: readonly cloudwatch.Metric[];
  /**
   * Answers counted in `errors` that are not failures (the service's deliberate load-shedding 503s),
   * subtracted from them. @default undefined (every error counts)
   */
  readonly shed?: cloudwatch.Metric;
  /** Availability objective as a fraction. @default 0.999 */
  readonly objective?: number;
  readonly topic: sns.ITopic;
  readonly namePrefix: string;
  /** @default "SloBurnRate" */
  readonly key?: string;
}

/** The multi-window pairs from the Google SRE workbook for a 30-day budget. */
const windows = [
  { long: Duration.hours(1), short: Duration.minutes(5), burnRate: 14.4 },
  { long: Duration.hours(6), short: Duration.minutes(30), burnRate: 6 },
] as const;

/**
 * Pages when the error budget burns fast: (1 h and 5 min above 14.4×) or (6 h and 30 min
 * above 6×). The four window alarms only feed the composite, which is the one that notifies.
 */
export class SloBurnRateAlarm extends Construct {
  readonly alarm: cloudwatch.CompositeAlarm;

  constructor(scope: Construct, id: string, props: SloBurnRateAlarmProps) {
    super(scope, id);
    const key = props.key ?? "SloBurnRate";
    // Rounded so the expression reads 0.001, not 0.0010000000000000009.
    const budget = Number((1 - (props.objective ?? 0.999)).toPrecision(6));
    const burnRate = (window: Duration) => {
      const usingMetrics: Record<string, cloudwatch.IMetric> = { requests: props.requests.with({ period: window, statistic: "Sum" }) };
      props.errors.forEach((metric, i) => (usingMetrics[`errors${i}`] = metric.with({ period: window, statistic: "Sum" })));
      const errorSum = `(${props.errors.map((_, i) => `FILL(errors${i}, 0)`).join(" + ")})`;
      if (props.shed) usingMetrics.shed = props.shed.with({ period: window, statistic: "Sum" });
      const failures = props.shed ? faultExpression(errorSum, "shed") : errorSum;
      return new cloudwatch.MathExpression({
        expression: `(${failures} / requests) / ${budget}`,
        usingMetrics,
        period: window,
        label: `Burn rate over ${window.toHumanString()}`,
      });
    };
    const windowAlarm = (window: Duration, threshold: number) =>
      new RunbookAlarm(this, `Window${window.toMinutes()}m`, {
        key: `${key}-${window.toMinutes()}m`,
        runbookKey: key,
        namePrefix: props.namePrefix,
        summary: `Component of ${key}: error-budget burn rate over ${window.toHumanString()} is at least ${threshold}x. Pages only through the composite.`,
        metric: burnRate(window),
        threshold,
        // No requests means no budget spent.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).alarm;

    const rule = cloudwatch.AlarmRule.anyOf(
      ...windows.map((w) => cloudwatch.AlarmRule.allOf(windowAlarm(w.long, w.burnRate), windowAlarm(w.short, w.burnRate))),
    );
    this.alarm = new cloudwatch.CompositeAlarm(this, "Alarm", {
      compositeAlarmName: `${props.namePrefix}-${key}`,
      alarmDescription:
        `Availability SLO (${(props.objective ?? 0.999) * 100}%) error budget is burning fast (1h&5m >= 14.4x or 6h&30m >= 6x). ` +
        `Runbook: ${runbookPath(key)}`,
      alarmRule: rule,
    });
    const action = new actions.SnsAction(props.topic);
    this.alarm.addAlarmAction(action);
    this.alarm.addOkAction(action);
  }
}
