/** The composition root: real adapters, created once per cold start. */
import { monotonicFactory } from 'ulid';
import type { Dependencies } from '../application/ports.js';
import { readEnvironment } from '../config/environment.js';
import { createDocumentClient } from './dynamodb/client.js';
import { DynamoCouncilConfigurationStore } from './dynamodb/council-configuration-store.js';
import { DynamoNeedStore } from './dynamodb/need-store.js';
import { DynamoReferralStore } from './dynamodb/referral-store.js';

export const DEFAULT_SETTINGS: Dependencies['settings'] = {
  idempotencyTtlSeconds: 24 * 3600,
  contactRetentionDays: 180,
};

let dependencies: Dependencies | undefined;

export function productionDependencies(): Dependencies {
  if (dependencies !== undefined) return dependencies;
  const environment = readEnvironment();
  const client = createDocumentClient(environment);
  const nextUlid = monotonicFactory();
  dependencies = {
    councilConfiguration: new DynamoCouncilConfigurationStore(client, environment.tableName),
    needs: new DynamoNeedStore(client, environment.tableName),
    referrals: new DynamoReferralStore(client, environment.tableName),
    clock: { now: () => new Date() },
    ids: { next: () => nextUlid() },
    settings: DEFAULT_SETTINGS,
  };
  return dependencies;
}
