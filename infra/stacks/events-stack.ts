/**
 * The event backbone of one council's deployment, built from infra/rules.ts:
 *
 * - one function per STREAM_CONSUMERS entry, fed by the table's stream, with the rights its
 *   entry declares and nothing more: the transactional outbox's publisher puts the domain
 *   events of new items on the council's bus (and has no table access); update-rollups keeps
 *   the dashboard's rollup cells in the table (and cannot put events on the bus). Each has its
 *   own on-failure queue and an iterator-age alarm, worded for what that consumer's lag or
 *   failure means (STREAM_CONSUMER_STAKES);
 * - one EventBridge rule per RULES entry on that bus, each with its own target function, the
 *   rule's retry policy and its own dead-letter queue;
 * - one scheduled EventBridge rule per SCHEDULES entry, on the account's default bus (the
 *   only bus a schedule can be on), built the same way: its own target function, the entry's
 *   retry policy and its own dead-letter queue;
 * - the directorate's alert topic, and an alarm on every dead-letter queue and on every
 *   stream consumer's iterator age.
 *
 * A stack of its own, next to the Api stack and on top of the Data stack: the asynchronous
 * side can be deployed, rolled back or destroyed without touching the HTTP API (and the
 * reverse), neither of the two grows toward CloudFormation's resource limit with the other's
 * resources, and a failure in one deployment never blocks the other.
 *
 * Where failures go. EventBridge invokes a Lambda target asynchronously: the rule's retry
 * policy and dead-letter queue cover *delivery* (EventBridge could not invoke the function);
 * once Lambda has accepted the event, a handler that throws is retried by Lambda (twice) and
 * then sent to the function's dead-letter queue. Both are the same queue here, so everything
 * one rule could not get done ends in one place, each message's body being the event itself.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type EventPattern, type IEventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { type AlertSubscribers, AlertsTopic } from '../constructs/alerts-topic.js';
import { DeadLetterQueue } from '../constructs/dead-letter-queue.js';
import { JisrFunction } from '../constructs/jisr-function.js';
import { pascal, physicalName } from '../constructs/names.js';
import {
  type EventTargetDefinition,
  RULES,
  type RuleDefinition,
  SCHEDULES,
  type ScheduleDefinition,
  STREAM_CONSUMERS,
  type StreamConsumerDefinition,
} from '../rules.js';

/**
 * Ten minutes: a stream consumer normally reads a record within a second of its write. Ten
 * minutes behind means it is failing or throttled while cohesion alerts (or the dashboard's
 * figures) wait; the stream keeps records for 24 hours only, so this leaves time to act long
 * before any is lost.
 */
export const ITERATOR_AGE_ALARM_THRESHOLD = Duration.minutes(10);

/** The function names of STREAM_CONSUMERS. */
export type StreamConsumerName = (typeof STREAM_CONSUMERS)[number]['functionName'];

/** What it means for the service when one stream consumer lags or gives up on a batch. */
export interface StreamConsumerStakes {
  /** What a batch it gave up on means; follows the function's name. */
  readonly failedBatch: string;
  /** What is late while it is behind the stream. */
  readonly late: string;
  /** How to make good what it missed, even after the stream dropped the records (given the table's name). */
  readonly repair?: (tableName: string) => string;
}

/**
 * The wording of each stream consumer's on-failure queue alarm and iterator-age alarm. Keyed
 * by STREAM_CONSUMERS' names: a consumer added there does not compile until it is worded here.
 */
export const STREAM_CONSUMER_STAKES: Record<StreamConsumerName, StreamConsumerStakes> = {
  'publish-events': {
    failedBatch:
      'could not publish a batch of stream records after all retries: their domain events are not on the bus.',
    late: 'domain events (cohesion alerts among them) are late',
  },
  'update-rollups': {
    failedBatch:
      "could not apply a batch of stream records to the dashboard's rollup cells after all retries: the " +
      "dashboard's figures miss them.",
    late: "the dashboard's figures are late",
    repair: (tableName) =>
      `At any time, \`TABLE_NAME=${tableName} npm run rollups -- repair\` (with AWS credentials) ` +
      "recomputes the cells from the table's referrals and hotspot alerts.",
  },
};

/**
 * Five minutes: a scheduled target works through a backlog (the SLA sweep raises whatever is
 * due, page after page), which after an outage or a long holiday can take minutes, not the
 * 10 s of a request. A run that overlaps the next one is harmless (the sweep's writes are
 * conditional: one of two concurrent raises of the same SLA event loses and is skipped).
 */
export const SCHEDULED_FUNCTION_TIMEOUT = Duration.minutes(5);

