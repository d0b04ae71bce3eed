/**
 * The report a council member is writing: kept on the device (localStorage, one draft per
 * user) on every change, checked step by step against the API's limits, and turned into the
 * body of POST /v1/needs. No DOM and no API calls here.
 */
import type { ReportNeedRequest } from '../../../../shared/schemas/need.js';
import { asciiDigits, CONTROL_CHARACTERS, PHONE_PATTERN, REPORT_LIMITS } from './limits.js';
import type { MemberMessage } from './messages.js';

export type YesNo = '' | 'yes' | 'no';

export interface Draft {
  readonly format: 1;
  /** The step the member was on (index into STEPS). */
  readonly step: number;
  readonly categories: readonly string[];
  readonly description: string;
  readonly district: string;
  readonly neighbourhood: string;
  readonly ageGroup: string;
  readonly gender: string;
  /** As typed (digits in any script); checked and converted when sent. */
  readonly householdSize: string;
  readonly disability: YesNo;
  readonly language: string;
  readonly priority: string;
  readonly vulnerabilities: readonly string[];
  readonly cohesionRisks: readonly string[];
  readonly consent: YesNo;
  readonly contactName: string;
  readonly contactPhone: string;
  /**
   * Set when the member first presses "Send" and kept with the draft until a 2xx arrives:
   * every retry reuses `key`, so the API records the report once (see report-need.tsx for
   * what happens after an edit). `queued`: a send is waiting for the connection.
   */
  readonly submission?: { readonly key: string; readonly queued: boolean } | undefined;
  readonly savedAt: string;
}

export const emptyDraft = (): Draft => ({
  format: 1,
  step: 0,
  categories: [],
  description: '',
  district: '',
  neighbourhood: '',
  ageGroup: '',
  gender: '',
  householdSize: '',
  disability: '',
  language: '',
  priority: '',
  vulnerabilities: [],
  cohesionRisks: [],
  consent: '',
  contactName: '',
  contactPhone: '',
  savedAt: new Date().toISOString(),
});

/** Whether the member has entered anything yet (a restored empty draft is not worth a notice). */
export const hasContent = (draft: Draft) =>
  draft.step > 0 ||
  draft.categories.length > 0 ||
  draft.description.trim() !== '' ||
  draft.district !== '' ||
  draft.submission !== undefined;

// --- Steps and fields ---------------------------------------------------------------------

export const STEPS = [
  { id: 'need', fields: ['categories', 'description'] },
  { id: 'place', fields: ['district', 'neighbourhood'] },
  {
    id: 'person',
    fields: [
      'beneficiary.ageGroup',
      'beneficiary.gender',
      'beneficiary.householdSize',
      'beneficiary.disability',
      'beneficiary.language',
    ],
  },
  { id: 'urgency', fields: ['priority', 'vulnerabilities'] },
  { id: 'cohesion', fields: ['cohesionRisks'] },
  { id: 'consent', fields: ['consent.shareWithUnits', 'contact.name', 'contact.phone'] },
  { id: 'review', fields: [] },
] as const;
export type StepId = (typeof STEPS)[number]['id'];
export const REVIEW_STEP = STEPS.length - 1;

/** The API's field paths this form knows (`errors[].field` of a 400, numeric segments dropped). */
export type FieldPath = (typeof STEPS)[number]['fields'][number];

/** The id of a field's input (or fieldset) in the page. */
export const fieldId = (path: FieldPath) => `report-${path.replace('.', '-')}`;

export const stepOf = (path: FieldPath): number =>
  STEPS.findIndex((step) => step.id !== 'review' && (step.fields as readonly string[]).includes(path));

const ALL_FIELDS = STEPS.flatMap((step) => step.fields) as FieldPath[];

/**
 * The form's field for a path the API names: `categories.1` → `categories`; a whole object
 * (`beneficiary`, `contact`, `consent`) → its first field; anything else → undefined.
 */
export function formFieldOf(apiField: string): FieldPath | undefined {
  const path = apiField
    .split('.')
    .filter((segment) => !/^\d+$/.test(segment))
    .join('.');
  if ((ALL_FIELDS as string[]).includes(path)) return path as FieldPath;
  const first = ALL_FIELDS.find((field) => field.startsWith(`${path}.`));
  return first;
}

// --- Checks -------------------------------------------------------------------------------

export interface FieldError {
  readonly key: MemberMessage;
  readonly params?: Readonly<Record<string, number>>;
}
export type FieldErrors = Partial<Record<FieldPath, FieldError>>;

