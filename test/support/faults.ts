/**
 * Helpers of the fault tests (test/integration/faults.test.ts): a DynamoDB Local of the test's
 * own, which it can kill and start again on the same port and data; steady traffic of
 * reports, reads and transitions that records every answer and retries what failed, as a
 * careful client would; and a check of the table that every report is whole or absent.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../infra/bundling.js';
import { freePort, type RunningDynamoDb, startDynamoDbLocal } from '../../local/dynamodb-local.js';
import type { ReportNeedRequest } from '../../shared/schemas/need.js';
import { ApiClient, type ApiResponse, validReport } from './api-client.js';
import type { LocalRuntime } from './local-runtime.js';

/** A DynamoDB Local the test owns: killed at once (SIGKILL, as a crash), started again on the same port and data. */
export class OwnDynamoDb {
  #running: RunningDynamoDb | undefined;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    running: RunningDynamoDb,
  ) {
    this.#running = running;
  }

  static async start(dataDir: string): Promise<OwnDynamoDb> {
    const port = await freePort();
    return new OwnDynamoDb(dataDir, port, await OwnDynamoDb.#launch(dataDir, port));
  }

  /** Starts it, patiently: on a busy shared machine the JVM can take a minute to answer. */
  static #launch(dataDir: string, port: number): Promise<RunningDynamoDb> {
    return startDynamoDbLocal({ cacheDir: join(REPO_ROOT, '.cache'), dataDir, port, readyWithinMs: 150_000 });
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Kills the database with no chance to finish what it was doing. */
  async kill(): Promise<void> {
    const child = this.#running?.process;
    this.#running = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts it again on the same port, on the data it left on disk; resolves once it answers. */
  async restart(): Promise<void> {
    if (this.#running !== undefined) throw new Error('DynamoDB Local is still running');
    this.#running = await OwnDynamoDb.#launch(this.dataDir, this.port);
  }

  async stop(): Promise<void> {
    await this.#running?.stop();
    this.#running = undefined;
  }
}

/**
 * A client that does what a 503 asks: waits its Retry-After and tries again (up to 15 times).
 * For a test's own checks, made on a machine so busy that DynamoDB Local may miss the
 * runtime's timeouts; the traffic under test uses a plain ApiClient, which records every 503.
 */
export class PatientApiClient extends ApiClient {
  override async request<T = unknown>(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    for (let attempt = 1; ; attempt++) {
      const response = await super.request<T>(method, path, options);
      if (response.status !== 503 || attempt >= 15) return response;
      await pause(1000 * Math.min(10, Number(response.headers.get('retry-after') ?? 1) || 1));
    }
  }
}

/** The processes started by `pid`, found in /proc (Linux). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/**
 * Crashes a local runtime: SIGKILL to the process running local/main.ts (tsx runs it in a
 * child of the process startLocalRuntime spawned, and cannot pass a SIGKILL on), so nothing
 * of an orderly stop runs; resolves when the runtime is gone.
 */
export async function crash(runtime: LocalRuntime): Promise<void> {
  const wrapper = runtime.process;
  const exited = new Promise((resolve) => wrapper.once('exit', resolve));
  const pid = wrapper.pid as number;
  for (const child of childrenOf(pid)) process.kill(child, 'SIGKILL');
  wrapper.kill('SIGKILL');
  await exited;
}

export type Operation = 'report' | 'list-referrals' | 'get-need' | 'transition';

/** One request of the traffic and its answer. */
export interface Exchange {
  readonly operation: Operation;
  /** The test's phase when the request was sent. */
  readonly phase: string;
  readonly millis: number;
  readonly status: number;
  readonly contentType: string | null;
  readonly retryAfter: string | null;
  readonly problemType: string | undefined;
}

interface Report {
  readonly key: string;
  readonly body: ReportNeedRequest;
  /** The need id of every 201 answer to this key (a replay answers the same need). */
  readonly answeredNeedIds: string[];
  done: boolean;
}

interface Transition {
  readonly referralId: string;
  readonly key: string;
  /** accepted: a 200; found-accepted: a retry found its own earlier attempt had been written. */
  outcome?: 'accepted' | 'found-accepted';
}

const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/**
 * Steady traffic through the API: `reporters` members' loops reporting needs (every third
 * flagged as a cohesion risk in a place of its own, every second with contact data, every
 * fourth for two units), a reader listing referrals and reading needs, and the health unit
 * accepting each health referral. A request that fails is retried later with the same
 * Idempotency-Key; after `drain()` no new work starts and the loops end once everything
 * sent has succeeded.
 */
export class Traffic {
  phase = 'up';
  readonly exchanges: Exchange[] = [];
  readonly reports: Report[] = [];
  readonly transitions: Transition[] = [];
  #draining = false;
  #stopped = false;
  #loops: Promise<void>[] = [];
  #sequence = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly options: { reporters?: number; member?: string } = {},
  ) {}

  start(): void {
    const reporters = this.options.reporters ?? 2;
    this.#loops = [
      ...Array.from({ length: reporters }, () => this.#reporter()),
      this.#reader(),
      this.#transitioner(),
    ];
  }

  /** Reports and transitions sent but not yet answered with success. */
  outstanding(): number {
    return (
      this.reports.filter((report) => !report.done).length +
      this.transitions.filter((transition) => transition.outcome === undefined).length
    );
  }

  /** No new work; resolves when everything sent has succeeded (or after `timeoutMs`). */
  async drain(timeoutMs: number): Promise<void> {
    this.#draining = true;
    const deadline = Date.now() + timeoutMs;
    while (this.outstanding() > 0 && Date.now() < deadline) await pause(100);
    this.#stopped = true;
    await Promise.all(this.#loops);
  }

  /** Ends the loops now, whatever is outstanding. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#loops);
  }

  /** Resolves once `condition` holds (checked every 100 ms); throws after `timeoutMs`. */
  async until(condition: (traffic: this) => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition(this)) {
      if (Date.now() > deadline) throw new Error(`traffic: condition not met in ${timeoutMs} ms`);
      await pause(100);
    }
  }

  async #send<T>(operation: Operation, request: () => Promise<ApiResponse<T>>): Promise<ApiResponse<T>> {
    const phase = this.phase;
    const started = performance.now();
    let response: ApiResponse<T>;
    try {
      response = await request();
    } catch (error) {
      // No HTTP answer at all (the runtime dropped the connection): status 0, which no test allows.
      response = { status: 0, headers: new Headers(), body: { type: String(error) } as T };
    }
    const body = response.body as { type?: unknown } | undefined;
    this.exchanges.push({
      operation,
      phase,
      millis: performance.now() - started,
      status: response.status,
      contentType: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      problemType: typeof body?.type === 'string' ? body.type : undefined,
    });
    return response;
  }

  #newReport(): Report {
    const n = this.#sequence++;
    const body = validReport({
      ...(n % 4 === 1 ? { categories: ['health', 'education'] } : {}),
      ...(n % 3 === 0
        ? {
            district: 'ceyhan',
            neighbourhood: `Arıza Mahallesi ${randomUUID().slice(0, 8)}`,
            cohesionRisks: ['discrimination'],
          }
        : {}),
      ...(n % 2 === 0 ? { contact: { name: `Fault Test ${n}`, phone: '+90 555 000 00 00' } } : {}),
    });
    const report: Report = { key: `faults-${randomUUID()}`, body, answeredNeedIds: [], done: false };
    this.reports.push(report);
    return report;
  }

  async #reporter(): Promise<void> {
    const member = this.options.member ?? 'member.amina';
    let mine: Report | undefined;
    while (!this.#stopped) {
      if (mine === undefined || mine.done) {
        mine = this.#draining ? undefined : this.#newReport();
        if (mine === undefined) {
          await pause(100);
          continue;
        }
      }
      const report = mine;
      const response = await this.#send<{
        need: { id: string };
        referrals: { id: string; unitId: string }[];
      }>('report', () => this.api.reportNeed(member, report.body, report.key));
      if (response.status === 201) {
        report.answeredNeedIds.push(response.body.need.id);
        for (const referral of response.body.referrals) {
          if (referral.unitId === 'health')
            this.transitions.push({ referralId: referral.id, key: `faults-${randomUUID()}` });
        }
        report.done = true;
      }
      await pause(response.status === 201 ? 50 : 150);
    }
  }

  async #reader(): Promise<void> {
    while (!this.#stopped) {
      await this.#send('list-referrals', () => this.api.as('director', 'GET', '/v1/referrals?limit=5'));
      const known = this.reports.filter((report) => report.answeredNeedIds.length > 0);
      const pick = known[Math.floor(Math.random() * known.length)];
      if (pick !== undefined)
        await this.#send('get-need', () =>
          this.api.as(this.options.member ?? 'member.amina', 'GET', `/v1/needs/${pick.answeredNeedIds[0]}`),
        );
      await pause(100);
    }
  }

  async #transitioner(): Promise<void> {
    while (!this.#stopped) {
      const next = this.transitions.find((transition) => transition.outcome === undefined);
      if (next === undefined) {
        await pause(100);
        continue;
      }
      const response = await this.#send<{ type?: string }>('transition', () =>
        this.api.as('staff.health', 'POST', `/v1/referrals/${next.referralId}/transitions`, {
          body: { action: 'accept', expectedVersion: 1 },
          headers: { 'idempotency-key': next.key },
        }),
      );
      if (response.status === 200) next.outcome = 'accepted';
      else if (response.status === 409 && response.body.type === '/problems/stale-version') {
        // Written by an earlier attempt whose answer was lost? Then it is ours, and done.
        const current = await this.api.as<{ status: string; version: number }>(
          'staff.health',
          'GET',
          `/v1/referrals/${next.referralId}`,
        );
        if (current.status === 200 && current.body.status === 'accepted' && current.body.version === 2)
          next.outcome = 'found-accepted';
      }
      // Slower than the reporters, so that accepts queue up (and some wait through an outage).
      await pause(250);
    }
  }
}

