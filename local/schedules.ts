/**
 * Scheduled work, locally: each SCHEDULES entry of infra/rules.ts runs its function on a timer
 * (every `everyMinutes`, as the EventBridge schedule does in AWS), with the same event shape.
 * Runs of one schedule never overlap here; a run can also be asked for at once
 * (POST /local/schedules/{name}/run), which is how tests drive the SLA sweep.
 */
import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { SCHEDULES } from '../infra/rules.js';
import { lambdaContext } from './api-gateway-event.js';

type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

export interface ScheduleStats {
  readonly everyMinutes: number;
  readonly runs: number;
  readonly failures: number;
  readonly lastRunAt: string | null;
  readonly lastResult: unknown;
  readonly lastError: string | null;
}

export class LocalSchedules {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly stats = new Map<string, ScheduleStats>();

  private constructor(
    private readonly handlers: ReadonlyMap<string, ScheduledHandler>,
    private readonly log: (line: string) => void,
  ) {
    for (const schedule of SCHEDULES) {
      this.stats.set(schedule.name, {
        everyMinutes: schedule.everyMinutes,
        runs: 0,
        failures: 0,
        lastRunAt: null,
        lastResult: null,
        lastError: null,
      });
    }
  }

  static async create(options: {
    importHandler: (functionName: string) => Promise<ScheduledHandler>;
    log: (line: string) => void;
  }): Promise<LocalSchedules> {
    const handlers = new Map<string, ScheduledHandler>();
    for (const schedule of SCHEDULES) {
      handlers.set(schedule.name, await options.importHandler(schedule.target.functionName));
    }
    return new LocalSchedules(handlers, options.log);
  }

  /**
   * Starts the timers: every schedule's own period, or `everySeconds` for all of them when
   * given (JISR_SCHEDULE_SECONDS); 0 starts none (runs happen only when asked for).
   */
  start(everySeconds: number | undefined): void {
    for (const schedule of SCHEDULES) {
      const period = everySeconds === undefined ? schedule.everyMinutes * 60 : everySeconds;
      if (period <= 0) continue;
      const timer = setInterval(() => {
        this.run(schedule.name).catch(() => {
          // Counted and logged by run(); the next tick tries again, as the next scheduled run would.
        });
      }, period * 1000);
      timer.unref();
      this.timers.push(timer);
    }
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  /** Runs the schedule now, after any run of it in progress; resolves with the function's result. */
  async run(name: string): Promise<unknown> {
    const handler = this.handlers.get(name);
    if (handler === undefined) throw new Error(`no schedule ${name}`);
    const previous = this.running.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.invoke(name, handler));
    this.running.set(name, next);
    return await next;
  }

  private async invoke(name: string, handler: ScheduledHandler): Promise<unknown> {
    const id = randomUUID();
    const at = new Date().toISOString();
    const event = {
      version: '0',
      id,
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: at,
      region: process.env.AWS_REGION ?? 'local',
      resources: [`arn:aws:events:local:000000000000:rule/${name}`],
      detail: {},
    } as ScheduledEvent;
    const before = this.stats.get(name) as ScheduleStats;
    try {
      const result = await handler(event, lambdaContext(name, id));
      this.stats.set(name, {
        ...before,
        runs: before.runs + 1,
        lastRunAt: at,
        lastResult: result,
        lastError: null,
      });
      return result;
    } catch (error) {
      const message = (error as Error).message;
      this.log(`schedule ${name} failed: ${message}`);
      this.stats.set(name, {
        ...before,
        runs: before.runs + 1,
        failures: before.failures + 1,
        lastRunAt: at,
        lastError: message,
      });
      throw error;
    }
  }

  snapshot(): Record<string, ScheduleStats> {
    return Object.fromEntries(this.stats);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled(this.running.values());
  }
}

/** JISR_SCHEDULE_SECONDS: a whole number of seconds ≥ 0, or undefined for the schedules' own periods. */
export function scheduleSecondsFrom(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400) {
    throw new Error('JISR_SCHEDULE_SECONDS must be a whole number of seconds, 0-86400 (0: no timers)');
  }
  return seconds;
}
