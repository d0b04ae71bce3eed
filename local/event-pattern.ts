/**
 * EventBridge event patterns, matched in process. The local bus routes events with the very
 * patterns of infra/rules.ts, so a pattern must mean here what it means in AWS:
 *
 * - a pattern is an object; every field in it must match (AND); a field's value is either a
 *   nested pattern or a non-empty array of matchers, any of which may match (OR);
 * - `$or: [pattern, pattern, ...]` (at least two) at any level: one of them must match too;
 * - matchers work on leaf values (strings, numbers, booleans, null) only. When the event
 *   holds an array, the field matches if any of its elements does; an array of objects under
 *   a nested pattern matches if one element matches that whole nested pattern;
 * - exact values compare type and value (`"5"` is not `5`, `null` is not `""`, a missing
 *   field is neither); `prefix`, `suffix` (each also with `{ "equals-ignore-case": s }`),
 *   `equals-ignore-case` and `wildcard` match strings only; `numeric` numbers only;
 *   `anything-but` (a value, a list of only strings or only numbers, or `{ prefix }`,
 *   `{ suffix }`, `{ equals-ignore-case }`, `{ wildcard }`) matches any present value the
 *   inner test does not, never a missing field; `exists: false` matches a field that is
 *   missing or holds no leaf value (an object, an empty array); `cidr` matches IPv4
 *   addresses (IPv6 ranges are refused as unsupported here).
 *
 * One difference is unavoidable: EventBridge compares exact numbers by their JSON text (300,
 * 300.0 and 3.0e2 differ), while JSON.parse leaves only their value, so locally they match.
 *
 * Patterns are validated once, when compiled: a typo in infra/rules.ts (an unknown matcher,
 * a bare string instead of an array, an empty array, a malformed range) fails fast with the
 * path of the offending field rather than silently matching nothing.
 */
import type { EventPattern } from '../infra/rules.js';

/** A pattern EventBridge would refuse, with where in the pattern and what is wrong. */
export class InvalidEventPattern extends Error {
  override readonly name = 'InvalidEventPattern';
  constructor(
    readonly path: string,
    readonly problem: string,
    context?: string,
  ) {
    super(`${context === undefined ? '' : `${context}: `}invalid event pattern at ${path}: ${problem}`);
  }
}

/** The matchers this module knows (EventBridge's comparison operators on event buses). */
export const MATCHERS = [
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
] as const;

/** A compiled pattern: whether an event (the whole EventBridge envelope) matches it. */
export type PatternMatcher = (event: object) => boolean;

type Leaf = string | number | boolean | null;
/** A compiled leaf matcher, given the leaf values the event holds at its field (none if absent). */
type LeafMatcher = (values: readonly Leaf[]) => boolean;
interface ObjectNode {
  readonly fields: readonly (readonly [string, FieldNode])[];
  /** Each `$or` of this object: one of its alternatives must match the same object. */
  readonly anyOf: readonly (readonly ObjectNode[])[];
}
type FieldNode = ObjectNode | readonly LeafMatcher[];

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});
const compiled = new WeakMap<object, PatternMatcher>();

/** Throws InvalidEventPattern unless `pattern` is a pattern EventBridge accepts. */
export function assertValidPattern(pattern: unknown, context?: string): asserts pattern is EventPattern {
  new Compiler(context).object(pattern, '(root)');
}

/** Validates a pattern once and returns its matcher. */
export function compilePattern(pattern: EventPattern, context?: string): PatternMatcher {
  const root = new Compiler(context).object(pattern, '(root)');
  return (event) => matchFields(root, event as Readonly<Record<string, unknown>>);
}

/** Whether `event` matches `pattern` (validated, and compiled once per pattern object). */
export function matchesPattern(pattern: EventPattern, event: Record<string, unknown>): boolean {
  let matcher = compiled.get(pattern);
  if (matcher === undefined) {
    matcher = compilePattern(pattern);
    compiled.set(pattern, matcher);
  }
  return matcher(event);
}

// --- matching ---------------------------------------------------------------------------

function matchFields(node: ObjectNode, object: Readonly<Record<string, unknown>>): boolean {
  for (const [key, child] of node.fields) {
    const value = Object.hasOwn(object, key) ? object[key] : undefined;
    if (isLeafMatchers(child)) {
      const values = leavesAt(value);
      if (!child.some((matcher) => matcher(values))) return false;
    } else if (!objectsAt(value).some((nested) => matchFields(child, nested))) return false;
  }
  return node.anyOf.every((alternatives) =>
    alternatives.some((alternative) => matchFields(alternative, object)),
  );
}