type Item = Record<string, unknown>;

/**
 * Everything wrong with the reports in the table: each key the traffic used must have exactly
 * one need, whole — its "reported under this key" record, every referral with its audit trail
 * gap-free up to its version and a notification per audit event, its contact if one was
 * given, a completed idempotency record — and nothing may point to a need or referral that
 * is not there.
 */
export function reportProblems(items: readonly Item[], reports: readonly Report[]): string[] {
  const problems: string[] = [];
  const byKind = (kind: string) => items.filter((item) => item.kind === kind);
  const needs = new Map(byKind('Need').map((item) => [item.id as string, item]));
  const referrals = new Map(byKind('Referral').map((item) => [item.id as string, item]));
  const reported = new Map(byKind('Reported').map((item) => [item.key as string, item]));
  const contacts = new Set(byKind('NeedContact').map((item) => item.needId as string));
  const audits = byKind('AuditEvent');
  const notifications = new Set(
    byKind('Notification').map((item) => `${item.referralId as string}#${item.sequence as number}`),
  );

  for (const report of reports) {
    const record = reported.get(report.key);
    if (record === undefined) {
      problems.push(`key ${report.key}: no "reported under this key" record`);
      continue;
    }
    const needId = record.needId as string;
    const answered = new Set(report.answeredNeedIds);
    if (answered.size !== 1 || !answered.has(needId))
      problems.push(`key ${report.key}: answered needs ${[...answered]}, recorded ${needId}`);
    const need = needs.get(needId);
    if (need === undefined) {
      problems.push(`key ${report.key}: need ${needId} missing`);
      continue;
    }
    if ((report.body.contact !== undefined) !== contacts.has(needId))
      problems.push(
        `need ${needId}: contact ${contacts.has(needId) ? 'present, not given' : 'given, missing'}`,
      );
    for (const referralId of need.referralIds as string[]) {
      const referral = referrals.get(referralId);
      if (referral === undefined) {
        problems.push(`need ${needId}: referral ${referralId} missing`);
        continue;
      }
      const sequences = audits
        .filter((audit) => audit.referralId === referralId)
        .map((audit) => audit.sequence as number)
        .sort((a, b) => a - b);
      const expected = Array.from({ length: referral.version as number }, (_, index) => index + 1);
      if (sequences.join() !== expected.join())
        problems.push(`referral ${referralId} (version ${referral.version}): audit sequences ${sequences}`);
      for (const sequence of sequences)
        if (!notifications.has(`${referralId}#${sequence}`))
          problems.push(`referral ${referralId}: no notification for audit ${sequence}`);
    }
  }
  // The runtime holds the traffic's needs only.
  if (needs.size !== reports.length)
    problems.push(`${needs.size} needs in the table for ${reports.length} keys`);
  for (const referral of referrals.values())
    if (!needs.has(referral.needId as string))
      problems.push(`referral ${referral.id}: its need ${referral.needId} is missing`);
  for (const needId of contacts) if (!needs.has(needId)) problems.push(`contact of missing need ${needId}`);
  for (const audit of audits)
    if (!referrals.has(audit.referralId as string))
      problems.push(`audit event of missing referral ${audit.referralId}`);
  const idempotency = items.filter((item) => item.pk === 'IDEMPOTENCY#report-need');
  const unfinished = idempotency.filter((item) => item.status !== 'COMPLETED');
  if (unfinished.length > 0)
    problems.push(`${unfinished.length} idempotency records of report-need not completed`);
  if (idempotency.length !== reports.length)
    problems.push(`${idempotency.length} idempotency records of report-need for ${reports.length} keys`);
  return problems;
}