export interface EventsStackProps extends StackProps {
  readonly councilId: string;
  readonly stage: string;
  /** The council's table, from its Data stack; it must have a stream. */
  readonly table: ITable;
  /** The council's event bus, from its Data stack. */
  readonly eventBus: IEventBus;
  /** Who receives the directorate's alerts (and the backbone's alarms). */
  readonly alertSubscribers?: AlertSubscribers;
}

export class EventsStack extends Stack {
  readonly alerts: AlertsTopic;
  /** The stream consumers (the outbox publisher and the others), by function name. */
  readonly publishers: ReadonlyMap<string, JisrFunction>;
  /** Each rule's target function, by rule name. */
  readonly ruleTargets: ReadonlyMap<string, JisrFunction>;
  readonly rules: ReadonlyMap<string, Rule>;
  /** Each schedule's target function, by schedule name. */
  readonly scheduleTargets: ReadonlyMap<string, JisrFunction>;
  /** The scheduled rules (on the default bus), by schedule name. */
  readonly schedules: ReadonlyMap<string, Rule>;
  /** Every dead-letter queue of the backbone, by queue name. */
  readonly deadLetterQueues: ReadonlyMap<string, DeadLetterQueue>;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    const { table, eventBus, councilId } = props;
    const prefix = `jisr-${councilId}-${props.stage}`;
    // Declared up front, so that grants on the table's key see the dependency.
    this.addStackDependency(Stack.of(table));
    if (table.tableStreamArn === undefined) throw new Error(`${table.node.path} has no stream`);

    this.alerts = new AlertsTopic(this, 'Alerts', {
      prefix,
      ...(props.alertSubscribers === undefined ? {} : { subscribers: props.alertSubscribers }),
    });
    const alarmAction = new SnsAction(this.alerts.topic);
    const deadLetterQueues = new Map<string, DeadLetterQueue>();
    if (this.alerts.undelivered !== undefined) {
      deadLetterQueues.set(this.alerts.undelivered.name, this.alerts.undelivered);
    }

    // --- The stream consumers: the outbox publisher (table stream → bus) and the rollups ------
    const publishers = new Map<string, JisrFunction>();
    for (const entry of STREAM_CONSUMERS) {
      const consumer: StreamConsumerDefinition = entry;
      const stakes = STREAM_CONSUMER_STAKES[entry.functionName];
      const repair = stakes.repair === undefined ? '' : ` ${stakes.repair(prefix)}`;
      const name = pascal(consumer.functionName);
      const failures = new DeadLetterQueue(this, `${name}Dlq`, {
        queueName: `${prefix}-${consumer.functionName}-dlq`,
        source: 'stream-failures',
        meaning:
          `${consumer.functionName} ${stakes.failedBatch} Each message points at the records (shard and ` +
          `sequence numbers); the stream keeps them for 24 hours.${repair}`,
        alarmTopic: this.alerts.topic,
      });
      deadLetterQueues.set(failures.name, failures);
      const fn = new JisrFunction(this, `${name}Function`, {
        functionName: consumer.functionName,
        councilId,
        description: consumer.description,
        invokedBy: 'stream',
      });
      // Exactly what the entry declares: the bus only for a publisher, the table (as a route
      // would get it: TABLE_ACTIONS, no Scan) only with a tableAccess. Reading the stream (and
      // the table key, to decrypt its records) comes with the event source below.
      if (consumer.publishesEvents) fn.bindEventBus(eventBus);
      if (consumer.tableAccess !== undefined) fn.bindTable(table, consumer.tableAccess);
      fn.addEventSource(
        new DynamoEventSource(table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: consumer.batchSize,
          reportBatchItemFailures: true,
          bisectBatchOnError: true,
          retryAttempts: consumer.maximumRetryAttempts,
          onFailure: new SqsDlq(failures.queue),
        }),
      );
      new Alarm(this, `${name}IteratorAge`, {
        alarmName: physicalName('CloudWatch alarm', `${prefix}-${consumer.functionName}-iterator-age`),
        alarmDescription:
          `${consumer.functionName} is more than ${ITERATOR_AGE_ALARM_THRESHOLD.toMinutes()} minutes behind the ` +
          `table's stream: ${stakes.late}. Records older than 24 hours are lost.${repair} ` +
          'See docs/deploy.md, "Dead-letter queues".',
        metric: fn.metric('IteratorAge', { statistic: Stats.MAXIMUM, period: Duration.minutes(1) }),
        threshold: ITERATOR_AGE_ALARM_THRESHOLD.toMilliseconds(),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarmAction);
      publishers.set(consumer.functionName, fn);
    }
    this.publishers = publishers;