const isLeafMatchers = (node: FieldNode): node is readonly LeafMatcher[] => Array.isArray(node);

const isLeaf = (value: unknown): value is Leaf =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The leaf values at a field: none when it is missing, an object or an empty array. */
function leavesAt(value: unknown): readonly Leaf[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flat(Number.POSITIVE_INFINITY).filter(isLeaf);
  return isLeaf(value) ? [value] : [];
}

/** The objects a nested pattern is matched against; a missing object is an empty one. */
function objectsAt(value: unknown): readonly Readonly<Record<string, unknown>>[] {
  if (isObject(value)) return [value];
  if (Array.isArray(value)) {
    const objects = value.flat(Number.POSITIVE_INFINITY).filter(isObject);
    if (objects.length > 0) return objects;
  }
  return [EMPTY];
}

const fold = (text: string) => text.toLowerCase();
const some =
  (test: (value: Leaf) => boolean): LeafMatcher =>
  (values) =>
    values.some(test);

// --- compiling and validating ------------------------------------------------------------

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
const quote = (value: unknown) => JSON.stringify(value);

class Compiler {
  constructor(private readonly context: string | undefined) {}

  private fail(path: string, problem: string): never {
    throw new InvalidEventPattern(path, problem, this.context);
  }

  object(pattern: unknown, path: string): ObjectNode {
    if (!isObject(pattern)) return this.fail(path, `a pattern is an object, not ${describe(pattern)}`);
    const entries = Object.entries(pattern);
    if (entries.length === 0)
      return this.fail(path, 'an empty pattern matches nothing; name at least one field');
    const fields: (readonly [string, FieldNode])[] = [];
    const anyOf: ObjectNode[][] = [];
    for (const [key, value] of entries) {
      const at = path === '(root)' ? key : `${path}.${key}`;
      if (key === '$or') {
        if (!Array.isArray(value) || value.length < 2)
          return this.fail(at, '$or takes an array of at least two patterns');
        anyOf.push(value.map((alternative, index) => this.object(alternative, `${at}[${index}]`)));
      } else if (Array.isArray(value)) {
        fields.push([key, this.leaf(value, at)]);
      } else if (isObject(value)) {
        fields.push([key, this.object(value, at)]);
      } else {
        this.fail(
          at,
          `a field takes an array of values or a nested pattern, not ${describe(value)} (write [${quote(value)}])`,
        );
      }
    }
    return { fields, anyOf };
  }

  private leaf(matchers: readonly unknown[], path: string): readonly LeafMatcher[] {
    if (matchers.length === 0) return this.fail(path, 'an empty array matches nothing');
    return matchers.map((matcher, index) => this.matcher(matcher, `${path}[${index}]`));
  }

  private matcher(matcher: unknown, path: string): LeafMatcher {
    if (typeof matcher === 'number') {
      const expected = this.number(matcher, path);
      return some((value) => value === expected);
    }
    if (isLeaf(matcher)) return some((value) => value === matcher);
    if (!isObject(matcher))
      return this.fail(
        path,
        `a matcher is a string, number, boolean, null or an object, not ${describe(matcher)}`,
      );
    const [name, argument] = this.single(matcher, path);
    const at = `${path}.${name}`;
    switch (name) {
      case 'prefix': {
        const { text, ignoreCase } = this.text(argument, at, name);
        return some((value) =>
          typeof value !== 'string'
            ? false
            : ignoreCase
              ? fold(value).startsWith(text)
              : value.startsWith(text),
        );
      }
      case 'suffix': {
        const { text, ignoreCase } = this.text(argument, at, name);
        return some((value) =>
          typeof value !== 'string' ? false : ignoreCase ? fold(value).endsWith(text) : value.endsWith(text),
        );
      }
      case 'equals-ignore-case': {
        const text = fold(this.string(argument, at, name));
        return some((value) => typeof value === 'string' && fold(value) === text);
      }
      case 'wildcard': {
        const test = this.wildcard(this.string(argument, at, name), at);
        return some((value) => typeof value === 'string' && test(value));
      }
      case 'anything-but': {
        const excluded = this.anythingBut(argument, at);
        return some((value) => !excluded(value));
      }
      case 'numeric': {
        const test = this.numeric(argument, at);
        return some((value) => typeof value === 'number' && test(value));
      }
      case 'exists': {
        if (typeof argument !== 'boolean')
          return this.fail(at, `exists takes true or false, not ${quote(argument)}`);
        return (values) => values.length > 0 === argument;
      }
      case 'cidr': {
        const test = this.cidr(argument, at);
        return some((value) => typeof value === 'string' && test(value));
      }
      default:
        return this.fail(path, `unknown matcher ${quote(name)}; EventBridge knows ${MATCHERS.join(', ')}`);
    }
  }

