/**
 * The Monitoring stack: the health dashboard and the error-rate alarms. Every expectation is
 * derived from the synthesized templates themselves — the Lambda functions, queues, alarms,
 * API and table that are there — so a route, rule, schedule or stream consumer added later is
 * checked without touching this file: it must show on the dashboard and have its alarms.
 */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../infra/app.js';
import { ERROR_RATE_ALARM } from '../../../infra/constructs/error-rate-alarm.js';
import type { JisrFunction } from '../../../infra/constructs/jisr-function.js';
import { MAX_LINES_PER_GRAPH, MonitoringStack } from '../../../infra/stacks/monitoring-stack.js';
import {
  type CfnResource,
  type Json,
  props,
  type ResolvedReference,
  resolveReference,
  resourcesOfType,
  type SynthesizedCouncil,
} from '../synth.js';

const PREFIX = 'jisr-adana-dev';
/**
 * Provider functions of CDK's custom resources, which run only inside a deployment:
 * AwsCustomResource (the seed), BucketDeployment (the web app's files) and the web bucket's
 * auto-delete on stack deletion.
 */
const CUSTOM_RESOURCE_PROVIDER =
  /^(AWS679f53fac002430cb0da5b7982bd2287|CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C|CustomS3AutoDeleteObjectsCustomResourceProviderHandler)/;
const ERROR_RATE_EXPRESSION = `IF(requests >= ${ERROR_RATE_ALARM.minimumRequests}, 100 * FILL(failures, 0) / requests, 0)`;

interface DashboardMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly options: Json;
}

interface Widget {
  readonly type: string;
  readonly width: number;
  readonly height: number;
  readonly properties: Json;
}

/** `stack/logicalId`, the form references take in the parsed dashboard body. */
const key = (reference: ResolvedReference) => `${reference.stack}/${reference.logicalId}`;
const placeholder = (reference: ResolvedReference) => `{{${key(reference)}}}`;

