/**
 * An alarm on a failure *rate* (failures per request, in percent), computed by CloudWatch
 * metric math from two counts: a function's Errors and Invocations, or an HTTP API's 5xx and
 * Count. A count alone would either wake someone for one failed call at night or stay quiet
 * while a busy route fails one request in ten; a rate alone would read one failure out of one
 * call as 100 %. So the rate is only computed when the period holds at least
 * `minimumRequests` requests, and counts as 0 otherwise:
 *
 *   IF(requests >= 20, 100 * FILL(failures, 0) / requests, 0)  >  5   (over 5 minutes)
 *
 * At 20 requests, one failure is exactly 5 %, which does not fire: the alarm needs at least
 * two failures in five minutes, and then a share of them that is not one call's accident.
 * A quiet function (fewer than 20 calls in five minutes) is covered elsewhere: an event
 * target's failures end in its dead-letter queue, whose alarm fires on the first message;
 * a route's failures reach the caller as a 5xx and show on the dashboard.
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  type Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { physicalName } from './names.js';

/** The thresholds of every error-rate alarm of Jisr (functions and the HTTP API alike). */
export const ERROR_RATE_ALARM = {
  /** Fires above this share of failed requests, in percent. */
  thresholdPercent: 5,
  /** Over this period, evaluated once (one period of 5 minutes above the threshold fires). */
  period: Duration.minutes(5),
  /** Below this many requests in the period the rate counts as 0 (see above). */
  minimumRequests: 20,
} as const;

export interface ErrorRateAlarmProps {
  /** Physical name; must start with the deployment's prefix (the alert topic's policy admits those). */
  readonly alarmName: string;
  /** What it means and what to do; docs/deploy.md, "Monitoring", says more. */
  readonly description: string;
  /** The failed requests (summed over the period). */
  readonly failures: Metric;
  /** All requests (summed over the period). */
  readonly requests: Metric;
  /** Where the alarm goes: the directorate's alert topic. */
  readonly alarmTopic: ITopic;
}

export class ErrorRateAlarm extends Alarm {
  constructor(scope: Construct, id: string, props: ErrorRateAlarmProps) {
    const { thresholdPercent, period, minimumRequests } = ERROR_RATE_ALARM;
    super(scope, id, {
      alarmName: physicalName('CloudWatch alarm', props.alarmName),
      alarmDescription: props.description.slice(0, 1024),
      metric: new MathExpression({
        expression: `IF(requests >= ${minimumRequests}, 100 * FILL(failures, 0) / requests, 0)`,
        usingMetrics: {
          requests: props.requests.with({ statistic: Stats.SUM, period }),
          failures: props.failures.with({ statistic: Stats.SUM, period }),
        },
        label: 'Error rate (%)',
        period,
      }),
      threshold: thresholdPercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No requests, no data: an idle function is not failing.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