const trimmed = (text: string) => text.trim();
const householdNumber = (text: string) => {
  const digits = asciiDigits(text.trim());
  return /^\d{1,3}$/.test(digits) ? Number(digits) : Number.NaN;
};

/** The same rules as the API, for the fields of one step. */
export function checkStep(draft: Draft, step: number): FieldErrors {
  const errors: FieldErrors = {};
  const limits = REPORT_LIMITS;
  switch (STEPS[step]?.id) {
    case 'need': {
      if (draft.categories.length < limits.categories.min)
        errors.categories = { key: 'errorCategoriesMissing' };
      else if (draft.categories.length > limits.categories.max)
        errors.categories = { key: 'errorCategoriesTooMany', params: { max: limits.categories.max } };
      const description = trimmed(draft.description);
      if (description.length < limits.description.min)
        errors.description = { key: 'errorDescriptionMissing' };
      else if (description.length > limits.description.max)
        errors.description = {
          key: 'errorDescriptionTooLong',
          params: { max: limits.description.max, count: description.length },
        };
      else if (CONTROL_CHARACTERS.test(description)) errors.description = { key: 'errorControlCharacters' };
      break;
    }
    case 'place': {
      if (draft.district === '') errors.district = { key: 'errorDistrictMissing' };
      const neighbourhood = trimmed(draft.neighbourhood);
      if (neighbourhood.length > limits.neighbourhood.max)
        errors.neighbourhood = {
          key: 'errorNeighbourhoodTooLong',
          params: { max: limits.neighbourhood.max },
        };
      else if (CONTROL_CHARACTERS.test(neighbourhood))
        errors.neighbourhood = { key: 'errorControlCharacters' };
      break;
    }
    case 'person': {
      if (draft.ageGroup === '') errors['beneficiary.ageGroup'] = { key: 'errorAgeGroupMissing' };
      if (draft.gender === '') errors['beneficiary.gender'] = { key: 'errorGenderMissing' };
      const size = householdNumber(draft.householdSize);
      if (!(size >= limits.householdSize.min && size <= limits.householdSize.max))
        errors['beneficiary.householdSize'] = {
          key: 'errorHouseholdSize',
          params: { min: limits.householdSize.min, max: limits.householdSize.max },
        };
      if (draft.disability === '') errors['beneficiary.disability'] = { key: 'errorDisabilityMissing' };
      if (draft.language === '') errors['beneficiary.language'] = { key: 'errorLanguageMissing' };
      break;
    }
    case 'urgency': {
      if (draft.priority === '') errors.priority = { key: 'errorPriorityMissing' };
      if (draft.vulnerabilities.length > limits.vulnerabilities.max)
        errors.vulnerabilities = {
          key: 'errorVulnerabilitiesTooMany',
          params: { max: limits.vulnerabilities.max },
        };
      break;
    }
    case 'cohesion':
      break;
    case 'consent': {
      if (draft.consent === '') errors['consent.shareWithUnits'] = { key: 'errorConsentMissing' };
      const name = trimmed(draft.contactName);
      const phone = asciiDigits(trimmed(draft.contactPhone));
      if (name !== '' || phone !== '') {
        if (name === '') errors['contact.name'] = { key: 'errorContactNameMissing' };
        else if (name.length > limits.contactName.max)
          errors['contact.name'] = {
            key: 'errorContactNameTooLong',
            params: { max: limits.contactName.max },
          };
        else if (CONTROL_CHARACTERS.test(name)) errors['contact.name'] = { key: 'errorControlCharacters' };
        if (phone === '') errors['contact.phone'] = { key: 'errorContactPhoneMissing' };
        else if (!PHONE_PATTERN.test(phone)) errors['contact.phone'] = { key: 'errorContactPhoneInvalid' };
      }
      break;
    }
    case 'review':
      return checkAll(draft);
  }
  return errors;
}

export function checkAll(draft: Draft): FieldErrors {
  return Object.assign({}, ...STEPS.slice(0, REVIEW_STEP).map((_, index) => checkStep(draft, index)));
}

