/**
 * The event backbone is declared once (infra/rules.ts). This is the template's side of the
 * parity proof — every rule of RULES is in the Events stack with exactly its pattern, its
 * retry policy and its own dead-letter queue (the local side is tested against the same
 * RULES), and every schedule of SCHEDULES is a scheduled rule on the default bus built the
 * same way — and the checks of what each piece may do: every stream consumer reads the stream
 * and gets exactly what its STREAM_CONSUMERS entry declares (the outbox publisher puts events
 * on the bus and has no table access; update-rollups reads and writes the table and cannot
 * put events), nothing more; only the directorate's notifier publishes to the alert topic;
 * every queue is encrypted, TLS-only and alarmed.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { CLOUDWATCH_KEY_ACTIONS } from '../../../infra/constructs/alerts-topic.js';
import { DLQ_RETENTION } from '../../../infra/constructs/dead-letter-queue.js';
import {
  ALERT_TOPIC_KEY_ACTIONS,
  ALERT_TOPIC_VARIABLE,
  EVENT_BUS_VARIABLE,
  FUNCTION_MEMORY_MB,
  FUNCTION_TIMEOUT,
  TABLE_ACTIONS,
} from '../../../infra/constructs/jisr-function.js';
import {
  RULES,
  type RuleDefinition,
  SCHEDULES,
  type ScheduleDefinition,
  STREAM_CONSUMERS,
  type StreamConsumerDefinition,
} from '../../../infra/rules.js';
import {
  ITERATOR_AGE_ALARM_THRESHOLD,
  SCHEDULED_FUNCTION_TIMEOUT,
  STREAM_CONSUMER_STAKES,
  type StreamConsumerName,
} from '../../../infra/stacks/events-stack.js';
import { TABLE_DESIGN } from '../../../shared/adapters/dynamodb/table-design.js';
import {
  allowStatements,
  type CfnResource,
  type CfnTemplate,
  type Json,
  props,
  referencedLogicalId,
  refersTo,
  resourcesOfType,
  type SynthesizedCouncil,
} from '../synth.js';

const RULE_DEFINITIONS = RULES as readonly RuleDefinition[];
const SCHEDULE_DEFINITIONS = SCHEDULES as readonly ScheduleDefinition[];
const CONSUMERS = STREAM_CONSUMERS as readonly StreamConsumerDefinition[];
/** Rules and schedules alike: each is an EventBridge rule with one target function and a DLQ. */
const TARGETED = [...RULE_DEFINITIONS, ...SCHEDULE_DEFINITIONS];
const PREFIX = 'jisr-adana-dev';

const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
];