export const monitoringSuite = (synthesized: () => SynthesizedCouncil) => {
  const monitoringStackName = () => synthesized().jisr.monitoringStack.stackName;
  const monitoring = () => synthesized().monitoringJson;

  /** Every resource of one type in every template, with its stack. */
  const everywhere = (type: string) =>
    [...synthesized().templatesByStack].flatMap(([stack, template]) =>
      resourcesOfType(template, type).map(([logicalId, resource]) => ({ stack, logicalId, resource })),
    );

  /** Lambda functions of the service (not CDK's deployment-time providers), as `stack/logicalId`. */
  const serviceFunctions = () =>
    everywhere('AWS::Lambda::Function').filter(({ resource }) => {
      const variables = (props(resource).Environment as { Variables?: Json } | undefined)?.Variables;
      return variables?.POWERTOOLS_SERVICE_NAME === 'jisr';
    });

  /** The dashboard body, with every reference replaced by `{{stack/logicalId}}`, parsed. */
  const widgets = (): Widget[] => {
    const [, dashboard] = resourcesOfType(monitoring(), 'AWS::CloudWatch::Dashboard')[0] as [
      string,
      CfnResource,
    ];
    const body = props(dashboard).DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
    const text =
      typeof body === 'string'
        ? body
        : body['Fn::Join'][1]
            .map((part) => {
              if (typeof part === 'string') return part;
              const pseudo = (part as Json).Ref;
              if (typeof pseudo === 'string' && pseudo.startsWith('AWS::')) return `{{${pseudo}}}`;
              const reference = resolveReference(synthesized(), monitoringStackName(), part);
              expect(reference, JSON.stringify(part)).toBeDefined();
              return placeholder(reference as ResolvedReference);
            })
            .join('');
    return (JSON.parse(text) as { widgets: Widget[] }).widgets;
  };

  /** The metrics (not expressions) of a metric widget. */
  const metricsOf = (widget: Widget): DashboardMetric[] =>
    ((widget.properties.metrics ?? []) as unknown[][]).flatMap((entry) => {
      const last = entry[entry.length - 1];
      const options = (typeof last === 'object' && last !== null ? last : {}) as Json;
      const fields = (options === last ? entry.slice(0, -1) : entry) as string[];
      if (fields.length < 2) return []; // an expression
      const [namespace, metricName, ...pairs] = fields as [string, string, ...string[]];
      const dimensions: Record<string, string> = {};
      for (let index = 0; index < pairs.length; index += 2) {
        dimensions[pairs[index] as string] = pairs[index + 1] as string;
      }
      return [{ namespace, metricName, dimensions, options }];
    });
  const visibleLines = (widget: Widget) =>
    ((widget.properties.metrics ?? []) as unknown[][]).filter((entry) => {
      const last = entry[entry.length - 1] as Json | undefined;
      return !(typeof last === 'object' && last !== null && last.visible === false);
    }).length;
  const allMetrics = () => widgets().flatMap(metricsOf);
  const metricWidgets = () => widgets().filter((widget) => widget.type === 'metric');

  const alarms = () => everywhere('AWS::CloudWatch::Alarm');
  /** The metrics an alarm reads (its own, or those of its metric math), dimensions resolved. */
  const alarmMetrics = (stack: string, alarm: CfnResource) => {
    const resolve = (dimensions: { Name: string; Value: unknown }[] | undefined) =>
      Object.fromEntries(
        (dimensions ?? []).map((dimension) => {
          if (typeof dimension.Value === 'string') return [dimension.Name, dimension.Value];
          const reference = resolveReference(synthesized(), stack, dimension.Value);
          return [
            dimension.Name,
            reference === undefined ? JSON.stringify(dimension.Value) : placeholder(reference),
          ];
        }),
      );
    const properties = props(alarm);
    if (properties.MetricName !== undefined) {
      return [
        {
          metricName: properties.MetricName as string,
          namespace: properties.Namespace as string,
          dimensions: resolve(properties.Dimensions as never),
        },
      ];
    }
    return ((properties.Metrics ?? []) as Json[]).flatMap((query) => {
      const stat = query.MetricStat as { Metric: Json } | undefined;
      if (stat === undefined) return [];
      return [
        {
          metricName: stat.Metric.MetricName as string,
          namespace: stat.Metric.Namespace as string,
          dimensions: resolve(stat.Metric.Dimensions as never),
        },
      ];
    });
  };
  const topic = () => {
    const stack = synthesized().jisr.eventsStack.stackName;
    const topics = resourcesOfType(synthesized().eventsJson, 'AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    return { stack, logicalId: (topics[0] as [string, CfnResource])[0] };
  };
  const httpApi = (): ResolvedReference => {
    const apis = resourcesOfType(synthesized().apiJson, 'AWS::ApiGatewayV2::Api');
    expect(apis).toHaveLength(1);
    return { stack: synthesized().jisr.apiStack.stackName, logicalId: (apis[0] as [string, CfnResource])[0] };
  };
  const table = (): ResolvedReference => {
    const tables = resourcesOfType(synthesized().dataJson, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    return {
      stack: synthesized().jisr.dataStack.stackName,
      logicalId: (tables[0] as [string, CfnResource])[0],
    };
  };
  const distribution = (): ResolvedReference => {
    const distributions = resourcesOfType(synthesized().webJson, 'AWS::CloudFront::Distribution');
    expect(distributions).toHaveLength(1);
    return {
      stack: synthesized().jisr.webStack.stackName,
      logicalId: (distributions[0] as [string, CfnResource])[0],
    };
  };
  /** Functions fed by an event source mapping (the table's stream), as `stack/logicalId`. */
  const streamConsumers = () =>
    everywhere('AWS::Lambda::EventSourceMapping').map(({ stack, resource }) => {
      const reference = resolveReference(synthesized(), stack, props(resource).FunctionName);
      expect(reference).toBeDefined();
      return key(reference as ResolvedReference);
    });

  describe('monitoring stack', () => {
    it('is its own stack, named after the council and stage, deployed after the four others', () => {
      const { jisr } = synthesized();
      expect(jisr.monitoringStack.stackName).toBe('Jisr-adana-dev-Monitoring');
      expect(new Set(jisr.monitoringStack.dependencies)).toEqual(
        new Set([jisr.dataStack, jisr.webStack, jisr.apiStack, jisr.eventsStack]),
      );
      // Nothing stateful, nothing on a request path: a dashboard and alarms.
      expect(new Set(Object.values(monitoring().Resources).map((resource) => resource.Type))).toEqual(
        new Set(['AWS::CloudWatch::Dashboard', 'AWS::CloudWatch::Alarm']),
      );
    });

    it('refers to other stacks only weakly, and only for names CloudFormation generates', () => {
      const text = JSON.stringify(monitoring());
      expect(text).not.toContain('Fn::ImportValue');
      const references = [...text.matchAll(/\{"Fn::GetStackOutput":\{[^}]*\{[^}]*\}[^}]*\}\}/g)].map(
        (match) => resolveReference(synthesized(), monitoringStackName(), JSON.parse(match[0])),
      );
      expect(references.length).toBeGreaterThan(0);
      const targets = new Set(references.map((reference) => key(reference as ResolvedReference)));
      const allowed = new Set([
        ...serviceFunctions().map(key),
        key(httpApi()),
        key(table()),
        key(topic()),
        key(distribution()),
      ]);
      for (const target of targets) expect(allowed.has(target), target).toBe(true);
      // Queues and the Events stack's alarms are named by Jisr: referred to by name, no output.
      for (const { stack, logicalId } of [...everywhere('AWS::SQS::Queue'), ...alarms()]) {
        if (stack !== monitoringStackName())
          expect(targets.has(`${stack}/${logicalId}`), logicalId).toBe(false);
      }
    });
  });

  describe('health dashboard', () => {
    it('is one per deployment, named jisr-<council>-<stage>-health', () => {
      synthesized().monitoring.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      synthesized().monitoring.hasResourceProperties('AWS::CloudWatch::Dashboard', {
        DashboardName: `${PREFIX}-health`,
      });
      expect(synthesized().jisr.monitoringStack.dashboardName).toBe(`${PREFIX}-health`);
      expect(widgets().length).toBeGreaterThan(10);
      synthesized().monitoring.hasOutput('DashboardUrl', {
        Value: {
          'Fn::Join': [
            '',
            [
              'https://console.aws.amazon.com/cloudwatch/home?region=',
              { Ref: 'AWS::Region' },
              `#dashboards/dashboard/${PREFIX}-health`,
            ],
          ],
        },
      });
    });

    it('watches every Lambda function of the templates; the only others are deployment-time providers', () => {
      const service = new Set(serviceFunctions().map(key));
      const others = everywhere('AWS::Lambda::Function').filter((fn) => !service.has(key(fn)));
      for (const { logicalId } of others) expect(logicalId).toMatch(CUSTOM_RESOURCE_PROVIDER);
      expect(service.size).toBe(synthesized().jisr.monitoringStack.functionErrorRateAlarms.size);
    });

    it.each(['Errors', 'Throttles', 'Duration'])('shows the %s of every function', (metricName) => {
      const shown = allMetrics().filter(
        (metric) => metric.namespace === 'AWS/Lambda' && metric.metricName === metricName,
      );
      for (const fn of serviceFunctions()) {
        const lines = shown.filter((metric) => metric.dimensions.FunctionName === placeholder(fn));
        expect(lines, `${metricName} of ${key(fn)}`).toHaveLength(1);
        const [line] = lines as [DashboardMetric];
        expect(line.options.stat).toBe(metricName === 'Duration' ? 'p99' : 'Sum');
        expect(typeof line.options.label).toBe('string');
      }
      expect(shown).toHaveLength(serviceFunctions().length);
    });

    it(`keeps every graph readable: at most ${MAX_LINES_PER_GRAPH} lines each, groups split evenly`, () => {
      for (const widget of metricWidgets()) {
        expect(visibleLines(widget), String(widget.properties.title)).toBeLessThanOrEqual(
          MAX_LINES_PER_GRAPH,
        );
      }
      // The HTTP routes' functions (all of the Api stack's) are split into near-equal widgets.
      const routes = serviceFunctions().filter(
        ({ stack }) => stack === synthesized().jisr.apiStack.stackName,
      );
      const errorWidgets = metricWidgets().filter((widget) =>
        String(widget.properties.title).startsWith('HTTP routes: errors'),
      );
      expect(errorWidgets).toHaveLength(Math.ceil(routes.length / MAX_LINES_PER_GRAPH));
      const sizes = errorWidgets.map((widget) => visibleLines(widget));
      expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(routes.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    });

    it('shows the HTTP API: requests, 4xx, 5xx, latency p50 and p99, and its 5xx-rate alarm', () => {
      const api = placeholder(httpApi());
      const shown = allMetrics().filter(
        (metric) => metric.namespace === 'AWS/ApiGateway' && metric.dimensions.ApiId === api,
      );
      const has = (metricName: string, stat: string) =>
        expect(
          shown.some((metric) => metric.metricName === metricName && metric.options.stat === stat),
          `${metricName} ${stat}`,
        ).toBe(true);
      has('Count', 'Sum');
      has('4xx', 'Sum');
      has('5xx', 'Sum');
      has('Latency', 'p50');
      has('Latency', 'p99');
      const alarmWidgets = metricWidgets().filter((widget) => widget.properties.annotations !== undefined);
      const apiAlarm = synthesized().jisr.monitoringStack.getLogicalId(
        synthesized().jisr.monitoringStack.apiErrorRateAlarm.node.defaultChild as never,
      );
      expect(JSON.stringify(alarmWidgets)).toContain(`{{${monitoringStackName()}/${apiAlarm}}}`);
    });

    it('shows the depth of every queue of every template', () => {
      const shown = allMetrics().filter(
        (metric) =>
          metric.namespace === 'AWS/SQS' && metric.metricName === 'ApproximateNumberOfMessagesVisible',
      );
      const queues = everywhere('AWS::SQS::Queue');
      expect(queues.length).toBeGreaterThan(0);
      for (const { logicalId, resource } of queues) {
        const name = props(resource).QueueName as string;
        const lines = shown.filter((metric) => metric.dimensions.QueueName === name);
        expect(lines, `${logicalId} (${name})`).toHaveLength(1);
        expect((lines[0] as DashboardMetric).options.stat).toBe('Maximum');
      }
      expect(shown).toHaveLength(queues.length);
    });

    it("shows the iterator age of every consumer of the table's stream", () => {
      const consumers = streamConsumers();
      expect(consumers.length).toBeGreaterThan(0);
      const shown = allMetrics().filter(
        (metric) => metric.namespace === 'AWS/Lambda' && metric.metricName === 'IteratorAge',
      );
      for (const consumer of consumers) {
        const lines = shown.filter((metric) => metric.dimensions.FunctionName === `{{${consumer}}}`);
        expect(lines, consumer).toHaveLength(1);
        expect((lines[0] as DashboardMetric).options.stat).toBe('Maximum');
      }
    });

    it("shows the table's throttled requests, system errors and consumed capacity", () => {
      const tableRef = placeholder(table());
      const shown = allMetrics().filter(
        (metric) => metric.namespace === 'AWS/DynamoDB' && metric.dimensions.TableName === tableRef,
      );
      const names = new Set(shown.map((metric) => metric.metricName));
      for (const name of [
        'ThrottledRequests',
        'ReadThrottleEvents',
        'WriteThrottleEvents',
        'SystemErrors',
        'ConsumedReadCapacityUnits',
        'ConsumedWriteCapacityUnits',
      ]) {
        expect(names.has(name), name).toBe(true);
      }
      // Per-operation metrics are summed with SUM([...]), which tolerates missing terms.
      const expressions = metricWidgets().flatMap((widget) =>
        ((widget.properties.metrics ?? []) as unknown[][])
          .map((entry) => (entry[0] as Json).expression)
          .filter((expression) => expression !== undefined),
      );
      expect(expressions.length).toBeGreaterThanOrEqual(2);
      for (const expression of expressions) expect(String(expression)).toMatch(/^SUM\(\[/);
    });

    it("shows the web app's CloudFront requests and error rates, from us-east-1 (global metrics)", () => {
      const shown = allMetrics().filter((metric) => metric.namespace === 'AWS/CloudFront');
      expect(new Set(shown.map((metric) => metric.metricName))).toEqual(
        new Set(['Requests', '4xxErrorRate', '5xxErrorRate']),
      );
      for (const metric of shown) {
        expect(metric.dimensions).toEqual({ DistributionId: placeholder(distribution()), Region: 'Global' });
        expect(metric.options.region).toBe('us-east-1');
      }
    });

    it('lists every alarm of every template in its alarm status widget', () => {
      const listed = JSON.stringify(widgets().filter((widget) => widget.type === 'alarm'));
      for (const { stack, logicalId, resource } of alarms()) {
        const name = props(resource).AlarmName as string;
        const shownAs =
          stack === monitoringStackName()
            ? `{{${stack}/${logicalId}}}`
            : `:{{AWS::AccountId}}:alarm:${name}"`;
        expect(listed, name).toContain(shownAs);
      }
    });
  });

  describe('alarms', () => {
    const errorRateAlarms = () =>
      resourcesOfType(monitoring(), 'AWS::CloudWatch::Alarm').filter(([, alarm]) =>
        ((props(alarm).Metrics ?? []) as Json[]).some((query) => query.Expression === ERROR_RATE_EXPRESSION),
      );
    const expectErrorRate = (alarm: CfnResource) => {
      expect(props(alarm)).toMatchObject({
        Threshold: ERROR_RATE_ALARM.thresholdPercent,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
      const queries = props(alarm).Metrics as Json[];
      expect(queries.filter((query) => query.ReturnData !== false)).toEqual([
        expect.objectContaining({ Expression: ERROR_RATE_EXPRESSION }),
      ]);
      for (const query of queries.filter((candidate) => candidate.MetricStat !== undefined)) {
        expect(query.MetricStat).toMatchObject({ Period: ERROR_RATE_ALARM.period.toSeconds(), Stat: 'Sum' });
      }
    };

    it('give every Lambda function of the templates an error-rate alarm (errors / invocations)', () => {
      const byFunction = new Map<string, string[]>();
      for (const [logicalId, alarm] of errorRateAlarms()) {
        const metrics = alarmMetrics(monitoringStackName(), alarm);
        const errors = metrics.find((metric) => metric.metricName === 'Errors');
        const invocations = metrics.find((metric) => metric.metricName === 'Invocations');
        if (errors === undefined) continue;
        expect(invocations?.dimensions, logicalId).toEqual(errors.dimensions);
        const fn = errors.dimensions.FunctionName as string;
        byFunction.set(fn, [...(byFunction.get(fn) ?? []), logicalId]);
        expectErrorRate(alarm);
        expect(props(alarm).AlarmName).toMatch(new RegExp(`^${PREFIX}-[a-z0-9-]+-error-rate$`));
      }
      for (const fn of serviceFunctions()) {
        expect(byFunction.get(placeholder(fn)), key(fn)).toHaveLength(1);
      }
      expect(byFunction.size).toBe(serviceFunctions().length);
    });

    it('give the HTTP API a 5xx-rate alarm (5xx / requests)', () => {
      const api = placeholder(httpApi());
      const matching = errorRateAlarms().filter(([, alarm]) => {
        const metrics = alarmMetrics(monitoringStackName(), alarm);
        return (
          metrics.some((metric) => metric.metricName === '5xx' && metric.dimensions.ApiId === api) &&
          metrics.some((metric) => metric.metricName === 'Count' && metric.dimensions.ApiId === api)
        );
      });
      expect(matching).toHaveLength(1);
      const [, alarm] = matching[0] as [string, CfnResource];
      expectErrorRate(alarm);
      expect(props(alarm).AlarmName).toBe(`${PREFIX}-api-5xx-rate`);
    });

    it('give every queue of every template exactly one alarm on its depth', () => {
      const depthAlarms = alarms().filter(
        ({ resource }) => props(resource).MetricName === 'ApproximateNumberOfMessagesVisible',
      );
      for (const queue of everywhere('AWS::SQS::Queue')) {
        const watching = depthAlarms.filter(
          ({ stack, resource }) =>
            alarmMetrics(stack, resource)[0]?.dimensions.QueueName === placeholder(queue),
        );
        expect(watching, String(props(queue.resource).QueueName)).toHaveLength(1);
      }
    });

    it('all go to the alert topic, and only there; all are named after the deployment', () => {
      const expected = [key(topic())];
      expect(alarms().length).toBeGreaterThan(serviceFunctions().length);
      for (const { stack, logicalId, resource } of alarms()) {
        const actions = (props(resource).AlarmActions ?? []) as unknown[];
        const resolved = actions.map((action) => {
          const reference = resolveReference(synthesized(), stack, action);
          return reference === undefined ? JSON.stringify(action) : key(reference);
        });
        expect(resolved, `${stack}/${logicalId}`).toEqual(expected);
        // The topic's policy admits alarms named `jisr-<council>-<stage>-*` of this account.
        expect(props(resource).AlarmName, logicalId).toMatch(new RegExp(`^${PREFIX}-`));
      }
    });

    it('refuse two functions of the same name (their alarms would collide)', () => {
      const jisr = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
      const fn = [...jisr.apiStack.functions.values()][0] as JisrFunction;
      expect(
        () =>
          new MonitoringStack(jisr.app, 'Duplicate', {
            councilId: 'adana',
            stage: 'dup',
            table: jisr.dataStack.table,
            httpApi: jisr.apiStack.httpApi,
            alertTopic: jisr.eventsStack.alerts.topic,
            webDistribution: jisr.webStack.distribution,
            functions: [fn, fn],
            deadLetterQueues: [],
            alarms: [],
          }),
      ).toThrow(/Two functions are called/);
    });
  });
};
