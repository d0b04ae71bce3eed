/**
 * The HTTP API, declared once as data. The CDK stack creates one Lambda and one route per
 * entry; the local runtime serves the same entries with the same handlers; the OpenAPI
 * document is generated from them. Handlers live in functions/<functionName>/handler.ts.
 */
import type * as z from 'zod';
import { CouncilReportHtml, CouncilReportQuery } from '../shared/reports/schemas.js';
import {
  AcknowledgeAlertRequest,
  Alert,
  AlertPage,
  HotspotRuleSettings,
  ListAlertsQuery,
} from '../shared/schemas/alert.js';
import { CatalogResponse, MeResponse } from '../shared/schemas/catalog.js';
import { DashboardQuery, DashboardResponse } from '../shared/schemas/dashboard.js';
import {
  DashboardExportCsv,
  DashboardExportQuery,
  MAX_EXPORT_ROWS,
} from '../shared/schemas/dashboard-export.js';
import { ReportNeedRequest } from '../shared/schemas/need.js';
import {
  ListReferralsQuery,
  NeedWithReferrals,
  Referral,
  ReferralPage,
  ReportNeedResponse,
} from '../shared/schemas/referral.js';
import {
  ReplaceCalendarRequest,
  ReplaceSlaPoliciesRequest,
  ReplaceUnitCalendarRequest,
  SlaSettingsResponse,
} from '../shared/schemas/sla.js';
import {
  HistoryPage,
  HistoryQuery,
  NotificationPage,
  NotificationsQuery,
  TransitionRequest,
} from '../shared/schemas/transition.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type TableAccess = 'read' | 'read-write';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path syntax, e.g. /v1/needs/{id}. */
  readonly path: string;
  /** Folder under functions/ holding handler.ts. */
  readonly functionName: string;
  readonly summary: string;
  /** Who may call it (the authorization module enforces it; this documents it). */
  readonly roles: readonly ('council-member' | 'unit-staff' | 'directorate')[];
  readonly tableAccess: TableAccess;
  readonly request?: {
    readonly body?: z.ZodType;
    readonly query?: z.ZodType;
    readonly headers?: readonly { name: string; required: boolean; description: string }[];
  };
  readonly response: {
    readonly status: number;
    readonly body: z.ZodType;
    /** A text document instead of JSON (an export, a printable report). */
    readonly contentType?: 'text/csv; charset=utf-8' | 'text/html; charset=utf-8';
  };
  /** Whether the handler seals (encrypts) or opens (decrypts) beneficiaries' contact data. */
  readonly contactAccess?: 'seal' | 'open';
}

const everyone = ['council-member', 'unit-staff', 'directorate'] as const;

