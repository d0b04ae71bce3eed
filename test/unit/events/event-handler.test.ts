/**
 * The wrapper of every EventBridge target: it runs only the events its rule routes to it, with a
 * valid detail, and throws on anything else so the retry policy and the dead-letter queue apply.
 */
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import { lambdaContext } from '../../../local/api-gateway-event.js';
import type { DomainEventName } from '../../../shared/events/domain-events.js';
import { eventHandler, type ReceivedEvent } from '../../../shared/events/event-handler.js';
import { logger } from '../../../shared/observability/logger.js';
import { bridgeEvent, VALID_DETAILS, validDetail } from './fixtures.js';

type Handled = 'CohesionRiskFlagged' | 'CohesionHotspotDetected';
const HANDLED: readonly Handled[] = ['CohesionRiskFlagged', 'CohesionHotspotDetected'];

/** A target whose work is recorded, and optionally fails. */
function target(fail?: Error) {
  const received: { event: ReceivedEvent<Handled>; context: Context }[] = [];
  const handler = eventHandler(HANDLED, async (event, context) => {
    received.push({ event, context });
    if (fail !== undefined) throw fail;
  });
  return { handler, received };
}

const context = () => lambdaContext('notify-directorate', 'request-1');

describe('eventHandler', () => {
  beforeEach(() => {
    vi.spyOn(logger, 'info').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(HANDLED)(
    'runs a valid %s with its name, its parsed detail and the Lambda context',
    async (name) => {
      const { handler, received } = target();
      const invocationContext = context();

      await handler(bridgeEvent(name, validDetail(name)), invocationContext);

      expect(received).toHaveLength(1);
      expect(received[0]?.event).toEqual({ name, detail: VALID_DETAILS[name] });
      expect(received[0]?.context.awsRequestId).toBe('request-1');
      expect(received[0]?.context.functionName).toBe('notify-directorate');
    },
  );

  it.each([
    {
      label: 'another domain event',
      detailType: 'NeedReported' as string,
      detail: validDetail('NeedReported'),
    },
    {
      label: 'another event',
      detailType: 'ReferralStatusChanged',
      detail: validDetail('ReferralStatusChanged'),
    },
    {
      label: 'an event no schema knows',
      detailType: 'SlaBreached',
      detail: { eventId: 'x', schemaVersion: 1 },
    },
    { label: 'an inherited property name', detailType: 'constructor', detail: {} },
    {
      label: 'a differently cased name',
      detailType: 'cohesionriskflagged',
      detail: validDetail('CohesionRiskFlagged'),
    },
  ])('throws on $label and runs nothing', async ({ detailType, detail }) => {
    const { handler, received } = target();

    await expect(handler(bridgeEvent(detailType, detail), context())).rejects.toThrow(
      `This function does not handle ${detailType} events`,
    );
    expect(received).toEqual([]);
  });

  const invalid: { label: string; name: DomainEventName; bend: (detail: Record<string, unknown>) => void }[] =
    [
      { label: 'without its needId', name: 'CohesionRiskFlagged', bend: (detail) => delete detail.needId },
      {
        label: 'without its eventId',
        name: 'CohesionHotspotDetected',
        bend: (detail) => delete detail.eventId,
      },
      {
        label: 'of schemaVersion 2',
        name: 'CohesionRiskFlagged',
        bend: (detail) => Object.assign(detail, { schemaVersion: 2 }),
      },
      {
        label: 'with an unknown field',
        name: 'CohesionRiskFlagged',
        bend: (detail) => Object.assign(detail, { description: 'personal data' }),
      },
      {
        label: 'with no risk',
        name: 'CohesionRiskFlagged',
        bend: (detail) => Object.assign(detail, { riskTypes: [] }),
      },
      {
        label: 'with a wrong type',
        name: 'CohesionHotspotDetected',
        bend: (detail) => Object.assign(detail, { flagCount: '3' }),
      },
    ];

  it.each(invalid)('throws a validation error on a $name $label and runs nothing', async ({ name, bend }) => {
    const { handler, received } = target();
    const detail = validDetail(name);
    bend(detail);

    await expect(handler(bridgeEvent(name, detail), context())).rejects.toBeInstanceOf(ZodError);
    expect(received).toEqual([]);
  });

  it.each([
    { label: 'no detail', detail: undefined },
    { label: 'a detail that is a string', detail: JSON.stringify(VALID_DETAILS.CohesionRiskFlagged) },
    { label: 'a null detail', detail: null },
  ])('throws on $label', async ({ detail }) => {
    const { handler, received } = target();

    await expect(handler(bridgeEvent('CohesionRiskFlagged', detail), context())).rejects.toBeInstanceOf(
      ZodError,
    );
    expect(received).toEqual([]);
  });

  it('lets the work’s own failure through, so the event is retried', async () => {
    const { handler, received } = target(new Error('table unavailable'));

    await expect(
      handler(bridgeEvent('CohesionRiskFlagged', validDetail('CohesionRiskFlagged')), context()),
    ).rejects.toThrow('table unavailable');
    expect(received).toHaveLength(1);
  });

  it('handles the same event again when it is delivered again (deduplication is the work’s job)', async () => {
    const { handler, received } = target();
    const event = bridgeEvent(
      'CohesionHotspotDetected',
      validDetail('CohesionHotspotDetected'),
      'jisr.cohesion',
    );

    await handler(event, context());
    await handler(event, context());

    expect(received.map((call) => call.event.detail.eventId)).toEqual([
      VALID_DETAILS.CohesionHotspotDetected.eventId,
      VALID_DETAILS.CohesionHotspotDetected.eventId,
    ]);
  });
});
