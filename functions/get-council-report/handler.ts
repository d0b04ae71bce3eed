import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { councilReport } from '../../shared/application/council-report.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { REPORT_CONTENT_SECURITY_POLICY } from '../../shared/reports/council-report-page.js';
import { CouncilReportQuery } from '../../shared/reports/schemas.js';

const deps = productionDependencies();

export const handler = apiHandler({ query: CouncilReportQuery }, async ({ actor, query }) => {
  const report = await councilReport(deps, actor, query);
  return {
    status: 200,
    text: report.html,
    contentType: 'text/html; charset=utf-8',
    headers: {
      'content-security-policy': REPORT_CONTENT_SECURITY_POLICY,
      'content-language': report.language,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'private, no-store',
      'content-disposition': `inline; filename="council-report-${report.quarter}-${report.language}.html"`,
    },
  };
});
