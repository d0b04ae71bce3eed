/**
 * Fuzzing through the local runtime: a raw HTTP client (any request line, header and body
 * bytes), the oracle of what the gateway and the handler wrapper must answer to input they
 * refuse, the checks every answer must pass (never a 5xx; every refusal a well-formed
 * problem+json), and snapshots of the table to prove that refused requests wrote nothing.
 */
import http from 'node:http';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ROUTES, type RouteDefinition, routeKey } from '../../infra/routes.js';
import { GATEWAY_MAX_BODY_BYTES } from '../../local/server.js';
import { MAX_BODY_BYTES } from '../../shared/http/api-handler.js';
import { fieldIssues, PROBLEM_CONTENT_TYPE } from '../../shared/http/problem.js';
import { Problem } from '../../shared/schemas/problem.js';
import type { ApiClient } from './api-client.js';
import { settle } from './events.js';
import type { tableInspector } from './table.js';

/** Requests each fuzz file sends at least; together at least FUZZ_MIN_TOTAL_REQUESTS (issue #8). */
export const FUZZ_REQUESTS = { input: 5_200, auth: 4_800 } as const;
export const FUZZ_MIN_TOTAL_REQUESTS = 10_000;
if (FUZZ_REQUESTS.input + FUZZ_REQUESTS.auth < FUZZ_MIN_TOTAL_REQUESTS)
  throw new Error('the fuzz files must send at least FUZZ_MIN_TOTAL_REQUESTS between them');

/** Requests in flight at once. */
export const FUZZ_CONCURRENCY = 16;

/** The seed fast-check uses: JISR_FUZZ_SEED replays a failing run (fast-check prints its seed). */
export const fuzzSeed = (): number | undefined =>
  process.env.JISR_FUZZ_SEED === undefined ? undefined : Number(process.env.JISR_FUZZ_SEED);

/** A body: its bytes, or (for the multi-megabyte ones) a JSON document of exactly this many bytes. */
export type FuzzBody = Buffer | { readonly filler: number };

export interface FuzzRequest {
  /** What was sent, in short, for reports. */
  readonly label: string;
  readonly method: string;
  /** Sent as is on the request line (already percent-encoded where it has to be). */
  readonly path: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: FuzzBody;
  /** Who sent it (a demo username, or a description of the token). */
  readonly caller?: string;
}

export interface FuzzResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

const fillers = new Map<number, Buffer>();

/** `{"padding":"xxx…"}` of exactly `size` bytes (at least 15). */
function filler(size: number): Buffer {
  const cached = fillers.get(size);
  if (cached !== undefined) return cached;
  const head = Buffer.from('{"padding":"');
  const tail = Buffer.from('"}');
  const bytes = Buffer.alloc(size, 'x');
  head.copy(bytes, 0);
  tail.copy(bytes, size - tail.length);
  if (fillers.size > 8) fillers.clear();
  fillers.set(size, bytes);
  return bytes;
}

export function bodyBytes(body: FuzzBody | undefined): Buffer | undefined {
  if (body === undefined || Buffer.isBuffer(body)) return body;
  return filler(body.filler);
}

/** Real requests over loopback with node:http: nothing normalizes the path or the bytes on the way. */
export class RawClient {
  private agent: http.Agent;
  private readonly url: URL;

  constructor(
    baseUrl: string,
    private readonly concurrency = FUZZ_CONCURRENCY,
  ) {
    this.url = new URL(baseUrl);
    this.agent = this.newAgent();
  }

  private newAgent() {
    return new http.Agent({ keepAlive: true, maxSockets: this.concurrency });
  }

  /**
   * Drops the idle connections: after a pause the server closes them (keep-alive timeout,
   * 5 s), and a request sent on one just then would find it gone.
   */
  fresh(): void {
    this.agent.destroy();
    this.agent = this.newAgent();
  }

  async send(request: FuzzRequest): Promise<FuzzResponse> {
    try {
      return await this.once(request);
    } catch (error) {
      // The server closed an idle kept-alive connection as the request went out on it: the
      // request was never read, so it is sent again on a new one (as Node's documentation advises).
      if ((error as { reusedSocket?: boolean }).reusedSocket !== true) throw error;
      return await this.once(request);
    }
  }

