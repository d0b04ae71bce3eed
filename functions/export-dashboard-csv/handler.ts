import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { exportDashboardCsv } from '../../shared/application/dashboard-export.js';
import { CSV_CONTENT_TYPE } from '../../shared/domain/csv.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { DashboardExportQuery } from '../../shared/schemas/dashboard-export.js';

const deps = productionDependencies();

export const handler = apiHandler({ query: DashboardExportQuery }, async ({ actor, query }) => {
  const exported = await exportDashboardCsv(deps, actor, query);
  return {
    status: 200,
    text: exported.csv,
    contentType: CSV_CONTENT_TYPE,
    headers: {
      'content-disposition': `attachment; filename="${exported.filename}"`,
      // Referral-level data: not for shared caches, nor kept by the browser.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  };
});