  /** The one key of a matcher object, and its argument. */
  private single(matcher: Record<string, unknown>, path: string): readonly [string, unknown] {
    const entries = Object.entries(matcher);
    const [entry] = entries;
    if (entry === undefined || entries.length > 1)
      return this.fail(
        path,
        `a matcher object has exactly one key, not ${entries.length === 0 ? 'none' : entries.map(([key]) => quote(key)).join(', ')}`,
      );
    return entry;
  }

  private number(value: number, path: string): number {
    if (!Number.isFinite(value)) return this.fail(path, `${value} is not a JSON number`);
    return value;
  }

  private string(argument: unknown, path: string, name: string): string {
    if (typeof argument !== 'string')
      return this.fail(path, `${name} takes a string, not ${describe(argument)}`);
    return argument;
  }

  /** A prefix or suffix: a string, or `{ "equals-ignore-case": string }` (returned folded). */
  private text(argument: unknown, path: string, name: string): { text: string; ignoreCase: boolean } {
    if (typeof argument === 'string') return { text: argument, ignoreCase: false };
    if (isObject(argument)) {
      const [key, inner] = this.single(argument, path);
      if (key === 'equals-ignore-case' && typeof inner === 'string')
        return { text: fold(inner), ignoreCase: true };
    }
    return this.fail(
      path,
      `${name} takes a string or { "equals-ignore-case": string }, not ${quote(argument)}`,
    );
  }

  /** What an anything-but excludes, as a test on one leaf value. */
  private anythingBut(argument: unknown, path: string): (value: Leaf) => boolean {
    if (typeof argument === 'string') return (value) => value === argument;
    if (typeof argument === 'number') {
      const excluded = this.number(argument, path);
      return (value) => value === excluded;
    }
    if (Array.isArray(argument)) {
      const onlyStrings = argument.every((item) => typeof item === 'string');
      const onlyNumbers = argument.every((item) => typeof item === 'number' && Number.isFinite(item));
      if (argument.length === 0 || !(onlyStrings || onlyNumbers))
        return this.fail(path, 'anything-but takes a non-empty list of only strings or only numbers');
      const excluded = new Set<unknown>(argument);
      return (value) => excluded.has(value);
    }
    if (isObject(argument)) {
      const [name, inner] = this.single(argument, path);
      const at = `${path}.${name}`;
      switch (name) {
        case 'prefix': {
          const prefix = this.string(inner, at, 'anything-but prefix');
          return (value) => typeof value === 'string' && value.startsWith(prefix);
        }
        case 'suffix': {
          const suffix = this.string(inner, at, 'anything-but suffix');
          return (value) => typeof value === 'string' && value.endsWith(suffix);
        }
        case 'equals-ignore-case': {
          const excluded = new Set(this.strings(inner, at, 'anything-but equals-ignore-case').map(fold));
          return (value) => typeof value === 'string' && excluded.has(fold(value));
        }
        case 'wildcard': {
          const tests = this.strings(inner, at, 'anything-but wildcard').map((text) =>
            this.wildcard(text, at),
          );
          return (value) => typeof value === 'string' && tests.some((test) => test(value));
        }
        default:
          return this.fail(
            path,
            `anything-but takes prefix, suffix, equals-ignore-case or wildcard, not ${quote(name)}`,
          );
      }
    }
    return this.fail(
      path,
      `anything-but takes a string, a number, a list or an object, not ${describe(argument)}`,
    );
  }

  private strings(argument: unknown, path: string, name: string): readonly string[] {
    if (typeof argument === 'string') return [argument];
    if (Array.isArray(argument) && argument.length > 0 && argument.every((item) => typeof item === 'string'))
      return argument;
    return this.fail(path, `${name} takes a string or a non-empty list of strings`);
  }