export const eventsSuite = (synthesized: () => SynthesizedCouncil) => {
  const events = () => synthesized().eventsJson;
  const resource = (logicalId: string): CfnResource => {
    const found = events().Resources[logicalId];
    expect(found, logicalId).toBeDefined();
    return found as CfnResource;
  };
  /** Logical id of a Data stack resource (cross-stack references name it in their output's name). */
  const dataLogicalId = (construct: { node: { defaultChild?: unknown } }) =>
    synthesized().jisr.dataStack.getLogicalId(construct.node.defaultChild as CfnElement);
  const busId = () => dataLogicalId(synthesized().jisr.dataStack.eventBus);
  const tableId = () => dataLogicalId(synthesized().jisr.dataStack.table);
  const topicId = () => resourcesOfType(events(), 'AWS::SNS::Topic')[0]?.[0] as string;
  const alertKeyId = () => referencedLogicalId(props(resource(topicId())).KmsMasterKeyId) as string;

  const queueNamed = (name: string): string => {
    const matches = resourcesOfType(events(), 'AWS::SQS::Queue').filter(
      ([, queue]) => props(queue).QueueName === name,
    );
    expect(matches, name).toHaveLength(1);
    return (matches[0] as [string, CfnResource])[0];
  };
  const ruleNamed = (name: string): CfnResource => {
    const matches = resourcesOfType(events(), 'AWS::Events::Rule').filter(
      ([, rule]) => props(rule).Name === `${PREFIX}-${name}`,
    );
    expect(matches, name).toHaveLength(1);
    return (matches[0] as [string, CfnResource])[1];
  };
  const targetOf = (name: string) => {
    const targets = props(ruleNamed(name)).Targets as Json[];
    expect(targets).toHaveLength(1);
    return targets[0] as Json;
  };
  const roleOf = (functionId: string) => referencedLogicalId(props(resource(functionId)).Role) as string;
  const targetFunctionId = (name: string) => referencedLogicalId(targetOf(name).Arn) as string;
  const publisherId = (functionName: string): string => {
    const fn = synthesized().jisr.eventsStack.publishers.get(functionName);
    expect(fn, functionName).toBeDefined();
    return synthesized().jisr.eventsStack.getLogicalId(fn?.node.defaultChild as CfnElement);
  };
  const everyStatement = () => synthesized().templates.flatMap((template) => allowStatements(template));
  const variablesOf = (functionId: string) =>
    ((props(resource(functionId)).Environment as { Variables?: Json } | undefined)?.Variables ?? {}) as Json;

  describe('event rules: the template holds exactly RULES', () => {
    it('has one rule per RULES entry, each on the council bus, named after it (and the schedules besides)', () => {
      const all = resourcesOfType(events(), 'AWS::Events::Rule');
      expect(all).toHaveLength(RULE_DEFINITIONS.length + SCHEDULE_DEFINITIONS.length);
      const rules = all.filter(([, rule]) => props(rule).ScheduleExpression === undefined);
      expect(new Set(rules.map(([, rule]) => props(rule).Name))).toEqual(
        new Set(RULE_DEFINITIONS.map((rule) => `${PREFIX}-${rule.name}`)),
      );
      expect(rules).toHaveLength(RULE_DEFINITIONS.length);
      for (const [logicalId, rule] of rules) {
        expect(refersTo(props(rule).EventBusName, busId()), logicalId).toBe(true);
        expect(props(rule).State).toBe('ENABLED');
      }
    });

    it.each(RULE_DEFINITIONS.map((rule) => [rule.name, rule] as const))(
      '%s has exactly the event pattern of RULES',
      (name, definition) => {
        const pattern = props(ruleNamed(name)).EventPattern;
        const parsed: unknown = typeof pattern === 'string' ? JSON.parse(pattern) : pattern;
        expect(parsed).toStrictEqual(JSON.parse(JSON.stringify(definition.eventPattern)));
        expect(props(ruleNamed(name)).Description).toBe(definition.description);
      },
    );

    it.each(RULE_DEFINITIONS.map((rule) => [rule.name, rule] as const))(
      '%s has one target, with the retry policy of RULES and its own dead-letter queue',
      (name, definition) => {
        const target = targetOf(name);
        expect(target.RetryPolicy).toEqual({
          MaximumRetryAttempts: definition.retryPolicy.maximumRetryAttempts,
          MaximumEventAgeInSeconds: definition.retryPolicy.maximumEventAgeSeconds,
        });
        const queueId = queueNamed(`${PREFIX}-${name}-dlq`);
        expect(referencedLogicalId((target.DeadLetterConfig as Json | undefined)?.Arn)).toBe(queueId);
        // Failures after Lambda accepted the event (the handler threw, and Lambda's own retries
        // failed too) land in the same queue: the function's dead-letter queue.
        const fn = resource(targetFunctionId(name));
        expect(fn.Type).toBe('AWS::Lambda::Function');
        expect(referencedLogicalId((props(fn).DeadLetterConfig as Json | undefined)?.TargetArn)).toBe(
          queueId,
        );
        expect(props(fn).Description).toMatch(new RegExp(`^Target of the event rule ${name}:`));
        expect(props(fn).Timeout).toBe(FUNCTION_TIMEOUT.toSeconds());
      },
    );

    it('gives each rule and each schedule a queue of its own, writable by EventBridge only for that rule', () => {
      const queues = TARGETED.map((rule) => queueNamed(`${PREFIX}-${rule.name}-dlq`));
      expect(new Set(queues).size).toBe(TARGETED.length);
      for (const definition of TARGETED) {
        const queueId = queueNamed(`${PREFIX}-${definition.name}-dlq`);
        const [ruleId] = resourcesOfType(events(), 'AWS::Events::Rule').find(
          ([, rule]) => props(rule).Name === `${PREFIX}-${definition.name}`,
        ) as [string, CfnResource];
        const statements = resourcesOfType(events(), 'AWS::SQS::QueuePolicy')
          .filter(([, policy]) => refersTo(props(policy).Queues, queueId))
          .flatMap(([, policy]) => (props(policy).PolicyDocument as { Statement: Json[] }).Statement)
          .filter((statement) => statement.Effect === 'Allow');
        expect(statements).toEqual([
          expect.objectContaining({
            Action: 'sqs:SendMessage',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
          }),
        ]);
      }
    });

    it('lets each rule and each schedule invoke its target, and only that rule', () => {
      for (const definition of TARGETED) {
        const functionId = targetFunctionId(definition.name);
        const [ruleId] = resourcesOfType(events(), 'AWS::Events::Rule').find(
          ([, rule]) => props(rule).Name === `${PREFIX}-${definition.name}`,
        ) as [string, CfnResource];
        const permissions = resourcesOfType(events(), 'AWS::Lambda::Permission').filter(([, permission]) =>
          refersTo(props(permission).FunctionName, functionId),
        );
        expect(permissions).toHaveLength(1);
        const [, permission] = permissions[0] as [string, CfnResource];
        expect(props(permission)).toMatchObject({
          Action: 'lambda:InvokeFunction',
          Principal: 'events.amazonaws.com',
        });
        expect(props(permission).SourceArn).toEqual({ 'Fn::GetAtt': [ruleId, 'Arn'] });
      }
    });

    it("keeps Lambda's asynchronous defaults (2 retries, 6 hours) under each rule's own retry policy", () => {
      // No EventInvokeConfig: an explicit one would need an on-failure destination besides the DLQ.
      expect(resourcesOfType(events(), 'AWS::Lambda::EventInvokeConfig')).toEqual([]);
      for (const definition of TARGETED) {
        expect(definition.retryPolicy.maximumEventAgeSeconds).toBeLessThanOrEqual(6 * 3600);
      }
    });

    it.each(TARGETED.map((rule) => [rule.name, rule.target.tableAccess] as const))(
      "%s's function gets exactly the table actions its target declares (%s)",
      (name, access) => {
        const roleId = roleOf(targetFunctionId(name));
        const onTable = allowStatements(events())
          .filter((statement) => statement.roles.includes(roleId) && refersTo(statement.resources, tableId()))
          .flatMap((statement) => statement.actions);
        expect(new Set(onTable)).toEqual(new Set([...TABLE_ACTIONS[access].table, 'dynamodb:Query']));
        expect(onTable).not.toContain('dynamodb:Scan');
        expect(
          onTable.filter((action) => action.includes('Stream') || action === 'dynamodb:GetRecords'),
        ).toEqual([]);
        expect(refersTo(variablesOf(targetFunctionId(name)).TABLE_NAME, tableId())).toBe(true);
      },
    );

    it('gives no rule or schedule target the right to put events on the bus (events go out through the outbox)', () => {
      for (const definition of TARGETED) {
        const roleId = roleOf(targetFunctionId(definition.name));
        const actions = allowStatements(events())
          .filter((statement) => statement.roles.includes(roleId))
          .flatMap((statement) => statement.actions);
        expect(actions.filter((action) => action.startsWith('events:'))).toEqual([]);
        expect(variablesOf(targetFunctionId(definition.name))[EVENT_BUS_VARIABLE]).toBeUndefined();
      }
    });
  });

  describe('schedules: the template holds exactly SCHEDULES', () => {
    const scheduleRules = () =>
      resourcesOfType(events(), 'AWS::Events::Rule').filter(
        ([, rule]) => props(rule).ScheduleExpression !== undefined,
      );

    it('has one scheduled rule per SCHEDULES entry, on the default bus, named after it', () => {
      expect(SCHEDULE_DEFINITIONS.map((schedule) => schedule.name)).toEqual(['sla-sweep']);
      const rules = scheduleRules();
      expect(rules).toHaveLength(SCHEDULE_DEFINITIONS.length);
      expect(new Set(rules.map(([, rule]) => props(rule).Name))).toEqual(
        new Set(SCHEDULE_DEFINITIONS.map((schedule) => `${PREFIX}-${schedule.name}`)),
      );
      for (const [logicalId, rule] of rules) {
        // Schedules only run on the account's default bus: no EventBusName, no pattern.
        expect(props(rule).EventBusName, logicalId).toBeUndefined();
        expect(props(rule).EventPattern, logicalId).toBeUndefined();
        expect(props(rule).State).toBe('ENABLED');
      }
    });

    it.each(SCHEDULE_DEFINITIONS.map((schedule) => [schedule.name, schedule] as const))(
      '%s runs at the rate of SCHEDULES',
      (name, definition) => {
        expect(props(ruleNamed(name)).ScheduleExpression).toBe(`rate(${definition.everyMinutes} minutes)`);
        expect(props(ruleNamed(name)).Description).toBe(definition.description);
      },
    );

    it('runs the SLA sweep every 5 minutes', () => {
      expect(props(ruleNamed('sla-sweep')).ScheduleExpression).toBe('rate(5 minutes)');
    });

    it.each(SCHEDULE_DEFINITIONS.map((schedule) => [schedule.name, schedule] as const))(
      '%s has one target, its function, with the retry policy of SCHEDULES and its own dead-letter queue',
      (name, definition) => {
        const target = targetOf(name);
        expect(target.RetryPolicy).toEqual({
          MaximumRetryAttempts: definition.retryPolicy.maximumRetryAttempts,
          MaximumEventAgeInSeconds: definition.retryPolicy.maximumEventAgeSeconds,
        });
        const queueId = queueNamed(`${PREFIX}-${name}-dlq`);
        expect(referencedLogicalId((target.DeadLetterConfig as Json | undefined)?.Arn)).toBe(queueId);
        const functionId = targetFunctionId(name);
        const fn = synthesized().jisr.eventsStack.scheduleTargets.get(name);
        expect(synthesized().jisr.eventsStack.getLogicalId(fn?.node.defaultChild as CfnElement)).toBe(
          functionId,
        );
        expect(synthesized().jisr.eventsStack.schedules.has(name)).toBe(true);
        // The function's role names the handler it runs (functions/<functionName>/handler.ts).
        expect(props(resource(roleOf(functionId))).Description).toBe(
          `Execution role of ${definition.target.functionName} (Jisr adana)`,
        );
        expect(props(resource(functionId))).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          MemorySize: FUNCTION_MEMORY_MB,
          // A sweep works through a backlog: minutes, not a request's 10 seconds.
          Timeout: SCHEDULED_FUNCTION_TIMEOUT.toSeconds(),
          Description: expect.stringMatching(new RegExp(`^Target of the schedule ${name} \\(every`)),
        });
        // Failures after Lambda accepted the event land in the same queue.
        expect(
          referencedLogicalId((props(resource(functionId)).DeadLetterConfig as Json | undefined)?.TargetArn),
        ).toBe(queueId);
      },
    );

    it('gives the sweep 5 minutes, and leaves every other function at the default', () => {
      expect(SCHEDULED_FUNCTION_TIMEOUT.toSeconds()).toBe(300);
      const scheduled = new Set(SCHEDULE_DEFINITIONS.map((schedule) => targetFunctionId(schedule.name)));
      const jisrFunctions = [synthesized().apiJson, events()].flatMap((template) =>
        resourcesOfType(template, 'AWS::Lambda::Function').filter(
          ([, fn]) =>
            (props(fn).Environment as { Variables?: Json } | undefined)?.Variables
              ?.POWERTOOLS_SERVICE_NAME === 'jisr',
        ),
      );
      expect(jisrFunctions.length).toBeGreaterThan(scheduled.size);
      for (const [logicalId, fn] of jisrFunctions) {
        expect(props(fn).Timeout, logicalId).toBe(
          scheduled.has(logicalId) ? SCHEDULED_FUNCTION_TIMEOUT.toSeconds() : FUNCTION_TIMEOUT.toSeconds(),
        );
      }
    });

    it("lets the sweep query the table's indexes, each by name (gsi3 and gsi5 among them), and never Scan", () => {
      const roleId = roleOf(targetFunctionId('sla-sweep'));
      const statements = allowStatements(events()).filter((statement) => statement.roles.includes(roleId));
      const onIndexes = statements.filter((statement) =>
        JSON.stringify(statement.resources).includes('/index/'),
      );
      expect(onIndexes).toHaveLength(1);
      const [indexStatement] = onIndexes as [(typeof onIndexes)[number]];
      expect(indexStatement.actions).toEqual(['dynamodb:Query']);
      const indexes = indexStatement.resources.map((resource) => {
        const match = /\/index\/([^"]+)"/.exec(JSON.stringify(resource));
        return match?.[1];
      });
      expect(indexes).toEqual(Object.values(TABLE_DESIGN.indexes).map((index) => index.name));
      // It queries gsi3 (the due head of the SLA clocks) and gsi5 (referrals by status, to reconcile).
      expect(indexes).toEqual(expect.arrayContaining(['gsi3', 'gsi5']));
      expect(JSON.stringify(indexStatement.resources)).not.toContain('*');
      const actions = statements.flatMap((statement) => statement.actions);
      expect(actions).not.toContain('dynamodb:Scan');
      // TransactWriteItems is authorized per item: conditional PutItem for the referral and for
      // each new SLA event and alert item. GetItem: the CONFIG items (SLA settings).
      for (const action of ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem'])
        expect(actions, action).toContain(action);
      // No alert topic: SLA escalations reach the directorate as events, through notify-directorate.
      expect(actions.filter((action) => action.startsWith('sns:'))).toEqual([]);
    });
  });

  describe('stream consumers: the table stream feeds the outbox publisher and the rollups', () => {
    /** The table actions an entry's tableAccess stands for, as bindTable grants them (none without one). */
    const tableActionsOf = (consumer: StreamConsumerDefinition) =>
      consumer.tableAccess === undefined
        ? []
        : [
            ...TABLE_ACTIONS[consumer.tableAccess].table,
            ...TABLE_ACTIONS[consumer.tableAccess].key,
            'dynamodb:Query',
          ];
    const consumerStatements = (functionName: string) => {
      const roleId = roleOf(publisherId(functionName));
      return allowStatements(events()).filter((statement) => statement.roles.includes(roleId));
    };
    const isStreamStatement = (statement: { resources: unknown[] }) =>
      JSON.stringify(statement.resources).includes('StreamArn');

    it('are the entries of STREAM_CONSUMERS, the outbox publisher and update-rollups among them', () => {
      expect([...synthesized().jisr.eventsStack.publishers.keys()]).toEqual(
        CONSUMERS.map((consumer) => consumer.functionName),
      );
      expect(CONSUMERS.map((consumer) => consumer.functionName)).toEqual(
        expect.arrayContaining(['publish-events', 'update-rollups']),
      );
    });

    it.each(CONSUMERS.map((consumer) => [consumer.functionName, consumer] as const))(
      '%s reads the table stream with batch item failures, bisection, retries and an on-failure queue',
      (functionName, consumer) => {
        const mappings = resourcesOfType(events(), 'AWS::Lambda::EventSourceMapping');
        expect(mappings).toHaveLength(CONSUMERS.length);
        const [, mapping] = mappings.find(
          ([, candidate]) => referencedLogicalId(props(candidate).FunctionName) === publisherId(functionName),
        ) as [string, CfnResource];
        expect(props(mapping)).toMatchObject({
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: consumer.batchSize,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          BisectBatchOnFunctionError: true,
          MaximumRetryAttempts: consumer.maximumRetryAttempts,
        });
        const source = JSON.stringify(props(mapping).EventSourceArn);
        expect(refersTo(source, tableId()) && source.includes('StreamArn')).toBe(true);
        const onFailure = (props(mapping).DestinationConfig as { OnFailure?: { Destination?: unknown } })
          .OnFailure?.Destination;
        expect(referencedLogicalId(onFailure)).toBe(queueNamed(`${PREFIX}-${functionName}-dlq`));
      },
    );

    it.each(
      CONSUMERS.map(
        (consumer) =>
          [
            consumer.functionName,
            consumer.publishesEvents ? 'puts events on the bus' : 'no bus',
            consumer.tableAccess ?? 'no',
            consumer,
          ] as const,
      ),
    )(
      '%s may read the stream, and only what its entry declares (%s, %s table access)',
      (functionName, _bus, _table, consumer) => {
        const statements = consumerStatements(functionName);
        const actions = statements.flatMap((statement) => statement.actions);
        expect(new Set(actions)).toEqual(
          new Set([
            'logs:CreateLogStream',
            'logs:PutLogEvents',
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            'dynamodb:ListStreams',
            'dynamodb:DescribeStream',
            'dynamodb:GetRecords',
            'dynamodb:GetShardIterator',
            // The table key, to decrypt the stream's records.
            'kms:Decrypt',
            'kms:DescribeKey',
            'sqs:SendMessage',
            'sqs:GetQueueAttributes',
            'sqs:GetQueueUrl',
            ...(consumer.publishesEvents ? ['events:PutEvents'] : []),
            ...tableActionsOf(consumer),
          ]),
        );
        expect(actions).not.toContain('dynamodb:Scan');
        expect(actions.filter((action) => action.startsWith('dynamodb:PartiQL'))).toEqual([]);
        if (consumer.tableAccess === undefined) {
          for (const action of [...TABLE_WRITE_ACTIONS, 'dynamodb:GetItem', 'dynamodb:Query']) {
            expect(actions, `${functionName} must not ${action}`).not.toContain(action);
          }
        }
        if (!consumer.publishesEvents) {
          expect(actions.filter((action) => action.startsWith('events:'))).toEqual([]);
        }
        for (const statement of statements) {
          if (
            statement.actions.some((action) =>
              ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream'].includes(
                action,
              ),
            )
          ) {
            expect(new Set(statement.actions)).toEqual(
              new Set(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']),
            );
            expect(statement.resources).toHaveLength(1);
            expect(isStreamStatement(statement)).toBe(true);
          }
          if (statement.actions.includes('events:PutEvents')) {
            expect(statement.actions).toEqual(['events:PutEvents']);
            expect(statement.resources).toHaveLength(1);
            expect(refersTo(statement.resources, busId())).toBe(true);
          }
          if (statement.resources.includes('*')) {
            expect(new Set(statement.actions)).toEqual(
              new Set(['dynamodb:ListStreams', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords']),
            );
          }
        }
        // On the table itself (and its indexes), exactly the actions of its tableAccess, as a
        // route or rule target with the same access gets them; nothing without one.
        const onTable = statements
          .filter((statement) => refersTo(statement.resources, tableId()) && !isStreamStatement(statement))
          .flatMap((statement) => statement.actions);
        expect(new Set(onTable)).toEqual(
          new Set(
            consumer.tableAccess === undefined
              ? []
              : [...TABLE_ACTIONS[consumer.tableAccess].table, 'dynamodb:Query'],
          ),
        );
        const variables = variablesOf(publisherId(functionName));
        if (consumer.publishesEvents) expect(refersTo(variables[EVENT_BUS_VARIABLE], busId())).toBe(true);
        else expect(variables[EVENT_BUS_VARIABLE]).toBeUndefined();
        if (consumer.tableAccess === undefined) expect(variables.TABLE_NAME).toBeUndefined();
        else expect(refersTo(variables.TABLE_NAME, tableId())).toBe(true);
        expect(variables[ALERT_TOPIC_VARIABLE]).toBeUndefined();
      },
    );

    it('gives the outbox publisher the bus and no table, and update-rollups the table (read-write) and no bus', () => {
      const publisher = consumerStatements('publish-events').flatMap((statement) => statement.actions);
      expect(publisher).toContain('events:PutEvents');
      for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'kms:GenerateDataKey'])
        expect(publisher, action).not.toContain(action);
      expect(variablesOf(publisherId('publish-events')).TABLE_NAME).toBeUndefined();

      const rollups = consumerStatements('update-rollups').flatMap((statement) => statement.actions);
      // TransactWriteItems is authorized per item (PutItem of the ledger, UpdateItem of each
      // cell); repair writes with BatchWriteItem and PutItem, reads with GetItem and Query.
      for (const action of [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:BatchWriteItem',
        'kms:GenerateDataKey',
      ])
        expect(rollups, action).toContain(action);
      expect(rollups.filter((action) => action.startsWith('events:'))).toEqual([]);
      expect(variablesOf(publisherId('update-rollups'))[EVENT_BUS_VARIABLE]).toBeUndefined();
    });

    it('lets a consumer with table access query the indexes each by name, never Scan', () => {
      const withTable = CONSUMERS.filter((consumer) => consumer.tableAccess !== undefined);
      expect(withTable.length).toBeGreaterThan(0);
      for (const { functionName } of withTable) {
        const onIndexes = consumerStatements(functionName).filter((statement) =>
          JSON.stringify(statement.resources).includes('/index/'),
        );
        expect(onIndexes, functionName).toHaveLength(1);
        const [indexStatement] = onIndexes as [(typeof onIndexes)[number]];
        expect(indexStatement.actions).toEqual(['dynamodb:Query']);
        const indexes = indexStatement.resources.map(
          (resource) => /\/index\/([^"]+)"/.exec(JSON.stringify(resource))?.[1],
        );
        expect(indexes).toEqual(Object.values(TABLE_DESIGN.indexes).map((index) => index.name));
        expect(JSON.stringify(indexStatement.resources)).not.toContain('*');
      }
    });

    it('only consumers that publish events may put events on the bus', () => {
      const publishing = CONSUMERS.filter((consumer) => consumer.publishesEvents);
      expect(publishing.map((consumer) => consumer.functionName)).toContain('publish-events');
      const publisherRoles = new Set(
        publishing.map((consumer) => roleOf(publisherId(consumer.functionName))),
      );
      const putting = everyStatement().filter((statement) =>
        statement.actions.some((action) => action.startsWith('events:')),
      );
      expect(putting.length).toBeGreaterThan(0);
      for (const statement of putting) {
        for (const role of statement.roles)
          expect(publisherRoles.has(role), `${statement.policyId} → ${role}`).toBe(true);
      }
      for (const consumer of CONSUMERS) {
        const variable = variablesOf(publisherId(consumer.functionName))[EVENT_BUS_VARIABLE];
        if (consumer.publishesEvents) expect(variable, consumer.functionName).toBeDefined();
        else expect(variable, consumer.functionName).toBeUndefined();
      }
    });

    it('only stream consumers read the stream', () => {
      const consumerRoles = new Set(CONSUMERS.map((consumer) => roleOf(publisherId(consumer.functionName))));
      for (const statement of everyStatement()) {
        const reading = statement.actions.filter((action) =>
          ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream'].includes(action),
        );
        if (reading.length === 0) continue;
        for (const role of statement.roles)
          expect(consumerRoles.has(role), `${statement.policyId} → ${role}`).toBe(true);
      }
    });

    it.each(CONSUMERS.map((consumer) => [consumer.functionName] as const))(
      '%s has an iterator-age alarm that goes to the alert topic and says what its lag means',
      (functionName) => {
        const alarms = resourcesOfType(events(), 'AWS::CloudWatch::Alarm').filter(
          ([, alarm]) => props(alarm).MetricName === 'IteratorAge',
        );
        expect(alarms).toHaveLength(CONSUMERS.length);
        const [, alarm] = alarms.find(([, candidate]) =>
          refersTo(props(candidate).Dimensions, publisherId(functionName)),
        ) as [string, CfnResource];
        expect(props(alarm)).toMatchObject({
          AlarmName: `${PREFIX}-${functionName}-iterator-age`,
          Namespace: 'AWS/Lambda',
          Statistic: 'Maximum',
          Threshold: ITERATOR_AGE_ALARM_THRESHOLD.toMilliseconds(),
          ComparisonOperator: 'GreaterThanThreshold',
          AlarmActions: [{ Ref: topicId() }],
        });
        const stakes = STREAM_CONSUMER_STAKES[functionName as StreamConsumerName];
        const description = props(alarm).AlarmDescription as string;
        expect(description).toContain(`${functionName} is more than`);
        expect(description).toContain(stakes.late);
        expect(description).toContain('24 hours');
        if (stakes.repair !== undefined) expect(description).toContain(stakes.repair(PREFIX));
      },
    );

    it.each(CONSUMERS.map((consumer) => [consumer.functionName] as const))(
      "%s's on-failure queue alarm says what a message there means",
      (functionName) => {
        const stakes = STREAM_CONSUMER_STAKES[functionName as StreamConsumerName];
        const [, alarm] = resourcesOfType(events(), 'AWS::CloudWatch::Alarm').find(
          ([, candidate]) => props(candidate).AlarmName === `${PREFIX}-${functionName}-dlq-not-empty`,
        ) as [string, CfnResource];
        const description = props(alarm).AlarmDescription as string;
        expect(description).toContain(`${functionName} ${stakes.failedBatch}`);
        if (stakes.repair !== undefined) expect(description).toContain(stakes.repair(PREFIX));
        expect(description.length).toBeLessThanOrEqual(1024);
      },
    );

    it("words update-rollups' alarms for the dashboard, with the repair command", () => {
      const descriptions = resourcesOfType(events(), 'AWS::CloudWatch::Alarm')
        .filter(([, alarm]) => String(props(alarm).AlarmName).startsWith(`${PREFIX}-update-rollups-`))
        .map(([, alarm]) => props(alarm).AlarmDescription as string);
      expect(descriptions).toHaveLength(2);
      const [iteratorAge] = descriptions.filter((description) => description.includes('behind'));
      expect(iteratorAge).toContain("the dashboard's figures are late");
      expect(iteratorAge).toContain('Records older than 24 hours are lost');
      for (const description of descriptions) {
        expect(description).toContain(`TABLE_NAME=${PREFIX} npm run rollups -- repair`);
        expect(description).not.toMatch(/domain events|cohesion alerts/);
      }
    });
  });

  describe('alert topic', () => {
    it('is named after the deployment and encrypted with a rotated key of its own', () => {
      const topics = resourcesOfType(events(), 'AWS::SNS::Topic');
      expect(topics).toHaveLength(1);
      expect(props(resource(topicId())).TopicName).toBe(`${PREFIX}-alerts`);
      const key = resource(alertKeyId());
      expect(key.Type).toBe('AWS::KMS::Key');
      expect(props(key).EnableKeyRotation).toBe(true);
      // Not the table's key, nor the contact key: those live in the Data stack.
      expect(JSON.stringify(props(resource(topicId())).KmsMasterKeyId)).not.toContain('GetStackOutput');
      const aliases = resourcesOfType(events(), 'AWS::KMS::Alias').map(([, alias]) => props(alias));
      expect(aliases).toEqual([
        { AliasName: `alias/${PREFIX}-alerts`, TargetKeyId: { 'Fn::GetAtt': [alertKeyId(), 'Arn'] } },
      ]);
    });

    it("lets CloudWatch use the topic's key (for alarms), and no other service", () => {
      const statements = (props(resource(alertKeyId())).KeyPolicy as { Statement: Json[] }).Statement;
      expect(statements).toHaveLength(2);
      expect(JSON.stringify(statements[0]?.Principal)).toMatch(/:root"/);
      expect(statements[1]).toMatchObject({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: [...CLOUDWATCH_KEY_ACTIONS],
      });
    });

    it("accepts TLS only; its policy admits this deployment's alarms and no one else", () => {
      const policies = resourcesOfType(events(), 'AWS::SNS::TopicPolicy');
      expect(policies).toHaveLength(1);
      const statements = (
        props((policies[0] as [string, CfnResource])[1]).PolicyDocument as { Statement: Json[] }
      ).Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
      const allows = statements.filter((statement) => statement.Effect === 'Allow');
      expect(allows).toHaveLength(1);
      expect(allows[0]).toMatchObject({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      });
      expect(JSON.stringify(allows[0]?.Condition)).toContain(`:alarm:${PREFIX}-*`);
    });

    it('may be published to only by the functions of rules that notify the directorate', () => {
      const notifiers = TARGETED.filter((rule) => rule.target.notifiesDirectorate === true);
      expect(notifiers.map((rule) => rule.target.functionName)).toEqual(['notify-directorate']);
      const allowedRoles = new Set(notifiers.map((rule) => roleOf(targetFunctionId(rule.name))));
      const publishing = everyStatement().filter((statement) =>
        statement.actions.some((action) => action.startsWith('sns:')),
      );
      expect(publishing.length).toBeGreaterThan(0);
      for (const statement of publishing) {
        expect(statement.actions).toEqual(['sns:Publish']);
        expect(statement.resources).toEqual([{ Ref: topicId() }]);
        for (const role of statement.roles) expect(allowedRoles.has(role), role).toBe(true);
      }
      // The topic's key, through SNS only, for the same roles only.
      for (const statement of everyStatement().filter((s) => refersTo(s.resources, alertKeyId()))) {
        expect(new Set(statement.actions)).toEqual(new Set(ALERT_TOPIC_KEY_ACTIONS));
        expect(JSON.stringify(statement.condition)).toContain('kms:ViaService');
        for (const role of statement.roles) expect(allowedRoles.has(role), role).toBe(true);
      }
      for (const definition of TARGETED) {
        const variable = variablesOf(targetFunctionId(definition.name))[ALERT_TOPIC_VARIABLE];
        if (definition.target.notifiesDirectorate === true) expect(variable).toEqual({ Ref: topicId() });
        else expect(variable).toBeUndefined();
      }
    });

    it('has no subscriber unless the deployment names some (alertEmails, alertSms)', () => {
      expect(resourcesOfType(events(), 'AWS::SNS::Subscription')).toEqual([]);
      synthesized().events.hasOutput('AlertTopicArn', { Value: { Ref: topicId() } });
    });
  });

  describe('dead-letter queues', () => {
    const queues = (template: CfnTemplate) => resourcesOfType(template, 'AWS::SQS::Queue');

    it('are one per rule, one per schedule and one per stream consumer', () => {
      expect(queues(events())).toHaveLength(
        RULE_DEFINITIONS.length + SCHEDULE_DEFINITIONS.length + STREAM_CONSUMERS.length,
      );
      expect(new Set(queues(events()).map(([, queue]) => props(queue).QueueName))).toEqual(
        new Set([
          ...TARGETED.map((rule) => `${PREFIX}-${rule.name}-dlq`),
          ...STREAM_CONSUMERS.map((consumer) => `${PREFIX}-${consumer.functionName}-dlq`),
        ]),
      );
    });

    it('are all encrypted, TLS-only, and keep messages 14 days (every queue of every stack)', () => {
      const all = synthesized().templates.flatMap((template) =>
        queues(template).map(([logicalId, queue]) => ({ template, logicalId, queue })),
      );
      expect(all.length).toBeGreaterThan(0);
      for (const { template, logicalId, queue } of all) {
        const encrypted =
          props(queue).SqsManagedSseEnabled === true || props(queue).KmsMasterKeyId !== undefined;
        expect(encrypted, logicalId).toBe(true);
        expect(props(queue).MessageRetentionPeriod, logicalId).toBe(DLQ_RETENTION.toSeconds());
        const denies = resourcesOfType(template, 'AWS::SQS::QueuePolicy')
          .filter(([, policy]) => refersTo(props(policy).Queues, logicalId))
          .flatMap(([, policy]) => (props(policy).PolicyDocument as { Statement: Json[] }).Statement)
          .filter((statement) => statement.Effect === 'Deny');
        expect(denies, logicalId).toContainEqual(
          expect.objectContaining({
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        );
      }
    });

    it('each raise an alarm on their first visible message, sent to the alert topic', () => {
      const alarms = resourcesOfType(events(), 'AWS::CloudWatch::Alarm').filter(
        ([, alarm]) => props(alarm).MetricName === 'ApproximateNumberOfMessagesVisible',
      );
      for (const [queueId, queue] of queues(events())) {
        const matching = alarms.filter(([, alarm]) => refersTo(props(alarm).Dimensions, queueId));
        expect(matching, String(props(queue).QueueName)).toHaveLength(1);
        const [, alarm] = matching[0] as [string, CfnResource];
        expect(props(alarm)).toMatchObject({
          AlarmName: `${props(queue).QueueName}-not-empty`,
          Namespace: 'AWS/SQS',
          Statistic: 'Maximum',
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          EvaluationPeriods: 1,
          TreatMissingData: 'notBreaching',
          AlarmActions: [{ Ref: topicId() }],
        });
      }
    });
  });
};
