/**
 * The event backbone, declared once as data: which functions consume the table's stream,
 * and which EventBridge rules route which domain events to which function. The CDK stack
 * creates the rules (with retry policies and dead-letter queues) from RULES; the local
 * runtime's in-process bus matches the very same patterns and invokes the same handlers.
 */
import { EVENT_SOURCES } from '../shared/events/domain-events.js';
import type { TableAccess } from './routes.js';

export { EVENT_SOURCES };

/** An EventBridge event pattern (JSON), as EventBridge documents it. */
export type EventPattern = { readonly [field: string]: EventPattern | readonly unknown[] };

export interface EventTargetDefinition {
  /** Folder under functions/ holding handler.ts. */
  readonly functionName: string;
  readonly tableAccess: TableAccess;
  /** Whether the function publishes alert notifications (SNS in AWS, a log file locally). */
  readonly notifiesDirectorate?: boolean;
}

export interface RuleDefinition {
  /** Unique, kebab-case; the rule's name in AWS is prefixed with the deployment's. */
  readonly name: string;
  readonly description: string;
  readonly eventPattern: EventPattern;
  readonly target: EventTargetDefinition;
  /** EventBridge's retry policy for the target; then the event goes to the target's DLQ. */
  readonly retryPolicy: { readonly maximumRetryAttempts: number; readonly maximumEventAgeSeconds: number };
}

export const RULES = [
  {
    name: 'cohesion-risk-raises-alert',
    description:
      'A need flagged as a risk to social cohesion becomes an alert, and may make its neighbourhood a hotspot',
    eventPattern: { source: [EVENT_SOURCES.needs], 'detail-type': ['CohesionRiskFlagged'] },
    target: { functionName: 'raise-cohesion-alert', tableAccess: 'read-write' },
    retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeSeconds: 6 * 3600 },
  },
  {
    name: 'alerts-notify-directorate',
    description: 'Cohesion risks, hotspots and SLA escalations are sent to the migration directorate at once',
    eventPattern: {
      source: [EVENT_SOURCES.needs, EVENT_SOURCES.cohesion, EVENT_SOURCES.sla],
      'detail-type': ['CohesionRiskFlagged', 'CohesionHotspotDetected', 'SlaEscalated'],
    },
    target: { functionName: 'notify-directorate', tableAccess: 'read-write', notifiesDirectorate: true },
    retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeSeconds: 6 * 3600 },
  },
] as const satisfies readonly RuleDefinition[];

export interface ScheduleDefinition {
  /** Unique, kebab-case; the rule's name in AWS is prefixed with the deployment's. */
  readonly name: string;
  readonly description: string;
  /** How often it runs (an EventBridge rate; a timer in the local runtime). */
  readonly everyMinutes: number;
  readonly target: EventTargetDefinition;
  readonly retryPolicy: RuleDefinition['retryPolicy'];
}

/** Work that runs on a clock rather than on an event. */
export const SCHEDULES = [
  {
    name: 'sla-sweep',
    description: 'Raises SLA warnings, breaches and escalations for referrals whose next SLA event is due',
    everyMinutes: 5,
    target: { functionName: 'sweep-sla', tableAccess: 'read-write' },
    // A run missed is made good by the next one (it raises whatever is due by then).
    retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 600 },
  },
] as const satisfies readonly ScheduleDefinition[];

export interface StreamConsumerDefinition {
  /** Folder under functions/ holding handler.ts. */
  readonly functionName: string;
  readonly description: string;
  /** Records per invocation; a failed record is reported alone (batch item failures). */
  readonly batchSize: number;
  readonly maximumRetryAttempts: number;
  /** Whether it puts events on the council's bus (the outbox publisher does). */
  readonly publishesEvents: boolean;
  /** What it may do with the table besides reading its stream; absent: nothing. */
  readonly tableAccess?: TableAccess;
}

/**
 * Functions fed by the table's stream: the transactional outbox's publisher, and the
 * dashboard's rollups. (A DynamoDB stream serves at most two consumers without throttling.)
 */
export const STREAM_CONSUMERS = [
  {
    functionName: 'publish-events',
    description: 'Publishes the domain events of new table items to the event bus',
    batchSize: 25,
    maximumRetryAttempts: 10,
    publishesEvents: true,
  },
  {
    functionName: 'update-rollups',
    description: "Keeps the dashboard's rollup cells in line with every referral and hotspot written",
    batchSize: 25,
    maximumRetryAttempts: 10,
    publishesEvents: false,
    tableAccess: 'read-write',
  },
] as const satisfies readonly StreamConsumerDefinition[];