    // --- One rule per RULES entry (on the council's bus) and one per SCHEDULES entry (on the
    // default bus), each with its own target function and dead-letter queue -----------------
    /** The target function of a rule or schedule, with its own dead-letter queue (and alarm). */
    const targetOf = (
      name: string,
      target: EventTargetDefinition,
      options: { readonly description: string; readonly meaning: string; readonly timeout?: Duration },
    ) => {
      const id = pascal(name);
      const dlq = new DeadLetterQueue(this, `${id}Dlq`, {
        queueName: `${prefix}-${name}-dlq`,
        source: 'rule-target',
        meaning: options.meaning,
        alarmTopic: this.alerts.topic,
      });
      deadLetterQueues.set(dlq.name, dlq);
      const fn = new JisrFunction(this, `${id}Function`, {
        functionName: target.functionName,
        councilId,
        description: options.description.slice(0, 256),
        invokedBy: 'event-rule',
        deadLetterQueue: dlq.queue,
        ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      }).bindTable(table, target.tableAccess);
      if (target.notifiesDirectorate === true) fn.bindAlertTopic(this.alerts.topic, this.alerts.key);
      return { id, dlq, fn };
    };
    const addTarget = (
      rule: Rule,
      fn: JisrFunction,
      dlq: DeadLetterQueue,
      retryPolicy: RuleDefinition['retryPolicy'],
    ) =>
      rule.addTarget(
        new LambdaFunction(fn, {
          retryAttempts: retryPolicy.maximumRetryAttempts,
          maxEventAge: Duration.seconds(retryPolicy.maximumEventAgeSeconds),
          deadLetterQueue: dlq.queue,
        }),
      );

    const ruleTargets = new Map<string, JisrFunction>();
    const rules = new Map<string, Rule>();
    for (const definition of RULES as readonly RuleDefinition[]) {
      const { id, dlq, fn } = targetOf(definition.name, definition.target, {
        description: `Target of the event rule ${definition.name}: ${definition.description}`,
        meaning:
          `An event matched by the rule ${definition.name} was not handled by ${definition.target.functionName}: ` +
          'EventBridge could not deliver it, or the function failed on it after all retries. The message body is the event.',
      });
      const rule = new Rule(this, `${id}Rule`, {
        ruleName: physicalName('EventBridge rule', `${prefix}-${definition.name}`),
        description: definition.description.slice(0, 512),
        eventBus,
        // EventBridge patterns are plain JSON, and the L2 passes every key through unchanged
        // (it only renames its own camel-case `detailType`): the template holds RULES' pattern
        // exactly, as test/infra checks.
        eventPattern: definition.eventPattern as unknown as EventPattern,
      });
      addTarget(rule, fn, dlq, definition.retryPolicy);
      ruleTargets.set(definition.name, fn);
      rules.set(definition.name, rule);
    }
    this.ruleTargets = ruleTargets;
    this.rules = rules;

    const scheduleTargets = new Map<string, JisrFunction>();
    const schedules = new Map<string, Rule>();
    for (const definition of SCHEDULES as readonly ScheduleDefinition[]) {
      const { id, dlq, fn } = targetOf(definition.name, definition.target, {
        description: `Target of the schedule ${definition.name} (every ${definition.everyMinutes} minutes): ${definition.description}`,
        meaning:
          `A run of the schedule ${definition.name} did not complete: EventBridge could not invoke ` +
          `${definition.target.functionName}, or it failed or timed out after all retries. The next run makes ` +
          'up for a missed one; several messages mean every run fails. The message body is the scheduled event.',
        timeout: SCHEDULED_FUNCTION_TIMEOUT,
      });
      // No eventBus: EventBridge runs schedules on the account's default bus only. The rule's
      // name carries the deployment's prefix, so councils and stages sharing an account and
      // region never collide there.
      const rule = new Rule(this, `${id}Rule`, {
        ruleName: physicalName('EventBridge rule', `${prefix}-${definition.name}`),
        description: definition.description.slice(0, 512),
        schedule: Schedule.rate(Duration.minutes(definition.everyMinutes)),
      });
      addTarget(rule, fn, dlq, definition.retryPolicy);
      scheduleTargets.set(definition.name, fn);
      schedules.set(definition.name, rule);
    }
    this.scheduleTargets = scheduleTargets;
    this.schedules = schedules;
    this.deadLetterQueues = deadLetterQueues;

    new CfnOutput(this, 'AlertTopicArn', {
      value: this.alerts.topic.topicArn,
      description: "The directorate's alert topic (subscribe e-mail or SMS endpoints to it)",
    });
  }
}