  private once(request: FuzzRequest): Promise<FuzzResponse> {
    const body = bodyBytes(request.body);
    return new Promise((resolve, reject) => {
      const outgoing = http.request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          method: request.method,
          path: request.path,
          headers: {
            ...request.headers,
            ...(body === undefined ? {} : { 'content-length': String(body.length) }),
          },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      outgoing.setTimeout(60_000, () => outgoing.destroy(new Error('no answer within 60 s')));
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        const reset = error.code === 'ECONNRESET' || error.message === 'socket hang up';
        reject(Object.assign(error, { reusedSocket: reset && outgoing.reusedSocket }));
      });
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `run` over `items`, `concurrency` at a time, keeping the order of the results. */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index] as T);
      }
    }),
  );
  return results;
}

// --- The oracle: what the local gateway and the handler wrapper answer to input they refuse ---

interface CompiledRoute {
  readonly route: RouteDefinition;
  readonly pattern: RegExp;
}

/** The same matching as the local gateway (local/server.ts): the path template as a regex. */
const COMPILED: readonly CompiledRoute[] = ROUTES.map((route) => ({
  route,
  pattern: new RegExp(
    `^${route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([a-zA-Z]+)\\?\}/g, '([^/]+)')}$`,
  ),
}));

/** The names of a route's path parameters, in order. */
export const pathParameterNames = (route: Pick<RouteDefinition, 'path'>): string[] =>
  [...route.path.matchAll(/\{([a-zA-Z]+)\}/g)].map((match) => match[1] as string);

/** Paths the local runtime serves besides the API routes. */
const isLocalEndpoint = (pathname: string) =>
  pathname === '/auth/token' ||
  pathname === '/health' ||
  pathname === '/.well-known/jwks.json' ||
  pathname.startsWith('/local/');

/** The route a request reaches once the path is parsed as the gateway parses it, if any. */
export function resolveRoute(method: string, path: string): RouteDefinition | undefined {
  const { pathname } = new URL(path, 'http://localhost');
  for (const { route, pattern } of COMPILED) {
    if (route.method !== method) continue;
    const found = pattern.exec(pathname);
    if (found === null) continue;
    try {
      for (const value of found.slice(1)) decodeURIComponent(value);
    } catch {
      continue;
    }
    return route;
  }
  return undefined;
}

/** Node's limit on the request line and headers together. */
const MAX_HEADER_BYTES = 16 * 1024;

/** The bytes of the request line and headers as sent (with what node:http adds: host, connection, length). */
function requestHeaderBytes(request: FuzzRequest): number {
  const added = 'host: 127.0.0.1:65535\r\nconnection: keep-alive\r\ncontent-length: 10485761\r\n\r\n';
  return (
    Buffer.byteLength(`${request.method} ${request.path} HTTP/1.1\r\n`, 'latin1') +
    Object.entries(request.headers).reduce(
      (sum, [name, value]) => sum + Buffer.byteLength(`${name}: ${value}\r\n`, 'latin1'),
      0,
    ) +
    added.length
  );
}

export type Expected =
  /** Refused for its input alone, whoever sends it: this status, and for validation these fields. */
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly type: string;
      readonly fields?: readonly string[];
    }
  /** Input the route accepts as far as its schemas tell: any answer but a 5xx. */
  | { readonly kind: 'open'; readonly route: RouteDefinition | undefined; readonly mayWrite: boolean };

const refused = (status: number, slug: string, fields?: readonly string[]): Expected => ({
  kind: 'refused',
  status,
  type: `/problems/${slug}`,
  ...(fields === undefined ? {} : { fields }),
});

/** The query parameters as the gateway passes them (repeated names joined with a comma). */
function gatewayQuery(url: URL): Record<string, string> | undefined {
  const query = Object.create(null) as Record<string, string>;
  for (const [name, value] of url.searchParams)
    query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;
  return Object.keys(query).length === 0 ? undefined : query;
}

/**
 * What the answer must be, from the request alone: the gateway's checks (route, 10 MB, token),
 * then the handler wrapper's (content type, 32 KiB, JSON, the route's body and query schemas —
 * the same zod schemas, named by the route table). Anything past them is `open`.
 */
