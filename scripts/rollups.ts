/**
 * `npm run rollups -- verify` recomputes every dashboard rollup cell from the referrals and
 * hotspot alerts of a council's table and prints what differs from the stored cells (exit 1
 * if anything does); `npm run rollups -- repair` also overwrites what differs, and every
 * rollup ledger. It reads the whole table's referrals: run it by hand, not on a request path.
 *
 * The table: TABLE_NAME (e.g. jisr-adana-prod), with AWS credentials from the usual places;
 * DYNAMODB_ENDPOINT points it at DynamoDB Local instead.
 */
import { productionDependencies } from '../shared/adapters/dependencies.js';
import { verifyRollups } from '../shared/application/rollups.js';

const mode = process.argv[2];
if (mode !== 'verify' && mode !== 'repair') {
  process.stderr.write(
    'usage: npm run rollups -- verify|repair   (TABLE_NAME=<table> [DYNAMODB_ENDPOINT=<url>])\n',
  );
  process.exit(2);
}
const result = await verifyRollups(productionDependencies(), { repair: mode === 'repair' });
process.stdout.write(
  `${result.referrals} referrals and ${result.hotspots} hotspots make ${result.cells} cells; ` +
    `${result.differences.length} counters differ${result.repaired ? ' (repaired)' : ''}\n`,
);
for (const difference of result.differences.slice(0, 50)) {
  const { scope, dimension, value, period } = difference.cell;
  process.stdout.write(
    `  ${scope} ${dimension}=${value} ${period} ${difference.field}: stored ${difference.stored}, expected ${difference.expected}\n`,
  );
}
process.exit(result.differences.length > 0 && !result.repaired ? 1 : 0);