  /** `["=", n]`, or one or two comparisons: at most one lower (>, >=) and one upper (<, <=) bound. */
  private numeric(argument: unknown, path: string): (value: number) => boolean {
    const usage = 'numeric takes ["=", n] or up to one lower (">", ">=") and one upper ("<", "<=") bound';
    if (!Array.isArray(argument) || (argument.length !== 2 && argument.length !== 4))
      return this.fail(path, usage);
    const comparisons: { operator: string; bound: number }[] = [];
    for (let index = 0; index < argument.length; index += 2) {
      const operator: unknown = argument[index];
      const bound: unknown = argument[index + 1];
      if (typeof operator !== 'string' || !['=', '<', '<=', '>', '>='].includes(operator))
        return this.fail(path, `${quote(operator)} is not a numeric operator; ${usage}`);
      if (typeof bound !== 'number' || !Number.isFinite(bound))
        return this.fail(path, `${quote(operator)} takes a number, not ${quote(bound)}`);
      comparisons.push({ operator, bound });
    }
    if (comparisons.length === 2) {
      const low = comparisons.find(({ operator }) => operator.startsWith('>'));
      const high = comparisons.find(({ operator }) => operator.startsWith('<'));
      if (low === undefined || high === undefined) return this.fail(path, usage);
      if (low.bound >= high.bound)
        return this.fail(path, `the lower bound ${low.bound} must be below the upper bound ${high.bound}`);
    }
    const tests = comparisons.map(({ operator, bound }): ((value: number) => boolean) => {
      switch (operator) {
        case '=':
          return (value) => value === bound;
        case '<':
          return (value) => value < bound;
        case '<=':
          return (value) => value <= bound;
        case '>':
          return (value) => value > bound;
        default:
          return (value) => value >= bound;
      }
    });
    return (value) => tests.every((test) => test(value));
  }

  /** `*` matches any run of characters (none included); `\*` and `\\` are a literal * and \. */
  private wildcard(pattern: string, path: string): (value: string) => boolean {
    const parts: string[] = [''];
    let afterStar = false;
    for (let index = 0; index < pattern.length; index++) {
      const char = pattern.charAt(index);
      if (char === '*') {
        if (afterStar) return this.fail(path, `${quote(pattern)} has consecutive wildcards`);
        parts.push('');
        afterStar = true;
        continue;
      }
      afterStar = false;
      let literal = char;
      if (char === '\\') {
        literal = pattern.charAt(++index);
        if (literal !== '*' && literal !== '\\')
          return this.fail(path, `${quote(pattern)}: only * and \\ can be escaped with a backslash`);
      }
      parts[parts.length - 1] += literal;
    }
    const head = parts[0] ?? '';
    if (parts.length === 1) return (value) => value === head;
    const tail = parts.at(-1) ?? '';
    const middle = parts.slice(1, -1);
    return (value) => {
      if (value.length < head.length + tail.length || !value.startsWith(head) || !value.endsWith(tail))
        return false;
      // Leftmost placement of each middle part is never worse for the parts after it.
      const end = value.length - tail.length;
      let position = head.length;
      for (const part of middle) {
        const found = value.indexOf(part, position);
        if (found < 0 || found + part.length > end) return false;
        position = found + part.length;
      }
      return true;
    };
  }

  private cidr(argument: unknown, path: string): (value: string) => boolean {
    const text = this.string(argument, path, 'cidr');
    if (text.includes(':'))
      return this.fail(path, `IPv6 ranges (${quote(text)}) are not supported by the local bus`);
    const [address, bits, extra] = text.split('/');
    const network = ipv4(address ?? '');
    const prefix = bits === undefined ? 32 : /^\d{1,2}$/.test(bits) ? Number(bits) : Number.NaN;
    if (network === undefined || extra !== undefined || !(prefix >= 0 && prefix <= 32))
      return this.fail(path, `${quote(text)} is not an IPv4 range such as "10.0.0.0/24"`);
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    return (value) => {
      const ip = ipv4(value);
      return ip !== undefined && (ip & mask) >>> 0 === (network & mask) >>> 0;
    };
  }
}

/** A dotted-quad IPv4 address as an unsigned 32-bit number. */
function ipv4(text: string): number | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let result = 0;
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet) || Number(octet) > 255) return undefined;
    result = result * 256 + Number(octet);
  }
  return result;
}