export function expectedAnswer(request: FuzzRequest, options: { readonly authenticated: boolean }): Expected {
  // Node's parser refuses a request line and headers over 16 KB (431) before anything else.
  const headerBytes = requestHeaderBytes(request);
  if (headerBytes > MAX_HEADER_BYTES + 128) return refused(431, 'headers-too-large');
  const url = new URL(request.path, 'http://localhost');
  const unsure = headerBytes > MAX_HEADER_BYTES - 256;
  if (unsure) {
    const route = resolveRoute(request.method, request.path);
    return { kind: 'open', route, mayWrite: route === undefined || route.tableAccess === 'read-write' };
  }
  if (isLocalEndpoint(url.pathname)) return { kind: 'open', route: undefined, mayWrite: true };
  const route = resolveRoute(request.method, request.path);
  if (route === undefined) return refused(404, 'not-found');
  const bytes = bodyBytes(request.body) ?? Buffer.alloc(0);
  if (bytes.length > GATEWAY_MAX_BODY_BYTES) return refused(413, 'payload-too-large');
  if (!options.authenticated) return refused(401, 'not-authenticated');
  const bodySchema = route.request?.body;
  if (bodySchema !== undefined) {
    const contentTypeHeader = request.headers['content-type'];
    const contentType = contentTypeHeader?.split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json') return refused(415, 'unsupported-media-type');
    // The gateway passes a textual body as a string: invalid UTF-8 arrives replaced.
    const textual = /^(application\/(json|problem\+json|x-www-form-urlencoded)|text\/)/i.test(
      contentTypeHeader ?? '',
    );
    const received = textual ? Buffer.from(bytes.toString('utf8'), 'utf8') : bytes;
    if (received.byteLength > MAX_BODY_BYTES) return refused(413, 'payload-too-large');
    let json: unknown;
    try {
      json = JSON.parse(received.toString('utf8'));
    } catch {
      return refused(400, 'validation-failed', ['body']);
    }
    const parsed = bodySchema.safeParse(json);
    if (!parsed.success)
      return refused(
        400,
        'validation-failed',
        fieldIssues(parsed.error).map((issue) => issue.field),
      );
  }
  const querySchema = route.request?.query;
  if (querySchema !== undefined) {
    const parsed = querySchema.safeParse({ ...gatewayQuery(url) });
    if (!parsed.success)
      return refused(
        400,
        'validation-failed',
        fieldIssues(parsed.error).map((issue) => issue.field),
      );
  }
  return { kind: 'open', route, mayWrite: route.tableAccess === 'read-write' };
}

// --- The checks every answer must pass ---

const preview = (bytes: Buffer, length = 300) => bytes.subarray(0, length).toString('utf8');

/** Why a refusal is not a well-formed problem document (RFC 9457, shared/schemas/problem.ts). */
export function problemDefects(response: FuzzResponse): string[] {
  const defects: string[] = [];
  if (response.headers['content-type'] !== PROBLEM_CONTENT_TYPE)
    defects.push(`content-type ${response.headers['content-type']}`);
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    return [...defects, `body is not JSON: ${preview(response.body)}`];
  }
  const parsed = Problem.safeParse(body);
  if (!parsed.success) return [...defects, `not a problem: ${preview(response.body)}`];
  const problem = parsed.data;
  if (!problem.type.startsWith('/problems/')) defects.push(`type ${problem.type}`);
  if (problem.title.trim() === '') defects.push('empty title');
  if (problem.detail.trim() === '') defects.push('empty detail');
  if (problem.status !== response.status) defects.push(`status ${problem.status} in the body`);
  if (problem.type === '/problems/validation-failed') {
    const errors = problem.errors ?? [];
    if (errors.length === 0) defects.push('a validation problem naming no field');
    for (const error of errors) {
      // A name of nothing but blanks or invisible characters names nothing.
      if (/^[\p{White_Space}\p{Cf}]*$/u.test(error.field) || error.message.trim() === '')
        defects.push(`an unnamed field ${JSON.stringify(error)}`);
    }
  }
  return defects;
}

const isSuccess = (status: number) => status >= 200 && status < 300;

