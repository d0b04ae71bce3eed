/**
 * The service's own health, for the people who run it: one CloudWatch dashboard per
 * deployment, `jisr-<council>-<stage>-health`, and the error-rate alarms.
 *
 * Dashboard (top to bottom): the state of every alarm of the deployment; the HTTP API
 * (requests, 4xx and 5xx, latency p50/p99, the 5xx rate against its alarm); every Lambda
 * function's errors, throttles and duration p99, grouped by what invokes it (HTTP routes,
 * event-rule and schedule targets, the table stream's consumers) and split into widgets of at
 * most MAX_LINES_PER_GRAPH functions; every dead-letter queue's depth and the stream consumers'
 * iterator age; the table's throttled requests, system errors and consumed capacity; the web
 * app's CloudFront requests and error rates (CloudFront reports them in us-east-1 only, so they
 * are graphed from there and have no alarm: an alarm must live in its metric's region).
 *
 * Alarms (to the directorate's alert topic, like the Events stack's): one error-rate alarm per
 * function and one on the HTTP API's 5xx rate (ErrorRateAlarm: above 5 % over 5 minutes, with
 * at least 20 requests). The dead-letter queues' and iterator-age alarms stay in the Events
 * stack, next to what they watch; the dashboard shows them.
 *
 * Why a stack of its own, `Jisr-<council>-<stage>-Monitoring`, on top of the three others:
 * - It watches all three, and belongs in none: in the Api stack, the alarms of the event
 *   functions would tie it to the Events stack (and its alarms to the Events stack's topic),
 *   and the two are deliberately independent; split over both, no one place would show the
 *   whole service.
 * - It holds nothing stateful and nothing on a request path: it can be deployed, changed or
 *   destroyed at any time without touching the service, and a mistake in a widget never rolls
 *   back a deployment of the API.
 * - It keeps the Api stack (already the largest) away from CloudFormation's resource limit as
 *   routes are added.
 *
 * What it watches is found, not listed: app.ts passes every JisrFunction, DeadLetterQueue and
 * Alarm of the Api and Events stacks (monitoredResourcesOf), so a route, rule, schedule or
 * stream consumer added to infra/routes.ts or infra/rules.ts gets its widgets and its alarm
 * with no change here (test/infra checks this against the templates).
 *
 * Cross-stack references. They are weak (`Fn::GetStackOutput`, cdk.json): no export locks a
 * producer. Only what CloudFormation names needs one: each function's name (one output per
 * function in the Api and Events stacks), the API id, the table name and the alert topic's
 * ARN. Queues and the Events stack's alarms have names Jisr sets, so they are referred to by
 * those plain names, with no output at all. A function replaced in the Api stack (a new
 * physical name) is picked up by the next deployment of this stack, which `cdk deploy --all`
 * does right after.
 */
