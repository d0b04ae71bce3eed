/**
 * Every EventBridge target's Lambda is this wrapper: it accepts only the event names its rule
 * routes to it, validates the detail against that event's schema, and lets any failure throw,
 * so the retry policy and then the dead-letter queue take over — nothing is dropped silently.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { logger } from '../observability/logger.js';
import { DOMAIN_EVENTS, type DomainEventDetail, type DomainEventName } from './domain-events.js';

export type ReceivedEvent<N extends DomainEventName> = {
  [K in N]: { name: K; detail: DomainEventDetail<K> };
}[N];

export function eventHandler<N extends DomainEventName>(
  names: readonly N[],
  run: (event: ReceivedEvent<N>, context: Context) => Promise<void>,
) {
  return middy<EventBridgeEvent<string, unknown>, void, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      const name = event['detail-type'] as N;
      if (!names.includes(name))
        throw new Error(`This function does not handle ${event['detail-type']} events`);
      const detail = DOMAIN_EVENTS[name].schema.parse(event.detail) as DomainEventDetail<N>;
      await run({ name, detail } as ReceivedEvent<N>, context);
      logger.info('event handled', { eventName: name, eventId: (detail as { eventId: string }).eventId });
    });
}