/** Everything wrong with one answer, given what was expected of it. */
export function answerDefects(response: FuzzResponse, expected: Expected): string[] {
  const defects: string[] = [];
  if (response.status >= 500 || response.status < 200)
    defects.push(`answered ${response.status}: ${preview(response.body)}`);
  if (!isSuccess(response.status)) defects.push(...problemDefects(response));
  if (expected.kind === 'refused') {
    if (response.status !== expected.status) {
      defects.push(
        `expected ${expected.status} ${expected.type}, got ${response.status}: ${preview(response.body)}`,
      );
    } else if (!isSuccess(response.status)) {
      const body = JSON.parse(response.body.toString('utf8')) as Problem;
      if (body.type !== expected.type) defects.push(`expected type ${expected.type}, got ${body.type}`);
      if (expected.fields !== undefined) {
        const named = (body.errors ?? []).map((error) => error.field);
        if (JSON.stringify(named) !== JSON.stringify(expected.fields))
          defects.push(
            `expected the fields ${JSON.stringify(expected.fields)}, got ${JSON.stringify(named)}`,
          );
      }
    }
    if (expected.status === 401 && response.headers['www-authenticate'] !== 'Bearer')
      defects.push(`401 without "WWW-Authenticate: Bearer"`);
  }
  return defects;
}

// --- Table snapshots ---

export type TableSnapshot = ReadonlyMap<string, string>;

/** A value as text that does not depend on key order (sets sorted, binaries as base64). */
function canonical(value: unknown): string {
  if (value instanceof Set) return `Set(${[...value].map(canonical).sort().join(',')})`;
  if (value instanceof Uint8Array) return `Binary(${Buffer.from(value).toString('base64')})`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Every item of the table, read by a parallel Scan in a few segments (consistent reads). */
export async function snapshotTable(
  table: ReturnType<typeof tableInspector>,
  tableName: string,
): Promise<TableSnapshot> {
  const snapshot = new Map<string, string>();
  const segments = 4;
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await table.client.send(
          new ScanCommand({
            TableName: tableName,
            Segment: segment,
            TotalSegments: segments,
            ExclusiveStartKey: start,
            ConsistentRead: true,
          }),
        );
        for (const item of page.Items ?? []) snapshot.set(`${item.pk} | ${item.sk}`, canonical(item));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
    }),
  );
  return snapshot;
}

/** The items added, removed or changed between two snapshots (at most `limit` of them named). */
export function tableChanges(before: TableSnapshot, after: TableSnapshot, limit = 10): string[] {
  const changes: string[] = [];
  for (const [key, value] of after) {
    const earlier = before.get(key);
    if (earlier === undefined) changes.push(`added ${key}`);
    else if (earlier !== value) changes.push(`changed ${key}`);
  }
  for (const key of before.keys()) if (!after.has(key)) changes.push(`removed ${key}`);
  return changes.length <= limit ? changes : [...changes.slice(0, limit), `… ${changes.length - limit} more`];
}

/**
 * Waits until nothing writes on its own: the stream consumers and the bus done and, with
 * `sweep`, the SLA sweep run now (so that the timer's next run finds nothing due to raise and
 * no settings change to reconcile).
 */
export async function quiesce(api: ApiClient, options: { readonly sweep: boolean }): Promise<void> {
  await settle(api);
  if (!options.sweep) return;
  const run = await api.as('director', 'POST', '/local/schedules/sla-sweep/run');
  if (run.status !== 200) throw new Error(`the SLA sweep did not run: ${run.status}`);
  await settle(api);
}

// --- A fuzzing session: batches sent, answers checked, the table compared ---

export interface FuzzStats {
  sent: number;
  /** Answers 2xx, of which some on routes that may write (then the batch is not compared). */
  succeeded: number;
  acceptedWrites: number;
  /** Requests in batches whose table was compared before and after (and found unchanged). */
  comparedWithTable: number;
  byStatus: Record<string, number>;
  byRoute: Record<string, number>;
  /** Time spent sending, and waiting for the consumers and reading the table. */
  sendingMs: number;
  tableMs: number;
}

/** How many requests that may write are sent together. */
const WRITE_GROUP = 250;

interface Planned {
  readonly request: FuzzRequest;
  readonly expected: Expected;
}

export class FuzzSession {
  readonly stats: FuzzStats = {
    sent: 0,
    succeeded: 0,
    acceptedWrites: 0,
    comparedWithTable: 0,
    byStatus: {},
    byRoute: {},
    sendingMs: 0,
    tableMs: 0,
  };
  private readonly client: RawClient;
  private snapshot: TableSnapshot | undefined;
  /** Requests that may write, sent together once there are enough of them (see `run`). */
  private pending: Planned[] = [];