import { Aws, CfnOutput, Duration, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import {
  Alarm,
  AlarmStatusWidget,
  AlarmWidget,
  type CfnAlarm,
  Dashboard,
  GraphWidget,
  type HorizontalAnnotation,
  type IAlarm,
  type IMetric,
  type IWidget,
  MathExpression,
  Metric,
  Stats,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { type ITable, Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct, IConstruct } from 'constructs';
import { DeadLetterQueue, DLQ_ALARM_PERIOD } from '../constructs/dead-letter-queue.js';
import { ERROR_RATE_ALARM, ErrorRateAlarm } from '../constructs/error-rate-alarm.js';
import { type Invocation, JisrFunction } from '../constructs/jisr-function.js';
import { pascal, physicalName } from '../constructs/names.js';
import { ITERATOR_AGE_ALARM_THRESHOLD } from './events-stack.js';

/**
 * Ten lines per graph: CloudWatch's palette tells about ten colours apart, and a legend of ten
 * names stays readable; a group of more functions gets several widgets of near-equal size.
 */
export const MAX_LINES_PER_GRAPH = 10;

/** An alarm status widget lists at most 100 alarms (CloudWatch's limit). */
const MAX_ALARMS_PER_STATUS_WIDGET = 100;

/** How the dashboard groups functions, by what invokes them (a new kind must be given a group). */
export const FUNCTION_GROUPS: Record<Invocation, { readonly title: string; readonly note: string }> = {
  'http-api': {
    title: 'HTTP routes',
    note: 'Invoked synchronously by API Gateway, one function per route: an error is a 5xx for the caller.',
  },
  'event-rule': {
    title: 'Event rule and schedule targets',
    note:
      'Invoked asynchronously by EventBridge: a failed event is retried (by EventBridge, then twice by ' +
      "Lambda), then lands in the target's dead-letter queue. Errors here count every attempt.",
  },
  stream: {
    title: 'Stream consumers',
    note:
      "Fed by the table's stream: a failing batch is retried and bisected, then pointed to in the " +
      "consumer's dead-letter queue. Their lag is the iterator age below.",
  },
};
const GROUP_ORDER: readonly Invocation[] = ['http-api', 'event-rule', 'stream'];

/** What to do when a function's error-rate alarm fires, by what invokes it. */
const ERROR_RATE_ADVICE: Record<Invocation, string> = {
  'http-api': 'Callers are getting 5xx answers.',
  'event-rule': "Failed events are retried, then kept in the target's dead-letter queue for a redrive.",
  stream: "Failed batches are retried, then pointed to in the consumer's dead-letter queue (24 h to act).",
};

/** What the dashboard and the alarms watch (app.ts finds them with monitoredResourcesOf). */
export interface MonitoredResources {
  /** Every Lambda function of the service. */
  readonly functions: readonly JisrFunction[];
  /** Every dead-letter queue (each has its own alarm already). */
  readonly deadLetterQueues: readonly DeadLetterQueue[];
  /** Alarms of the other stacks, shown in the dashboard's alarm status widget. */
  readonly alarms: readonly Alarm[];
}

/** Every JisrFunction, DeadLetterQueue and Alarm in the given constructs (stacks), in creation order. */
export function monitoredResourcesOf(...scopes: readonly IConstruct[]): MonitoredResources {
  const all = scopes.flatMap((scope) => scope.node.findAll());
  return {
    functions: all.filter((construct) => construct instanceof JisrFunction),
    deadLetterQueues: all.filter((construct) => construct instanceof DeadLetterQueue),
    alarms: all.filter((construct) => construct instanceof Alarm),
  };
}

export interface MonitoringStackProps extends StackProps, MonitoredResources {
  readonly councilId: string;
  readonly stage: string;
  /** The council's table, from its Data stack. */
  readonly table: ITable;
  /** The HTTP API, from the Api stack. */
  readonly httpApi: IHttpApi;
  /** The directorate's alert topic, from the Events stack: every alarm's action. */
  readonly alertTopic: ITopic;
  /** The web app's CloudFront distribution, from the Web stack. */
  readonly webDistribution: IDistribution;
}

/** `items` in consecutive chunks of near-equal size, none longer than `max`. */
function chunks<T>(items: readonly T[], max: number): T[][] {
  const count = Math.max(1, Math.ceil(items.length / max));
  const size = Math.ceil(items.length / count);
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

const part = (index: number, total: number) => (total > 1 ? ` (${index + 1}/${total})` : '');

export class MonitoringStack extends Stack {
  readonly dashboard: Dashboard;
  /** The dashboard's name (a plain string). */
  readonly dashboardName: string;
  /** One error-rate alarm per function, by the function's name in Jisr (its folder). */
  readonly functionErrorRateAlarms: ReadonlyMap<string, ErrorRateAlarm>;
  /** The HTTP API's 5xx-rate alarm. */
  readonly apiErrorRateAlarm: ErrorRateAlarm;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { table, httpApi, alertTopic } = props;
    const prefix = `jisr-${props.councilId}-${props.stage}`;
    /** `more than 5 % of its invocations in 5 minutes (once there are at least 20)`. */
    const rate = (requests: string) =>
      `more than ${ERROR_RATE_ALARM.thresholdPercent} % of its ${requests} in ` +
      `${ERROR_RATE_ALARM.period.toMinutes()} minutes (once there are at least ${ERROR_RATE_ALARM.minimumRequests})`;

    // Deployed after everything it watches (the references would imply most of this).
    const watched = new Set<Stack>(
      [
        table,
        httpApi,
        alertTopic,
        props.webDistribution,
        ...props.functions,
        ...props.deadLetterQueues,
        ...props.alarms,
      ].map((construct) => Stack.of(construct)),
    );
    for (const stack of watched) if (stack !== this) this.addStackDependency(stack);

    // --- Alarms -------------------------------------------------------------------------------
    const functionAlarms = new Map<string, ErrorRateAlarm>();
    for (const fn of props.functions) {
      if (functionAlarms.has(fn.handlerName)) {
        throw new Error(`Two functions are called ${fn.handlerName}: their alarms would have the same name`);
      }
      functionAlarms.set(
        fn.handlerName,
        new ErrorRateAlarm(this, `${pascal(fn.handlerName)}ErrorRate`, {
          alarmName: `${prefix}-${fn.handlerName}-error-rate`,
          description:
            `${fn.handlerName} failed ${rate('invocations')}. ${ERROR_RATE_ADVICE[fn.invokedBy]} ` +
            'Read its log group, fix, deploy: docs/deploy.md, "Monitoring".',
          failures: fn.metricErrors(),
          requests: fn.metricInvocations(),
          alarmTopic: alertTopic,
        }),
      );
    }
    this.functionErrorRateAlarms = functionAlarms;
    this.apiErrorRateAlarm = new ErrorRateAlarm(this, 'Api5xxRate', {
      alarmName: `${prefix}-api-5xx-rate`,
      description:
        `The HTTP API answered with a 5xx error ${rate('requests')}: a function failed or timed out, or ` +
        'could not be invoked. Find the route on the dashboard, then read its log group: ' +
        'docs/deploy.md, "Monitoring".',
      failures: httpApi.metricServerError(),
      requests: httpApi.metricCount(),
      alarmTopic: alertTopic,
    });

    // The other stacks' alarms, by the names Jisr gave them (no cross-stack output needed);
    // an alarm without a name of ours is referred to through its ARN.
    const shown: IAlarm[] = props.alarms.map((alarm, index) => {
      const name = (alarm.node.defaultChild as CfnAlarm | undefined)?.alarmName;
      if (name === undefined || Token.isUnresolved(name)) return alarm;
      return Alarm.fromAlarmName(this, `Watched${index}`, name);
    });
    const allAlarms: IAlarm[] = [this.apiErrorRateAlarm, ...functionAlarms.values(), ...shown];

    // --- Dashboard ----------------------------------------------------------------------------
    this.dashboardName = physicalName('CloudWatch dashboard', `${prefix}-health`);
    this.dashboard = new Dashboard(this, 'Health', { dashboardName: this.dashboardName });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${this.dashboardName}`,
      description: "The service's health dashboard in the CloudWatch console",
    });
    const heading = (markdown: string, height = 1) => new TextWidget({ markdown, width: 24, height });

    this.dashboard.addWidgets(
      heading(
        `# Jisr ${props.councilId} (${props.stage}): service health\n` +
          'Every alarm of the deployment, then the HTTP API, the functions, the event backbone and the table. ' +
          'What each widget shows, and what to do when an alarm fires: `docs/deploy.md`, "Monitoring".',
        2,
      ),
    );
    const alarmGroups = chunks(allAlarms, MAX_ALARMS_PER_STATUS_WIDGET);
    this.dashboard.addWidgets(
      ...alarmGroups.map(
        (alarms, index) =>
          new AlarmStatusWidget({
            title: `Alarms${part(index, alarmGroups.length)}`,
            alarms,
            width: 24,
            height: Math.min(24, 2 + Math.ceil(alarms.length / 4)),
          }),
      ),
    );

    // HTTP API.
    const api = (metric: Metric, label: string, statistic: string = Stats.SUM) =>
      metric.with({ label, statistic });
    this.dashboard.addWidgets(
      heading('## HTTP API'),
      new GraphWidget({
        title: 'Requests',
        left: [api(httpApi.metricCount(), 'Requests')],
        leftYAxis: { min: 0, showUnits: false },
        width: 6,
      }),
      new GraphWidget({
        title: '4xx and 5xx answers',
        left: [api(httpApi.metricClientError(), '4xx'), api(httpApi.metricServerError(), '5xx')],
        leftYAxis: { min: 0, showUnits: false },
        width: 6,
      }),
      new GraphWidget({
        title: 'Latency (ms)',
        left: [
          api(httpApi.metricLatency(), 'p50', Stats.p(50)),
          api(httpApi.metricLatency(), 'p99', Stats.p(99)),
          api(httpApi.metricIntegrationLatency(), 'p99 in the function', Stats.p(99)),
        ],
        leftYAxis: { min: 0, showUnits: false },
        width: 6,
      }),
      new AlarmWidget({
        title: `5xx rate (%), alarm above ${ERROR_RATE_ALARM.thresholdPercent}`,
        alarm: this.apiErrorRateAlarm,
        leftYAxis: { min: 0, showUnits: false },
        width: 6,
      }),
    );

    // Lambda functions, by what invokes them.
    for (const invokedBy of GROUP_ORDER) {
      const functions = props.functions.filter((fn) => fn.invokedBy === invokedBy);
      if (functions.length === 0) continue;
      const group = FUNCTION_GROUPS[invokedBy];
      this.dashboard.addWidgets(
        heading(
          `## Lambda: ${group.title} (${functions.length})\n${group.note} Each function has an error-rate ` +
            `alarm: it fires when it fails ${rate('invocations')}.`,
          2,
        ),
      );
      const parts = chunks(functions, MAX_LINES_PER_GRAPH);
      parts.forEach((members, index) => {
        const suffix = part(index, parts.length);
        const timeouts = new Set(members.map((fn) => fn.timeout?.toMilliseconds()));
        const [timeout] = timeouts;
        const timeoutLine: HorizontalAnnotation[] =
          timeouts.size === 1 && timeout !== undefined ? [{ value: timeout, label: 'timeout' }] : [];
        this.dashboard.addWidgets(
          new GraphWidget({
            title: `${group.title}: errors${suffix}`,
            left: members.map((fn) => fn.metricErrors({ label: fn.handlerName, statistic: Stats.SUM })),
            leftYAxis: { min: 0, showUnits: false },
            width: 8,
          }),
          new GraphWidget({
            title: `${group.title}: throttles${suffix}`,
            left: members.map((fn) => fn.metricThrottles({ label: fn.handlerName, statistic: Stats.SUM })),
            leftYAxis: { min: 0, showUnits: false },
            width: 8,
          }),
          new GraphWidget({
            title: `${group.title}: duration p99 (ms)${suffix}`,
            left: members.map((fn) => fn.metricDuration({ label: fn.handlerName, statistic: Stats.p(99) })),
            leftAnnotations: timeoutLine,
            leftYAxis: { min: 0, showUnits: false },
            width: 8,
          }),
        );
      });
    }

    // Event backbone: dead-letter queues and the stream consumers' lag.
    const short = (name: string) => (name.startsWith(`${prefix}-`) ? name.slice(prefix.length + 1) : name);
    const backbone: IWidget[] = chunks(props.deadLetterQueues, MAX_LINES_PER_GRAPH).map(
      (queues, index, all) =>
        new GraphWidget({
          title: `Dead-letter queues: visible messages${part(index, all.length)} (alarm on the first)`,
          left: queues.map(
            (dlq) =>
              new Metric({
                namespace: 'AWS/SQS',
                metricName: 'ApproximateNumberOfMessagesVisible',
                dimensionsMap: { QueueName: dlq.name },
                statistic: Stats.MAXIMUM,
                period: DLQ_ALARM_PERIOD,
                label: short(dlq.name),
              }),
          ),
          leftYAxis: { min: 0, showUnits: false },
          width: 12,
        }),
    );
    const consumers = props.functions.filter((fn) => fn.invokedBy === 'stream');
    if (consumers.length > 0) {
      backbone.push(
        new GraphWidget({
          title: 'Stream consumers: iterator age (ms, maximum)',
          left: consumers.map((fn) =>
            fn.metric('IteratorAge', {
              statistic: Stats.MAXIMUM,
              period: Duration.minutes(1),
              label: fn.handlerName,
            }),
          ),
          leftAnnotations: [
            { value: ITERATOR_AGE_ALARM_THRESHOLD.toMilliseconds(), label: 'alarm (3 of 5 minutes)' },
          ],
          leftYAxis: { min: 0, showUnits: false },
          width: 12,
        }),
      );
    }
    if (backbone.length > 0) this.dashboard.addWidgets(heading('## Event backbone'), ...backbone);

    // The table.
    const perOperation = (metricName: string, label: string): IMetric => {
      const usingMetrics: Record<string, IMetric> = {};
      Object.values(Operation).forEach((operation, index) => {
        usingMetrics[`op${index}`] = table.metric(metricName, {
          dimensionsMap: { TableName: table.tableName, Operation: operation },
          statistic: Stats.SUM,
        });
      });
      // SUM over the array, not `a + b + ...`: most operations report nothing most of the time,
      // and one missing term would blank the whole sum.
      return new MathExpression({
        expression: `SUM([${Object.keys(usingMetrics).join(', ')}])`,
        usingMetrics,
        label,
      });
    };
    this.dashboard.addWidgets(
      heading('## DynamoDB table'),
      new GraphWidget({
        title: 'Throttled requests',
        left: [
          perOperation('ThrottledRequests', 'Throttled requests (all operations)'),
          table.metric('ReadThrottleEvents', { statistic: Stats.SUM, label: 'Read throttle events' }),
          table.metric('WriteThrottleEvents', { statistic: Stats.SUM, label: 'Write throttle events' }),
        ],
        leftYAxis: { min: 0, showUnits: false },
        width: 8,
      }),
      new GraphWidget({
        title: 'System errors (HTTP 500 from DynamoDB)',
        left: [perOperation('SystemErrors', 'System errors (all operations)')],
        leftYAxis: { min: 0, showUnits: false },
        width: 8,
      }),
      new GraphWidget({
        title: 'Consumed capacity (units per 5 minutes)',
        left: [
          table.metricConsumedReadCapacityUnits({ label: 'Read' }),
          table.metricConsumedWriteCapacityUnits({ label: 'Write' }),
        ],
        leftYAxis: { min: 0, showUnits: false },
        width: 8,
      }),
    );

    // The web app: CloudFront's metrics, global, published in us-east-1 only.
    const cloudFront = (metricName: string, label: string, statistic: string) =>
      new Metric({
        namespace: 'AWS/CloudFront',
        metricName,
        dimensionsMap: { DistributionId: props.webDistribution.distributionId, Region: 'Global' },
        region: 'us-east-1',
        statistic,
        label,
      });
    this.dashboard.addWidgets(
      heading(
        '## Web app (CloudFront)\nRequests for the static files of the app (API calls go to the HTTP API). ' +
          'CloudFront reports these in us-east-1 only: graphed from there, without an alarm.',
        2,
      ),
      new GraphWidget({
        title: 'Web app: requests',
        left: [cloudFront('Requests', 'Requests', Stats.SUM)],
        leftYAxis: { min: 0, showUnits: false },
        width: 12,
      }),
      new GraphWidget({
        title: 'Web app: error rates (%)',
        left: [
          cloudFront('4xxErrorRate', '4xx', Stats.AVERAGE),
          cloudFront('5xxErrorRate', '5xx', Stats.AVERAGE),
        ],
        leftYAxis: { min: 0, showUnits: false },
        width: 12,
      }),
    );
  }
}
