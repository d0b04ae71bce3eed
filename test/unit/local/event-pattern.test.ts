/**
 * The local bus's pattern matcher against the examples of the EventBridge user guide (each
 * table names the page it is drawn from), against edge cases the guide states in prose, and
 * against the rules of infra/rules.ts.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCES, type EventPattern, RULES } from '../../../infra/rules.js';
import {
  assertValidPattern,
  compilePattern,
  InvalidEventPattern,
  matchesPattern,
} from '../../../local/event-pattern.js';

type Case = { name: string; pattern: EventPattern; event: Record<string, unknown>; matches: boolean };

/** An event as EventBridge delivers it, with `detail` and any top-level field replaced. */
function event(
  detail: Record<string, unknown>,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: '111122223333',
    time: '2017-12-22T18:43:48Z',
    region: 'us-west-1',
    resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
    detail,
    ...fields,
  };
}

const expectMatch = ({ pattern, event: input, matches }: Case) => {
  expect(matchesPattern(pattern, input)).toBe(matches);
};

describe('event patterns', () => {
  // "Amazon EventBridge event patterns" (and its "Create event patterns" / example events sections)
  const terminated = {
    source: ['aws.ec2'],
    'detail-type': ['EC2 Instance State-change Notification'],
    detail: { state: ['terminated'] },
  };
  const macie = {
    source: ['aws.macie'],
    'detail-type': ['Macie Alert'],
    detail: { 'risk-score': [80], trigger: { risk: [8] } },
  };
  const macieEvent = (riskScore: unknown, trigger: unknown) =>
    event(
      {
        'notification-type': 'ALERT_CREATED',
        tags: ['Custom_Alert', 'Insider'],
        'risk-score': riskScore,
        trigger,
      },
      { source: 'aws.macie', 'detail-type': 'Macie Alert' },
    );
  it.each<Case>([
    {
      name: 'a terminated instance',
      pattern: terminated,
      event: event({ 'instance-id': 'i-1234567890abcdef0', state: 'terminated' }),
      matches: true,
    },
    {
      name: 'a running instance',
      pattern: terminated,
      event: event({ 'instance-id': 'i-1234567890abcdef0', state: 'running' }),
      matches: false,
    },
    {
      name: 'the right state from another source',
      pattern: terminated,
      event: event({ state: 'terminated' }, { source: 'aws.autoscaling' }),
      matches: false,
    },
    {
      name: 'a field missing from the event',
      pattern: terminated,
      event: event({ 'instance-id': 'i-1234567890abcdef0' }),
      matches: false,
    },
    {
      name: 'the field at another depth',
      pattern: terminated,
      event: event({}, { state: 'terminated' }),
      matches: false,
    },
    {
      name: 'one of several sources',
      pattern: { source: ['aws.ec2', 'aws.fargate'] },
      event: event({}, { source: 'aws.fargate' }),
      matches: true,
    },
    {
      name: 'none of several sources',
      pattern: { source: ['aws.ec2', 'aws.fargate'] },
      event: event({}, { source: 'aws.s3' }),
      matches: false,
    },
    {
      name: 'case matters',
      pattern: { source: ['AWS.EC2'] },
      event: event({}),
      matches: false,
    },
    { name: 'numbers at two depths', pattern: macie, event: macieEvent(80, { risk: 8 }), matches: true },
    { name: 'a nested number differs', pattern: macie, event: macieEvent(80, { risk: 7 }), matches: false },
    { name: 'a number as a string', pattern: macie, event: macieEvent('80', { risk: 8 }), matches: false },
    { name: 'the nested object missing', pattern: macie, event: macieEvent(80, undefined), matches: false },
    {
      name: 'null matched by null',
      pattern: { source: ['aws.autoscaling'], detail: { responseElements: [null] } },
      event: event({ eventVersion: '', responseElements: null }, { source: 'aws.autoscaling' }),
      matches: true,
    },
  ])('Amazon EventBridge event patterns: $name → $matches', expectMatch);

  // "Matching null values and empty strings in Amazon EventBridge event patterns"
  const nullsAndEmpties = event({ eventVersion: '', responseElements: null }, { resources: [] });
  it.each<Case>([
    {
      name: 'empty string',
      pattern: { detail: { eventVersion: [''] } },
      event: nullsAndEmpties,
      matches: true,
    },
    {
      name: 'null',
      pattern: { detail: { responseElements: [null] } },
      event: nullsAndEmpties,
      matches: true,
    },
    {
      name: 'empty string is not null',
      pattern: { detail: { responseElements: [''] } },
      event: nullsAndEmpties,
      matches: false,
    },
    {
      name: 'null is not an empty string',
      pattern: { detail: { eventVersion: [null] } },
      event: nullsAndEmpties,
      matches: false,
    },
    {
      name: 'null is not a missing field',
      pattern: { detail: { other: [null] } },
      event: nullsAndEmpties,
      matches: false,
    },
    {
      name: 'a null field exists',
      pattern: { detail: { responseElements: [{ exists: true }] } },
      event: nullsAndEmpties,
      matches: true,
    },
  ])('Matching null values and empty strings: $name → $matches', expectMatch);

  // "Arrays in Amazon EventBridge event patterns"
  const instances = [
    'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
    'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
    'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
  ];
  it.each<Case>([
    {
      name: 'the arrays intersect',
      pattern: { resources: instances },
      event: event(
        {},
        {
          resources: [
            'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
            'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
          ],
        },
      ),
      matches: true,
    },
    {
      name: 'the arrays are disjoint',
      pattern: { resources: instances },
      event: event({}, { resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f'] }),
      matches: false,
    },
    {
      name: 'an empty array has no value',
      pattern: { resources: instances },
      event: event({}, { resources: [] }),
      matches: false,
    },
    {
      name: 'a prefix on any element',
      pattern: { detail: { tags: [{ prefix: 'Ins' }] } },
      event: event({ tags: ['Custom_Alert', 'Insider'] }),
      matches: true,
    },
    {
      name: 'one element of an array of objects matches the whole nested pattern',
      pattern: { detail: { items: { name: ['b'], size: [{ numeric: ['>', 1] }] } } },
      event: event({
        items: [
          { name: 'a', size: 5 },
          { name: 'b', size: 2 },
        ],
      }),
      matches: true,
    },
    {
      name: 'no element of an array of objects matches the whole nested pattern',
      pattern: { detail: { items: { name: ['b'], size: [{ numeric: ['>', 1] }] } } },
      event: event({
        items: [
          { name: 'a', size: 5 },
          { name: 'b', size: 1 },
        ],
      }),
      matches: false,
    },
  ])('Arrays in event patterns: $name → $matches', expectMatch);

  // "Content filtering in Amazon EventBridge event patterns"
  const complex: EventPattern = {
    time: [{ prefix: '2017-10-02' }],
    detail: {
      state: [{ 'anything-but': 'initializing' }],
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ 'anything-but': [100, 200, 300] }],
    },
  };
  const numeric: EventPattern = {
    detail: {
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ numeric: ['=', 3.018e2] }],
    },
  };
  it.each<Case>([
    {
      name: 'prefix',
      pattern: { time: [{ prefix: '2017-10-02' }] },
      event: event({}, { time: '2017-10-02T18:43:48Z' }),
      matches: true,
    },
    {
      name: 'another prefix',
      pattern: { time: [{ prefix: '2017-10-02' }] },
      event: event({}, { time: '2017-10-03T18:43:48Z' }),
      matches: false,
    },
    {
      name: 'prefix on a number',
      pattern: { detail: { code: [{ prefix: '12' }] } },
      event: event({ code: 123 }),
      matches: false,
    },
    {
      name: 'anything but a string',
      pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
      event: event({ state: 'running' }),
      matches: true,
    },
    {
      name: 'anything but that string',
      pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
      event: event({ state: 'initializing' }),
      matches: false,
    },
    {
      name: 'anything-but needs the field',
      pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
      event: event({}),
      matches: false,
    },
    {
      name: 'anything but a number',
      pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
      event: event({ 'x-limit': 124 }),
      matches: true,
    },
    {
      name: 'anything but that number',
      pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
      event: event({ 'x-limit': 123 }),
      matches: false,
    },
    {
      name: 'anything but a list of strings',
      pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
      event: event({ state: 'running' }),
      matches: true,
    },
    {
      name: 'anything but a listed string',
      pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
      event: event({ state: 'overloaded' }),
      matches: false,
    },
    {
      name: 'anything but a list of numbers',
      pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
      event: event({ 'x-limit': 150 }),
      matches: true,
    },
    {
      name: 'anything but a listed number',
      pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
      event: event({ 'x-limit': 300 }),
      matches: false,
    },
    {
      name: 'anything but a prefix',
      pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      event: event({ state: 'running' }),
      matches: true,
    },
    {
      name: 'anything but that prefix',
      pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      event: event({ state: 'initializing' }),
      matches: false,
    },
    {
      name: 'anything-but on an array: one other value is enough',
      pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
      event: event({ state: ['initializing', 'running'] }),
      matches: true,
    },
    {
      name: 'numeric: all three in range',
      pattern: numeric,
      event: event({ 'c-count': 5, 'd-count': 9.5, 'x-limit': 301.8 }),
      matches: true,
    },
    {
      name: 'numeric: the lower bound is exclusive',
      pattern: numeric,
      event: event({ 'c-count': 0, 'd-count': 9, 'x-limit': 301.8 }),
      matches: false,
    },
    {
      name: 'numeric: above the upper bound',
      pattern: numeric,
      event: event({ 'c-count': 5.000001, 'd-count': 9, 'x-limit': 301.8 }),
      matches: false,
    },
    {
      name: 'numeric: the upper bound is exclusive',
      pattern: numeric,
      event: event({ 'c-count': 1, 'd-count': 10, 'x-limit': 301.8 }),
      matches: false,
    },
    {
      name: 'numeric: not equal',
      pattern: numeric,
      event: event({ 'c-count': 1, 'd-count': 9, 'x-limit': 301.9 }),
      matches: false,
    },
    {
      name: 'numeric: a number in a string is not a number',
      pattern: numeric,
      event: event({ 'c-count': '1', 'd-count': 9, 'x-limit': 301.8 }),
      matches: false,
    },
    {
      name: 'numeric >= and <',
      pattern: { detail: { n: [{ numeric: ['>=', 1, '<', 2] }] } },
      event: event({ n: 1 }),
      matches: true,
    },
    {
      name: 'an IPv4 address in the range',
      pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
      event: event({ sourceIPAddress: '10.0.0.255' }),
      matches: true,
    },
    {
      name: 'an IPv4 address outside the range',
      pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
      event: event({ sourceIPAddress: '10.0.1.1' }),
      matches: false,
    },
    {
      name: 'exists: the field is there',
      pattern: { detail: { state: [{ exists: true }] } },
      event: event({ 'instance-id': 'i-abcd1111', state: 'pending' }, { time: '2015-11-11T21:29:54Z' }),
      matches: true,
    },
    {
      name: 'exists: the field is not there',
      pattern: { detail: { state: [{ exists: true }] } },
      event: event({ 'c-count': { c1: 100 } }),
      matches: false,
    },
    {
      name: 'exists only works on leaf nodes',
      pattern: { detail: { 'c-count': [{ exists: true }] } },
      event: event({ 'c-count': { c1: 100 } }),
      matches: false,
    },
    {
      name: 'does not exist: the field is missing',
      pattern: { detail: { state: [{ exists: false }] } },
      event: event({ 'c-count': { c1: 100 } }),
      matches: true,
    },
    {
      name: 'does not exist: the field is there',
      pattern: { detail: { state: [{ exists: false }] } },
      event: event({ state: 'pending' }),
      matches: false,
    },
    {
      name: 'does not exist: the whole parent is missing',
      pattern: { 'replay-name': [{ exists: false }] },
      event: event({}),
      matches: true,
    },
    {
      name: 'the complex example',
      pattern: complex,
      event: event(
        { state: 'running', 'c-count': 3, 'd-count': 2, 'x-limit': 150 },
        { time: '2017-10-02T18:43:48Z' },
      ),
      matches: true,
    },
    {
      name: 'the complex example, one field off',
      pattern: complex,
      event: event(
        { state: 'running', 'c-count': 3, 'd-count': 2, 'x-limit': 200 },
        { time: '2017-10-02T18:43:48Z' },
      ),
      matches: false,
    },
  ])('Content filtering: $name → $matches', expectMatch);

  // "Comparison operators for use in event patterns in Amazon EventBridge"
  const either: EventPattern = {
    detail: {
      $or: [
        { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
        { 'd-count': [{ numeric: ['<', 10] }] },
        { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
      ],
    },
  };
  it.each<Case>([
    {
      name: 'ends with',
      pattern: { FileName: [{ suffix: '.png' }] },
      event: { FileName: 'cat.png' },
      matches: true,
    },
    {
      name: 'does not end with',
      pattern: { FileName: [{ suffix: '.png' }] },
      event: { FileName: 'cat.png.jpg' },
      matches: false,
    },
    {
      name: 'ends with, ignoring case',
      pattern: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] },
      event: { FileName: 'CAT.PNG' },
      matches: true,
    },
    {
      name: 'ends with, ignoring case, another ending',
      pattern: { service: [{ suffix: { 'equals-ignore-case': 'tbridge' } }] },
      event: { service: 'EventBus' },
      matches: false,
    },
    {
      name: 'begins with, ignoring case',
      pattern: { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] },
      event: { service: 'EVENTBRIDGE' },
      matches: true,
    },
    {
      name: 'begins with, ignoring case, another start',
      pattern: { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] },
      event: { service: 'Events' },
      matches: false,
    },
    {
      name: 'equals, ignoring case',
      pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
      event: { Name: 'ALICE' },
      matches: true,
    },
    {
      name: 'equals, ignoring case, another name',
      pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
      event: { Name: 'Alicia' },
      matches: false,
    },
    {
      name: 'anything but an ending',
      pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
      event: { FileName: 'cat.jpg' },
      matches: true,
    },
    {
      name: 'anything but that ending',
      pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
      event: { FileName: 'cat.png' },
      matches: false,
    },
    {
      name: 'anything but a value in any case',
      pattern: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
      event: { state: 'INITIALIZING' },
      matches: false,
    },
    {
      name: 'anything but a value in any case, another value',
      pattern: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] },
      event: { state: 'running' },
      matches: true,
    },
    {
      name: 'anything but a wildcard',
      pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
      event: { FilePath: '/usr/lib/libc.so' },
      matches: false,
    },
    {
      name: 'anything but a wildcard, another path',
      pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
      event: { FilePath: '/usr/bin/env' },
      matches: true,
    },
    {
      name: 'wildcard',
      pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
      event: { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/jisr' },
      matches: true,
    },
    {
      name: 'wildcard, another region',
      pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
      event: { EventBusArn: 'arn:aws:events:eu-central-1:123456789012:event-bus/jisr' },
      matches: false,
    },
    {
      name: 'wildcard matching nothing in between',
      pattern: { key: [{ wildcard: 'a*b*c' }] },
      event: { key: 'abc' },
      matches: true,
    },
    {
      name: 'wildcard needing the whole value',
      pattern: { key: [{ wildcard: 'a*b' }] },
      event: { key: 'a-b-c' },
      matches: false,
    },
    {
      name: 'wildcard with an escaped star',
      pattern: { key: [{ wildcard: 'a\\*b' }] },
      event: { key: 'a*b' },
      matches: true,
    },
    {
      name: 'an escaped star is not a wildcard',
      pattern: { key: [{ wildcard: 'a\\*b' }] },
      event: { key: 'axb' },
      matches: false,
    },
    { name: '$or: the first branch', pattern: either, event: event({ 'c-count': 3 }), matches: true },
    { name: '$or: the last branch', pattern: either, event: event({ 'x-limit': 301.8 }), matches: true },
    {
      name: '$or: no branch',
      pattern: either,
      event: event({ 'c-count': 0, 'd-count': 10, 'x-limit': 1 }),
      matches: false,
    },
    {
      name: '$or beside other fields: both must hold',
      pattern: {
        source: ['aws.ec2'],
        $or: [{ 'detail-type': ['Nothing'] }, { detail: { state: ['terminated'] } }],
      },
      event: event({ state: 'terminated' }),
      matches: true,
    },
    {
      name: '$or beside other fields: the field fails',
      pattern: {
        source: ['aws.s3'],
        $or: [{ 'detail-type': ['EC2 Instance State-change Notification'] }, { detail: { state: ['x'] } }],
      },
      event: event({ state: 'terminated' }),
      matches: false,
    },
  ])('Comparison operators: $name → $matches', expectMatch);

  it('matches own fields only, never inherited ones', () => {
    expect(matchesPattern({ constructor: [{ exists: true }] }, {})).toBe(false);
    expect(matchesPattern({ toString: [{ exists: false }] }, {})).toBe(true);
  });

  it('compiles a pattern once and reuses it', () => {
    const matcher = compilePattern({ source: [{ prefix: 'jisr.' }] });
    expect(matcher({ source: 'jisr.needs' })).toBe(true);
    expect(matcher({ source: 'aws.ec2' })).toBe(false);
  });
});