/** What to say next to a field the API refused (its own message is English and technical). */
export const SERVER_FIELD_ERRORS: Record<FieldPath, FieldError> = {
  categories: { key: 'errorCategoriesInvalid', params: { max: REPORT_LIMITS.categories.max } },
  description: { key: 'errorDescriptionInvalid', params: { max: REPORT_LIMITS.description.max } },
  district: { key: 'errorDistrictMissing' },
  neighbourhood: { key: 'errorNeighbourhoodTooLong', params: { max: REPORT_LIMITS.neighbourhood.max } },
  'beneficiary.ageGroup': { key: 'errorAgeGroupMissing' },
  'beneficiary.gender': { key: 'errorGenderMissing' },
  'beneficiary.householdSize': {
    key: 'errorHouseholdSize',
    params: { min: REPORT_LIMITS.householdSize.min, max: REPORT_LIMITS.householdSize.max },
  },
  'beneficiary.disability': { key: 'errorDisabilityMissing' },
  'beneficiary.language': { key: 'errorLanguageMissing' },
  priority: { key: 'errorPriorityMissing' },
  vulnerabilities: { key: 'errorVulnerabilitiesTooMany', params: { max: REPORT_LIMITS.vulnerabilities.max } },
  cohesionRisks: { key: 'errorCohesionRisksInvalid' },
  'consent.shareWithUnits': { key: 'errorConsentMissing' },
  'contact.name': { key: 'errorContactNameTooLong', params: { max: REPORT_LIMITS.contactName.max } },
  'contact.phone': { key: 'errorContactPhoneInvalid' },
};

// --- The request --------------------------------------------------------------------------

/**
 * The body of POST /v1/needs. Deterministic for a given draft (trimmed text, lists in the
 * catalog's order), so a retry of an unchanged draft sends exactly the same body and the
 * API replays its first answer instead of refusing the key.
 */
export function reportRequest(
  draft: Draft,
  order: {
    categories: readonly string[];
    vulnerabilities: readonly string[];
    cohesionRisks: readonly string[];
  },
): ReportNeedRequest {
  const inOrder = (chosen: readonly string[], all: readonly string[]) =>
    [...chosen].sort((a, b) => all.indexOf(a) - all.indexOf(b));
  const neighbourhood = trimmed(draft.neighbourhood);
  const name = trimmed(draft.contactName);
  const phone = asciiDigits(trimmed(draft.contactPhone));
  return {
    categories: inOrder(draft.categories, order.categories),
    description: trimmed(draft.description),
    district: draft.district,
    ...(neighbourhood === '' ? {} : { neighbourhood }),
    priority: draft.priority as ReportNeedRequest['priority'],
    beneficiary: {
      ageGroup: draft.ageGroup as ReportNeedRequest['beneficiary']['ageGroup'],
      gender: draft.gender as ReportNeedRequest['beneficiary']['gender'],
      householdSize: householdNumber(draft.householdSize),
      disability: draft.disability === 'yes',
      language: draft.language as ReportNeedRequest['beneficiary']['language'],
    },
    ...(draft.vulnerabilities.length === 0
      ? {}
      : { vulnerabilities: inOrder(draft.vulnerabilities, order.vulnerabilities) }),
    ...(draft.cohesionRisks.length === 0
      ? {}
      : {
          cohesionRisks: inOrder(
            draft.cohesionRisks,
            order.cohesionRisks,
          ) as ReportNeedRequest['cohesionRisks'],
        }),
    consent: { shareWithUnits: draft.consent === 'yes' },
    ...(name === '' && phone === '' ? {} : { contact: { name, phone } }),
  };
}

// --- Keeping it on the device -------------------------------------------------------------

const storageKey = (username: string) => `jisr.member.draft.${username}`;

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** A stored draft as written by this version of the app, or undefined. */
function parseDraft(text: string | null): Draft | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const base = emptyDraft();
    if (value.format !== 1) return undefined;
    for (const [name, empty] of Object.entries(base)) {
      const stored = value[name];
      if (Array.isArray(empty) ? !isStringList(stored) : typeof stored !== typeof empty) return undefined;
    }
    const submission = value.submission as Draft['submission'] | undefined;
    if (
      submission !== undefined &&
      (typeof submission?.key !== 'string' || typeof submission.queued !== 'boolean')
    )
      return undefined;
    const draft = value as unknown as Draft;
    return { ...draft, step: Math.min(Math.max(0, Math.trunc(draft.step)), REVIEW_STEP) };
  } catch {
    return undefined;
  }
}

export interface DraftStore {
  load(): Draft | undefined;
  save(draft: Draft): void;
  clear(): void;
}

/** One draft per signed-in user on this device (a shared phone keeps each member's apart). */
export function draftStore(username: string, storage: Storage = localStorage): DraftStore {
  const key = storageKey(username);
  return {
    load: () => {
      try {
        return parseDraft(storage.getItem(key));
      } catch {
        return undefined;
      }
    },
    save: (draft) => {
      try {
        storage.setItem(key, JSON.stringify(draft));
      } catch {
        // Storage full or disabled (private mode): the draft lives as long as the page.
      }
    },
    clear: () => {
      try {
        storage.removeItem(key);
      } catch {
        // nothing kept, nothing to clear
      }
    },
  };
}
