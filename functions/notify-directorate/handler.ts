import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { idempotent } from '../../shared/adapters/idempotency.js';
import { alertNotifierFromEnvironment } from '../../shared/adapters/notifications/alert-notifiers.js';
import { notifyDirectorate } from '../../shared/application/cohesion-alerts.js';
import { eventHandler, type ReceivedEvent } from '../../shared/events/event-handler.js';

const deps = productionDependencies({ alertNotifier: alertNotifierFromEnvironment() });

type Received = ReceivedEvent<'CohesionRiskFlagged' | 'CohesionHotspotDetected' | 'SlaEscalated'>;

// Delivery is at least once: the event id makes a redelivered event notify once.
const notifyOnce = idempotent(
  'notify-directorate',
  async ({ event }: { scope: string; key: string; payload: unknown; event: Received }) => {
    await notifyDirectorate(deps, event);
    return { notified: true };
  },
);

export const handler = eventHandler(
  ['CohesionRiskFlagged', 'CohesionHotspotDetected', 'SlaEscalated'],
  async (event, context) => {
    await notifyOnce({ scope: event.name, key: event.detail.eventId, payload: event.detail, event }, context);
  },
);