describe('the rules of infra/rules.ts', () => {
  it.each(RULES.map((rule) => [rule.name, rule] as const))('%s has a valid pattern', (_, rule) => {
    expect(() => assertValidPattern(rule.eventPattern, rule.name)).not.toThrow();
  });

  const ruleNames = (source: string, detailType: string) =>
    RULES.filter((rule) =>
      matchesPattern(rule.eventPattern, {
        version: '0',
        id: '0d9e3c36-7f27-4a4c-9d7b-8f3c2d1e0a11',
        'detail-type': detailType,
        source,
        account: '000000000000',
        time: '2026-03-02T09:30:00Z',
        region: 'eu-central-1',
        resources: [],
        detail: { eventId: 'e-1', schemaVersion: 1, district: 'seyhan', riskTypes: ['hate-speech'] },
      }),
    ).map((rule) => rule.name);

  it.each([
    {
      source: EVENT_SOURCES.needs,
      detailType: 'CohesionRiskFlagged',
      rules: ['cohesion-risk-raises-alert', 'alerts-notify-directorate'],
    },
    {
      source: EVENT_SOURCES.cohesion,
      detailType: 'CohesionHotspotDetected',
      rules: ['alerts-notify-directorate'],
    },
    {
      source: EVENT_SOURCES.cohesion,
      detailType: 'CohesionRiskFlagged',
      rules: ['alerts-notify-directorate'],
    },
    {
      source: EVENT_SOURCES.sla,
      detailType: 'SlaEscalated',
      rules: ['alerts-notify-directorate'],
    },
    { source: EVENT_SOURCES.sla, detailType: 'SlaWarning', rules: [] },
    { source: EVENT_SOURCES.sla, detailType: 'SlaBreached', rules: [] },
    { source: EVENT_SOURCES.referrals, detailType: 'SlaEscalated', rules: [] },
    { source: 'jisr.slas', detailType: 'SlaEscalated', rules: [] },
    { source: EVENT_SOURCES.needs, detailType: 'NeedReported', rules: [] },
    { source: EVENT_SOURCES.referrals, detailType: 'ReferralRouted', rules: [] },
    { source: EVENT_SOURCES.referrals, detailType: 'CohesionRiskFlagged', rules: [] },
    { source: EVENT_SOURCES.needs, detailType: 'cohesionriskflagged', rules: [] },
    { source: 'jisr.needs.other', detailType: 'CohesionRiskFlagged', rules: [] },
  ])('$detailType from $source goes to $rules', ({ source, detailType, rules }) => {
    expect(ruleNames(source, detailType)).toEqual(rules);
  });
});