export const ROUTES = [
  {
    method: 'GET',
    path: '/v1/me',
    functionName: 'get-me',
    summary: 'Who the caller is: username, role and unit',
    roles: everyone,
    tableAccess: 'read',
    response: { status: 200, body: MeResponse },
  },
  {
    method: 'GET',
    path: '/v1/catalog',
    functionName: 'get-catalog',
    summary:
      'Categories, units, districts, priorities, cohesion risks and vulnerabilities, labelled in ar/tr/en',
    roles: everyone,
    tableAccess: 'read',
    response: { status: 200, body: CatalogResponse },
  },
  {
    method: 'POST',
    path: '/v1/needs',
    functionName: 'report-need',
    summary: 'Report a need; it is routed at once to one referral per service unit',
    roles: ['council-member'],
    tableAccess: 'read-write',
    contactAccess: 'seal',
    request: {
      body: ReportNeedRequest,
      headers: [
        {
          name: 'Idempotency-Key',
          required: true,
          description:
            'A key the client keeps for retries of this report (1-100 characters of A-Z a-z 0-9 _ - . :)',
        },
      ],
    },
    response: { status: 201, body: ReportNeedResponse },
  },
  {
    method: 'GET',
    path: '/v1/needs/{id}',
    functionName: 'get-need',
    summary: 'A need with its referrals (the reporting member or the directorate)',
    roles: ['council-member', 'directorate'],
    tableAccess: 'read',
    response: { status: 200, body: NeedWithReferrals },
  },
  {
    method: 'GET',
    path: '/v1/referrals',
    functionName: 'list-referrals',
    summary: "Referrals the caller may see: a unit's inbox, a member's own, or all for the directorate",
    roles: everyone,
    tableAccess: 'read',
    request: { query: ListReferralsQuery },
    response: { status: 200, body: ReferralPage },
  },
  {
    method: 'GET',
    path: '/v1/referrals/{id}',
    functionName: 'get-referral',
    summary:
      'One referral, if the caller may see it (otherwise 404); with contact data for its unit when consented',
    roles: everyone,
    // Writes the audit record of every read of personal data.
    tableAccess: 'read-write',
    contactAccess: 'open',
    response: { status: 200, body: Referral },
  },
  {
    method: 'POST',
    path: '/v1/referrals/{id}/transitions',
    functionName: 'transition-referral',
    summary:
      'Move a referral through its lifecycle (accept, start, hold, resume, resolve, reject, transfer, route, close, reopen, cancel)',
    roles: everyone,
    tableAccess: 'read-write',
    request: {
      body: TransitionRequest,
      headers: [
        {
          name: 'Idempotency-Key',
          required: false,
          description: 'Optional: a retry with the same key and body returns the first answer',
        },
      ],
    },
    response: { status: 200, body: Referral },
  },
  {
    method: 'GET',
    path: '/v1/referrals/{id}/history',
    functionName: 'get-referral-history',
    summary: "A referral's audit trail, oldest first (notes withheld from council members)",
    roles: everyone,
    tableAccess: 'read',
    request: { query: HistoryQuery },
    response: { status: 200, body: HistoryPage },
  },
  {
    method: 'GET',
    path: '/v1/notifications',
    functionName: 'list-notifications',
    summary: "Status changes of the caller's own needs, newest first, in their language",
    roles: ['council-member'],
    tableAccess: 'read',
    request: {
      query: NotificationsQuery,
      headers: [
        { name: 'Accept-Language', required: false, description: 'ar, tr or en; else the profile language' },
      ],
    },
    response: { status: 200, body: NotificationPage },
  },
  {
    method: 'GET',
    path: '/v1/alerts',
    functionName: 'list-alerts',
    summary: 'Cohesion-risk and hotspot alerts, newest first (directorate only)',
    roles: ['directorate'],
    tableAccess: 'read',
    request: { query: ListAlertsQuery },
    response: { status: 200, body: AlertPage },
  },
  {
    method: 'POST',
    path: '/v1/alerts/{id}/acknowledge',
    functionName: 'acknowledge-alert',
    summary: 'Acknowledge an alert with a note (directorate only)',
    roles: ['directorate'],
    tableAccess: 'read-write',
    request: { body: AcknowledgeAlertRequest },
    response: { status: 200, body: Alert },
  },
  {
    method: 'GET',
    path: '/v1/settings/hotspot-rule',
    functionName: 'get-hotspot-rule',
    summary: 'When flags in one neighbourhood make a hotspot (directorate only)',
    roles: ['directorate'],
    tableAccess: 'read',
    response: { status: 200, body: HotspotRuleSettings },
  },
  {
    method: 'PUT',
    path: '/v1/settings/hotspot-rule',
    functionName: 'put-hotspot-rule',
    summary: 'Change when flags in one neighbourhood make a hotspot (directorate only)',
    roles: ['directorate'],
    tableAccess: 'read-write',
    request: { body: HotspotRuleSettings },
    response: { status: 200, body: HotspotRuleSettings },
  },
  {
    method: 'GET',
    path: '/v1/settings/sla',
    functionName: 'get-sla-settings',
    summary:
      'SLA policies and the business calendar, with warnings (e.g. no holidays for this year) — directorate only',
    roles: ['directorate'],
    tableAccess: 'read',
    response: { status: 200, body: SlaSettingsResponse },
  },
  {
    method: 'PUT',
    path: '/v1/settings/sla/policies',
    functionName: 'put-sla-policies',
    summary:
      'Replace the SLA policies (one default per priority, optional per-category overrides) — directorate only',
    roles: ['directorate'],
    tableAccess: 'read-write',
    request: { body: ReplaceSlaPoliciesRequest },
    response: { status: 200, body: SlaSettingsResponse },
  },
  {
    method: 'PUT',
    path: '/v1/settings/sla/calendar',
    functionName: 'put-sla-calendar',
    summary:
      'Replace the business calendar (working hours, holiday years as date-time ranges) — directorate only',
    roles: ['directorate'],
    tableAccess: 'read-write',
    request: { body: ReplaceCalendarRequest },
    response: { status: 200, body: SlaSettingsResponse },
  },
  {
    method: 'PUT',
    path: '/v1/settings/sla/units/{unitId}/calendar',
    functionName: 'put-sla-unit-calendar',
    summary:
      "Give one unit its own business calendar (or, with null, the council's again) — directorate only",
    roles: ['directorate'],
    tableAccess: 'read-write',
    request: { body: ReplaceUnitCalendarRequest },
    response: { status: 200, body: SlaSettingsResponse },
  },
  {
    method: 'GET',
    path: '/v1/reports/council',
    functionName: 'get-council-report',
    summary:
      "The council's quarterly report as a printable HTML page in ar, tr or en: headline SLA figures, the units league table, who waits longer by beneficiary profile, cohesion risks — the dashboard's figures, small cells suppressed (directorate only)",
    roles: ['directorate'],
    tableAccess: 'read',
    request: { query: CouncilReportQuery },
    response: { status: 200, body: CouncilReportHtml, contentType: 'text/html; charset=utf-8' },
  },
  {
    method: 'GET',
    path: '/v1/dashboard',
    functionName: 'get-dashboard',
    summary:
      'SLA figures of a period grouped by unit, category, district, priority, month or beneficiary profile, with the backlog now; small cells suppressed — the directorate: the council; unit staff: their unit',
    roles: ['unit-staff', 'directorate'],
    tableAccess: 'read',
    request: { query: DashboardQuery },
    response: { status: 200, body: DashboardResponse },
  },
  {
    method: 'GET',
    path: '/v1/dashboard/export.csv',
    functionName: 'export-dashboard-csv',
    summary: `The referrals routed in a period as a CSV file, one row per referral (at most ${MAX_EXPORT_ROWS}; more → 422): ids, codes, times and SLA figures, no free text, profile or contact data — the directorate: every unit; unit staff: their unit`,
    roles: ['unit-staff', 'directorate'],
    tableAccess: 'read',
    request: { query: DashboardExportQuery },
    response: { status: 200, body: DashboardExportCsv, contentType: 'text/csv; charset=utf-8' },
  },
] as const satisfies readonly RouteDefinition[];

export type Route = (typeof ROUTES)[number];

export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>) => `${route.method} ${route.path}`;
