/**
 * A dead-letter queue of the event backbone, with the alarm that makes it impossible to miss:
 * SQS-managed encryption, TLS-only access, the longest retention SQS offers, and a CloudWatch
 * alarm on its first visible message, sent to the directorate's alert topic.
 *
 * Encryption: SSE-SQS (keys owned by SQS), not a customer-managed KMS key. Every sender here
 * is an AWS service — EventBridge (a rule target's DLQ), Lambda (a function's DLQ, the stream
 * mapping's on-failure destination) and SNS (undelivered alerts) — and each would need a
 * grant in a CMK's key policy to write to the queue; a missing grant fails exactly when a
 * failure has to be kept. What the queues hold carries no personal data (domain events and
 * alerts carry ids, states and places, never PII: DESIGN.md), so a key of our own would add
 * moving parts and cost without protecting anything the table's key does not already.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, cfnResourceOf, NAG } from '../nag.js';
import { physicalName } from './names.js';

/** 14 days: the longest SQS keeps a message. */
export const DLQ_RETENTION = Duration.days(14);

/**
 * One minute: SQS reports its queue metrics every minute, and a failed alert or event should
 * reach someone at once, not at the next quarter hour.
 */
export const DLQ_ALARM_PERIOD = Duration.minutes(1);

/**
 * What writes into the queue. cdk-nag recognizes a queue as a dead-letter queue only when a
 * function's DeadLetterConfig or another queue's RedrivePolicy names it: a rule target's
 * queue is its function's DeadLetterConfig too; the other two are acknowledged (nag.ts).
 */
export type DeadLetterSource = 'rule-target' | 'stream-failures' | 'undelivered-alerts';

export interface DeadLetterQueueProps {
  readonly queueName: string;
  readonly source: DeadLetterSource;
  /** What a message in it means and what to do, for the alarm's description. */
  readonly meaning: string;
  /** Where the alarm goes. */
  readonly alarmTopic: ITopic;
}

export class DeadLetterQueue extends Construct {
  /** The queue's name (a plain string, unlike `queue.queueName`). */
  readonly name: string;
  readonly queue: Queue;
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.name = physicalName('SQS queue', props.queueName);
    this.queue = new Queue(this, 'Queue', {
      queueName: this.name,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DLQ_RETENTION,
    });
    const queueResource = cfnResourceOf(this.queue);
    acknowledge(queueResource, NAG.deadLetterQueueHasNoRedrive);
    if (props.source !== 'rule-target') acknowledge(queueResource, NAG.failureDestinationQueue);

    this.alarm = new Alarm(this, 'NotEmpty', {
      alarmName: physicalName('CloudWatch alarm', `${props.queueName}-not-empty`),
      alarmDescription: `${props.meaning} Inspect and redrive: docs/deploy.md, "Dead-letter queues".`.slice(
        0,
        1024,
      ),
      metric: this.queue.metricApproximateNumberOfMessagesVisible({
        statistic: Stats.MAXIMUM,
        period: DLQ_ALARM_PERIOD,
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // An empty, idle queue may report no data at all: that is not a failure.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