  constructor(
    private readonly options: {
      readonly baseUrl: string;
      readonly api: ApiClient;
      readonly table: ReturnType<typeof tableInspector>;
      readonly tableName: string;
      /** Whether the requests carry a valid token (the auth fuzz sends none). */
      readonly authenticated: boolean;
      /** Further checks on an answer (e.g. what a 2xx may show this caller). */
      readonly inspect?: (request: FuzzRequest, response: FuzzResponse) => string[];
    },
  ) {
    this.client = new RawClient(options.baseUrl);
  }

  async begin(): Promise<void> {
    await quiesce(this.options.api, { sweep: true });
    this.snapshot = await snapshotTable(this.options.table, this.options.tableName);
  }

  close(): void {
    this.client.close();
  }

  /**
   * Sends one batch and returns every defect found. Requests refused by their input alone,
   * and requests to routes that only read, are sent at once: the table must be the same after
   * them. The rest (well-formed requests to routes that write) wait until `WRITE_GROUP` of
   * them are pending (or `flush`), then go together: the table is compared after them only if
   * none succeeded.
   */
  async run(batch: readonly FuzzRequest[]): Promise<string[]> {
    const planned = batch.map((request) => ({
      request,
      expected: expectedAnswer(request, { authenticated: this.options.authenticated }),
    }));
    const mayWrite = (entry: Planned) => entry.expected.kind === 'open' && entry.expected.mayWrite;
    const defects = await this.runGroup(planned.filter((entry) => !mayWrite(entry)));
    this.pending.push(...planned.filter(mayWrite));
    if (this.pending.length >= WRITE_GROUP) defects.push(...(await this.flush()));
    return defects;
  }

  /** Sends the pending requests that may write. */
  async flush(): Promise<string[]> {
    const group = this.pending;
    this.pending = [];
    return group.length === 0 ? [] : await this.runGroup(group);
  }

  private async runGroup(group: readonly Planned[]): Promise<string[]> {
    const defects: string[] = [];
    let wrote = false;
    this.client.fresh();
    const sending = performance.now();
    const answers = await inPool(group, FUZZ_CONCURRENCY, (entry) =>
      this.client.send(entry.request).catch((error: unknown) => error as Error),
    );
    const reading = performance.now();
    this.stats.sendingMs += reading - sending;
    answers.forEach((answer, index) => {
      const { request, expected } = group[index] as Planned;
      this.stats.sent++;
      const route = expected.kind === 'open' ? expected.route : resolveRoute(request.method, request.path);
      const routeName = route === undefined ? '(no route)' : routeKey(route);
      this.stats.byRoute[routeName] = (this.stats.byRoute[routeName] ?? 0) + 1;
      if (answer instanceof Error) {
        defects.push(`${request.label}: no answer (${answer.message})`);
        return;
      }
      this.stats.byStatus[answer.status] = (this.stats.byStatus[answer.status] ?? 0) + 1;
      if (isSuccess(answer.status)) {
        this.stats.succeeded++;
        if (expected.kind === 'open' && expected.mayWrite) {
          this.stats.acceptedWrites++;
          wrote = true;
        }
      }
      const found = [...answerDefects(answer, expected), ...(this.options.inspect?.(request, answer) ?? [])];
      for (const defect of found) defects.push(`${request.label}: ${defect}`);
    });
    await settle(this.options.api);
    if (wrote) {
      // Accepted writes (and what the consumers and the sweep make of them) are not compared.
      await quiesce(this.options.api, { sweep: true });
      this.snapshot = await snapshotTable(this.options.table, this.options.tableName);
      this.stats.tableMs += performance.now() - reading;
      return defects;
    }
    const after = await snapshotTable(this.options.table, this.options.tableName);
    this.stats.tableMs += performance.now() - reading;
    const changes = tableChanges(this.snapshot ?? new Map(), after);
    if (changes.length > 0) {
      defects.push(
        `the table changed during ${group.length} requests that were refused or only read:\n  ${changes.join('\n  ')}\n` +
          `  among: ${group
            .slice(0, 5)
            .map((entry) => entry.request.label)
            .join(' | ')}`,
      );
    } else {
      this.stats.comparedWithTable += group.length;
    }
    this.snapshot = after;
    return defects;
  }
}
