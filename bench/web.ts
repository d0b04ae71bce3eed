/**
 * The web app's weight: what each screen transfers from a cold cache in a real Chromium
 * (compressed bytes on the wire, by kind), measured against the running local runtime.
 * The council member's form is held to 150 KB of compressed JavaScript (also a test).
 */
import type { ApiClient } from '../test/support/api-client.js';
import { launchChromium } from '../test/support/browser.js';
import {
  MEMBER_FORM_SCRIPT_BUDGET_BYTES,
  type ScreenToWeigh,
  type ScreenWeight,
  weighScreen,
} from '../test/support/web-weight.js';
import { printTable } from './stats.js';
import type { SummaryRow } from './summary.js';

export async function measureWebScreens(baseUrl: string, api: ApiClient): Promise<ScreenWeight[]> {
  const inbox = await api.as<{ items: { id: string }[] }>('staff.health', 'GET', '/v1/referrals?limit=1');
  const referralId = inbox.body.items[0]?.id;
  const screens: ScreenToWeigh[] = [
    { name: 'sign-in', path: '/', phone: true },
    { name: 'member: report a need', username: 'member.amina', path: '/report', phone: true },
    { name: 'member: my reports', username: 'member.amina', path: '/reports', phone: true },
    { name: 'member: notifications', username: 'member.amina', path: '/notifications', phone: true },
    { name: 'staff: inbox', username: 'staff.health', path: '/inbox' },
    ...(referralId === undefined
      ? []
      : [{ name: 'staff: referral', username: 'staff.health', path: `/referrals/${referralId}` }]),
    { name: 'directorate: dashboard', username: 'director', path: '/dashboard' },
    { name: 'directorate: alerts', username: 'director', path: '/alerts' },
    { name: 'directorate: triage', username: 'director', path: '/triage' },
    { name: 'directorate: export and reports', username: 'director', path: '/reports' },
  ];
  const browser = await launchChromium();
  try {
    const weights: ScreenWeight[] = [];
    for (const screen of screens) {
      const token = screen.username === undefined ? undefined : await api.token(screen.username);
      weights.push(await weighScreen(browser, baseUrl, screen, token));
    }
    return weights;
  } finally {
    await browser.close();
  }
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export function printWebTable(weights: readonly ScreenWeight[]): void {
  printTable(
    `Web app: bytes transferred per screen from a cold cache (KB, compressed as sent; member form budget ${kb(MEMBER_FORM_SCRIPT_BUDGET_BYTES)} KB of JavaScript)`,
    ['screen', 'JS', 'JS files', 'CSS', 'HTML', 'API + config', 'total'],
    weights.map((weight) => [
      weight.name,
      kb(weight.script),
      String(weight.scripts.size),
      kb(weight.stylesheet),
      kb(weight.document),
      kb(weight.api),
      kb(weight.total),
    ]),
  );
}

/** The summary row: the member's form against its JavaScript budget. */
export function webSummary(weights: readonly ScreenWeight[]): SummaryRow[] {
  const form = weights.find((weight) => weight.name === 'member: report a need');
  if (form === undefined) return [];
  return [
    {
      item: 'Council member form: compressed JavaScript (KB)',
      ours: kb(form.script),
      floor: kb(MEMBER_FORM_SCRIPT_BUDGET_BYTES),
      ratio: form.script / MEMBER_FORM_SCRIPT_BUDGET_BYTES,
      target: '< 150 KB',
      met: form.script < MEMBER_FORM_SCRIPT_BUDGET_BYTES,
    },
  ];
}
