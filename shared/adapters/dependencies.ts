/** The composition root: real adapters, created once per cold start. */
import { monotonicFactory } from 'ulid';
import type { AlertNotifier, ContactVault, Dependencies } from '../application/ports.js';
import { readEnvironment } from '../config/environment.js';
import { systemClock } from './clock.js';
import { DynamoAlertStore } from './dynamodb/alert-store.js';
import { createDynamoClients } from './dynamodb/client.js';
import { DynamoCouncilConfigurationStore } from './dynamodb/council-configuration-store.js';
import { DynamoNeedStore } from './dynamodb/need-store.js';
import { DynamoNotificationStore } from './dynamodb/notification-store.js';
import { DynamoReferralStore } from './dynamodb/referral-store.js';
import { DynamoRollupStore } from './dynamodb/rollup-store.js';
import { DynamoSlaSettingsStore } from './dynamodb/sla-settings-store.js';
import { DynamoSlaStore } from './dynamodb/sla-store.js';

/** Retention and idempotency windows; every limit explicit. */
export const DEFAULT_SETTINGS: Dependencies['settings'] = {
  idempotencyTtlSeconds: 24 * 3600,
  contactRetentionDaysAfterClose: 30,
  contactMaxRetentionDays: 365,
};

/** Settings may be tightened per deployment through the environment (positive whole days). */
function settingsFrom(env: NodeJS.ProcessEnv): Dependencies['settings'] {
  const days = (name: string, fallback: number) => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 3650)
      throw new Error(`${name} must be 1-3650 days`);
    return parsed;
  };
  return {
    idempotencyTtlSeconds: DEFAULT_SETTINGS.idempotencyTtlSeconds,
    contactRetentionDaysAfterClose: days(
      'CONTACT_RETENTION_DAYS_AFTER_CLOSE',
      DEFAULT_SETTINGS.contactRetentionDaysAfterClose,
    ),
    contactMaxRetentionDays: days('CONTACT_MAX_RETENTION_DAYS', DEFAULT_SETTINGS.contactMaxRetentionDays),
  };
}

/**
 * Functions that never touch contact data do not carry the Encryption SDK: the two that do
 * (report-need, get-referral) pass their vault in; the others get one that refuses.
 */
const NO_ALERT_NOTIFIER: AlertNotifier = {
  notify: () => Promise.reject(new Error('This function is not configured to notify the directorate')),
};

const NO_CONTACT_VAULT: ContactVault = {
  seal: () => Promise.reject(new Error('This function is not configured to seal contact data')),
  open: () => Promise.reject(new Error('This function is not configured to open contact data')),
};

let dependencies: Dependencies | undefined;

export function productionDependencies(
  overrides: { contactVault?: ContactVault; alertNotifier?: AlertNotifier } = {},
): Dependencies {
  return { ...baseDependencies(), ...overrides };
}

function baseDependencies(): Dependencies {
  if (dependencies !== undefined) return dependencies;
  const environment = readEnvironment();
  const { document } = createDynamoClients(environment);
  const nextUlid = monotonicFactory();
  const created: Dependencies = {
    councilConfiguration: new DynamoCouncilConfigurationStore(document, environment.tableName),
    needs: new DynamoNeedStore(document, environment.tableName),
    referrals: new DynamoReferralStore(document, environment.tableName),
    notifications: new DynamoNotificationStore(document, environment.tableName),
    alerts: new DynamoAlertStore(document, environment.tableName),
    slaSettings: new DynamoSlaSettingsStore(document, environment.tableName),
    contactVault: NO_CONTACT_VAULT,
    alertNotifier: NO_ALERT_NOTIFIER,
    sla: new DynamoSlaStore(document, environment.tableName),
    rollups: new DynamoRollupStore(document, environment.tableName),
    clock: systemClock,
    ids: { next: () => nextUlid() },
    settings: settingsFrom(process.env),
  };
  dependencies = created;
  return created;
}
