import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type BusinessCalendar,
  parseBusinessCalendar,
  type WorkingHoursCalendar,
  workingHoursCalendar,
} from '../../../shared/domain/business-calendar.js';

/** The 2026 Turkish holidays exactly as shipped in config/calendars/tr-2026.json. */
export function turkishHolidays2026(): unknown {
  const file = fileURLToPath(new URL('../../../config/calendars/tr-2026.json', import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The default unit calendar: Mon–Fri 08:30–12:30 and 13:30–17:30, Istanbul, 2026 holidays. */
export const istanbul2026: WorkingHoursCalendar = workingHoursCalendar('Europe/Istanbul', '+03:00', [
  turkishHolidays2026(),
]);

export const aroundTheClock: BusinessCalendar = parseBusinessCalendar({
  kind: '24/7',
  timeZone: 'Europe/Istanbul',
});

/** An Istanbul wall-clock time ("2026-05-26T10:00") as an instant; Istanbul is UTC+03:00. */
export const ist = (local: string): Date => new Date(`${local}:00+03:00`);

/** An instant as Istanbul wall-clock time, "YYYY-MM-DDTHH:MM" (seconds kept if not zero). */
export function local(at: Date): string {
  const text = new Date(at.getTime() + 3 * 3_600_000).toISOString();
  return text.endsWith(':00.000Z') ? text.slice(0, 16) : text.slice(0, 23);
}