describe('invalid patterns fail fast', () => {
  it.each([
    {
      name: 'an unknown matcher',
      pattern: { source: [{ prefx: 'jisr.' }] },
      error: 'unknown matcher "prefx"',
    },
    { name: 'a bare string', pattern: { source: 'jisr.needs' }, error: 'write ["jisr.needs"]' },
    { name: 'a bare number', pattern: { detail: { n: 5 } }, error: 'at detail.n' },
    { name: 'an empty array', pattern: { source: [] }, error: 'an empty array matches nothing' },
    { name: 'an empty pattern', pattern: {}, error: 'an empty pattern' },
    { name: 'an empty nested pattern', pattern: { detail: {} }, error: 'at detail' },
    { name: 'not an object', pattern: ['jisr.needs'], error: 'a pattern is an object' },
    {
      name: 'two keys in one matcher',
      pattern: { s: [{ prefix: 'a', suffix: 'b' }] },
      error: 'exactly one key',
    },
    { name: 'an empty matcher object', pattern: { s: [{}] }, error: 'exactly one key, not none' },
    { name: 'a nested array', pattern: { s: [['a']] }, error: 'not an array' },
    { name: 'prefix of a number', pattern: { s: [{ prefix: 1 }] }, error: 'prefix takes a string' },
    {
      name: 'prefix with another option',
      pattern: { s: [{ prefix: { 'ignore-case': 'a' } }] },
      error: 'equals-ignore-case',
    },
    {
      name: 'exists with a string',
      pattern: { s: [{ exists: 'yes' }] },
      error: 'exists takes true or false',
    },
    { name: 'numeric without a bound', pattern: { n: [{ numeric: ['>'] }] }, error: 'numeric takes' },
    {
      name: 'numeric with an unknown operator',
      pattern: { n: [{ numeric: ['!=', 1] }] },
      error: '"!=" is not',
    },
    {
      name: 'numeric with a string bound',
      pattern: { n: [{ numeric: ['>', '1'] }] },
      error: 'takes a number',
    },
    {
      name: 'numeric with two lower bounds',
      pattern: { n: [{ numeric: ['>', 1, '>=', 2] }] },
      error: 'numeric takes',
    },
    {
      name: 'numeric with = in a range',
      pattern: { n: [{ numeric: ['=', 1, '<', 2] }] },
      error: 'numeric takes',
    },
    {
      name: 'an empty numeric range',
      pattern: { n: [{ numeric: ['>', 5, '<', 1] }] },
      error: 'lower bound 5',
    },
    {
      name: 'anything-but of a mixed list',
      pattern: { s: [{ 'anything-but': ['a', 1] }] },
      error: 'only strings',
    },
    {
      name: 'anything-but of an empty list',
      pattern: { s: [{ 'anything-but': [] }] },
      error: 'non-empty list',
    },
    { name: 'anything-but of null', pattern: { s: [{ 'anything-but': null }] }, error: 'anything-but takes' },
    {
      name: 'anything-but of an unknown test',
      pattern: { s: [{ 'anything-but': { exists: true } }] },
      error: 'anything-but takes prefix',
    },
    {
      name: 'anything-but of a prefix list',
      pattern: { s: [{ 'anything-but': { prefix: ['a', 'b'] } }] },
      error: 'anything-but prefix takes a string',
    },
    { name: 'consecutive wildcards', pattern: { s: [{ wildcard: 'a**b' }] }, error: 'consecutive wildcards' },
    { name: 'a bad escape in a wildcard', pattern: { s: [{ wildcard: 'a\\b' }] }, error: 'can be escaped' },
    { name: 'a malformed range', pattern: { ip: [{ cidr: '10.0.0/33' }] }, error: 'not an IPv4 range' },
    { name: 'an IPv6 range', pattern: { ip: [{ cidr: '2001:db8::/32' }] }, error: 'IPv6' },
    { name: '$or with one branch', pattern: { $or: [{ s: ['a'] }] }, error: 'at least two patterns' },
    { name: '$or of values', pattern: { $or: ['a', 'b'] }, error: 'at $or[0]' },
  ])('$name', ({ pattern, error }) => {
    expect(() => assertValidPattern(pattern, 'rule typo')).toThrow(InvalidEventPattern);
    expect(() => assertValidPattern(pattern, 'rule typo')).toThrow(error);
    expect(() => assertValidPattern(pattern, 'rule typo')).toThrow(/^rule typo: invalid event pattern at /);
  });

  it('names the path of the offending matcher', () => {
    let thrown: unknown;
    try {
      assertValidPattern({ detail: { state: ['a', { 'anything-but': { prefx: 'x' } }] } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidEventPattern);
    expect((thrown as InvalidEventPattern).path).toBe('detail.state[1].anything-but');
  });

  it('matchesPattern refuses an invalid pattern instead of matching nothing', () => {
    expect(() => matchesPattern({ source: [{ prefx: 'jisr.' }] }, { source: 'jisr.needs' })).toThrow(
      InvalidEventPattern,
    );
  });
});
