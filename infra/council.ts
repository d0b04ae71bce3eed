import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type WorkingHoursCalendar, workingHoursCalendar } from '../shared/domain/business-calendar.js';
import { type CouncilSettings, CouncilSettings as CouncilSettingsSchema } from '../shared/schemas/council.js';

export const COUNCILS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'config', 'councils');
export const DEFAULT_COUNCIL = 'adana';
export const CALENDARS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'config', 'calendars');

/** A council's settings with its business calendar built from its holiday files. */
export type LoadedCouncilSettings = CouncilSettings & { readonly businessCalendar: WorkingHoursCalendar };

/** Reads and validates config/councils/<id>.json; a bad file fails fast with the field named. */
export function loadCouncilSettings(
  councilId: string = DEFAULT_COUNCIL,
  dir = COUNCILS_DIR,
  calendarsDir = CALENDARS_DIR,
): LoadedCouncilSettings {
  if (!/^[a-z0-9-]+$/.test(councilId)) throw new Error(`Invalid council id "${councilId}"`);
  const file = join(dir, `${councilId}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read council settings ${file}: ${(error as Error).message}`);
  }
  const parsed = CouncilSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid council settings ${file}: ${issues}`);
  }
  if (parsed.data.id !== councilId) throw new Error(`${file} declares id "${parsed.data.id}"`);
  const { timeZone, utcOffset, holidayFiles } = parsed.data.calendar;
  const holidayYears = holidayFiles.map((name) => readJson(join(calendarsDir, `${name}.json`)));
  try {
    return { ...parsed.data, businessCalendar: workingHoursCalendar(timeZone, utcOffset, holidayYears) };
  } catch (error) {
    throw new Error(`Invalid calendar of ${file}: ${(error as Error).message}`);
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as Error).message}`);
  }
}
