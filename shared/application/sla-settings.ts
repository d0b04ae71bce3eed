/**
 * The directorate reads and replaces the SLA policies and the business calendar. Religious
 * holidays move every year, so a calendar without holiday data for this year (or, in
 * December, the next) is flagged rather than silently treated as holiday-free.
 */
import type { Actor } from '../domain/actor.js';
import { holidaysCoverYear, type WorkingHoursCalendar } from '../domain/business-calendar.js';
import { Conflict, NotFound, NotPermitted, ValidationFailed } from '../domain/errors.js';
import type {
  ReplaceCalendarRequest,
  ReplaceSlaPoliciesRequest,
  ReplaceUnitCalendarRequest,
  SlaSettingsResponse,
} from '../schemas/sla.js';
import type { Dependencies, SlaSettings } from './ports.js';

function assertDirectorate(actor: Actor): void {
  if (actor.role !== 'directorate') throw new NotPermitted('SLA settings are the migration directorate’s');
}

function view(settings: SlaSettings, now: Date): SlaSettingsResponse {
  const year = now.getUTCFullYear();
  const years = now.getUTCMonth() === 11 ? [year, year + 1] : [year];
  const calendars: [string | undefined, WorkingHoursCalendar][] = [
    [undefined, settings.calendar],
    ...Object.entries(settings.unitCalendars),
  ];
  return {
    ...settings,
    warnings: calendars.flatMap(([unitId, calendar]) =>
      years
        .filter((candidate) => !holidaysCoverYear(calendar, candidate))
        .map((candidate) => ({
          code: 'no-holidays-for-year' as const,
          year: candidate,
          ...(unitId === undefined ? {} : { unitId }),
          message: `${unitId === undefined ? 'The calendar' : `The calendar of ${unitId}`} has no public holidays for ${candidate}: load that year's published holidays`,
        })),
    ),
  };
}

export async function slaSettingsFor(deps: Dependencies, actor: Actor): Promise<SlaSettingsResponse> {
  assertDirectorate(actor);
  return view(await deps.slaSettings.load({ fresh: true }), deps.clock.now());
}

const stale = (current: SlaSettings) =>
  new Conflict(
    `The SLA settings changed since you read them: they are now version ${current.version}`,
    'stale-version',
    { currentVersion: current.version },
  );

export async function replaceSlaPolicies(
  deps: Dependencies,
  actor: Actor,
  request: ReplaceSlaPoliciesRequest,
): Promise<SlaSettingsResponse> {
  assertDirectorate(actor);
  const { catalog } = await deps.councilConfiguration.load();
  const categories = new Set(catalog.categories.map((category) => category.id));
  const unknown = request.policies.flatMap((policy, index) =>
    policy.category === undefined || categories.has(policy.category)
      ? []
      : [{ field: `policies.${index}.category`, message: `unknown category "${policy.category}"` }],
  );
  if (unknown.length > 0) throw new ValidationFailed(unknown);
  const current = await deps.slaSettings.load({ fresh: true });
  if (current.version !== request.expectedVersion) throw stale(current);
  const saved = await deps.slaSettings.save(
    { ...current, policies: request.policies },
    request.expectedVersion,
  );
  if (saved === 'conflict') throw stale(await deps.slaSettings.load({ fresh: true }));
  return view(saved, deps.clock.now());
}

export async function replaceCalendar(
  deps: Dependencies,
  actor: Actor,
  request: ReplaceCalendarRequest,
): Promise<SlaSettingsResponse> {
  assertDirectorate(actor);
  const current = await deps.slaSettings.load({ fresh: true });
  if (current.version !== request.expectedVersion) throw stale(current);
  const saved = await deps.slaSettings.save(
    { ...current, calendar: request.calendar },
    request.expectedVersion,
  );
  if (saved === 'conflict') throw stale(await deps.slaSettings.load({ fresh: true }));
  return view(saved, deps.clock.now());
}

/** A unit that keeps other hours gets its own calendar; `null` puts it back on the council's. */
export async function replaceUnitCalendar(
  deps: Dependencies,
  actor: Actor,
  unitId: string,
  request: ReplaceUnitCalendarRequest,
): Promise<SlaSettingsResponse> {
  assertDirectorate(actor);
  const { catalog } = await deps.councilConfiguration.load();
  if (!catalog.units.some((unit) => unit.id === unitId)) throw new NotFound(`No unit "${unitId}"`);
  const current = await deps.slaSettings.load({ fresh: true });
  if (current.version !== request.expectedVersion) throw stale(current);
  const { [unitId]: _previous, ...others } = current.unitCalendars;
  const unitCalendars = request.calendar === null ? others : { ...others, [unitId]: request.calendar };
  const saved = await deps.slaSettings.save({ ...current, unitCalendars }, request.expectedVersion);
  if (saved === 'conflict') throw stale(await deps.slaSettings.load({ fresh: true }));
  return view(saved, deps.clock.now());
}
