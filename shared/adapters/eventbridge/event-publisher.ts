import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { EventPublisher } from '../../application/ports.js';
import type { DomainEvent } from '../../events/domain-events.js';

/** PutEvents takes at most 10 entries per call. */
const ENTRIES_PER_CALL = 10;

/**
 * Publishes domain events to the council's bus. Locally the same client talks to the local
 * runtime's PutEvents endpoint (EVENTBRIDGE_ENDPOINT). Any entry EventBridge refuses fails the
 * whole call, so the stream record is retried (consumers deduplicate on detail.eventId).
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
  ) {}

  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): EventBridgePublisher {
    const eventBusName = env.EVENT_BUS_NAME;
    if (eventBusName === undefined || eventBusName === '') throw new Error('EVENT_BUS_NAME is not set');
    const endpoint = env.EVENTBRIDGE_ENDPOINT || undefined;
    return new EventBridgePublisher(
      new EventBridgeClient({
        region: env.AWS_REGION ?? 'eu-central-1',
        ...(endpoint === undefined ? {} : { endpoint }),
        maxAttempts: 3,
      }),
      eventBusName,
    );
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += ENTRIES_PER_CALL) {
      const entries: PutEventsRequestEntry[] = events.slice(start, start + ENTRIES_PER_CALL).map((event) => ({
        EventBusName: this.eventBusName,
        Source: event.source,
        DetailType: event.name,
        Detail: JSON.stringify(event.detail),
        Time: new Date(event.detail.occurredAt),
      }));
      const { FailedEntryCount, Entries } = await this.client.send(
        new PutEventsCommand({ Entries: entries }),
      );
      if ((FailedEntryCount ?? 0) > 0) {
        const failures = (Entries ?? [])
          .map((entry, index) =>
            entry.ErrorCode === undefined ? undefined : `${entries[index]?.DetailType}: ${entry.ErrorCode}`,
          )
          .filter((failure) => failure !== undefined);
        throw new Error(`EventBridge refused ${FailedEntryCount} event(s): ${failures.join('; ')}`);
      }
    }
  }
}
