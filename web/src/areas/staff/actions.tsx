/**
 * The actions the unit may take on a referral now, each a small form with its own fields.
 * The API validates; its field errors are shown at the fields (in the user's language when
 * the field was left empty). What the user typed lives in the page's drafts, so it survives a
 * reload of the referral — after a stale edit, for one.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import {
  HOLD_REASONS,
  OUTCOMES,
  type Outcome,
  REJECTION_REASONS,
} from '../../../../shared/domain/vocabulary.js';
import type { Referral } from '../../../../shared/schemas/referral.js';
import { ApiProblem, newIdempotencyKey } from '../../api.js';
import { useApp } from '../../app-context.js';
import { ErrorSummary, Field } from '../../components/form.js';
import { ProblemNotice } from '../../components/problem.js';
import { COMMON } from '../../i18n/common.js';
import { useLocale, useT } from '../../i18n/locale.js';
import type { UnitAction } from './allowed-actions.js';
import { outcomeLabel, type StaffKey, type StaffT, unitLabel } from './labels.js';
import { STAFF } from './messages.js';

export interface Draft {
  readonly note: string;
  readonly reason: string;
  readonly holdReason: string;
  readonly outcome: string;
  readonly toUnitId: string;
}
export const EMPTY_DRAFT: Draft = { note: '', reason: '', holdReason: '', outcome: '', toUnitId: '' };
export type Drafts = Partial<Record<UnitAction, Draft>>;

/** What became of the last submission, for the page to show. */
export type ActionResult =
  | { readonly kind: 'done'; readonly referral: Referral }
  | { readonly kind: 'stale' }
  | { readonly kind: 'not-allowed'; readonly status: Referral['status'] | undefined };

/** The request body of an action (fields left empty are left out, for the API to name them). */
export function transitionBody(action: UnitAction, draft: Draft, expectedVersion: number) {
  const note = draft.note.trim();
  const body: Record<string, unknown> = { action, expectedVersion };
  if (action === 'reject') body.note = note;
  else if (note !== '') body.note = note;
  if (action === 'reject' && draft.reason !== '') body.reason = draft.reason;
  if (action === 'hold' && draft.holdReason !== '') body.holdReason = draft.holdReason;
  if (action === 'resolve' && draft.outcome !== '') body.outcome = draft.outcome;
  if (action === 'transfer' && draft.toUnitId !== '') body.toUnitId = draft.toUnitId;
  return body;
}

const FIELDS_OF: Record<UnitAction, readonly (keyof Draft)[]> = {
  accept: ['note'],
  start: ['note'],
  hold: ['holdReason', 'note'],
  resume: ['note'],
  resolve: ['outcome', 'note'],
  reject: ['reason', 'note'],
  transfer: ['toUnitId', 'note'],
};

/** Our own words for a field left empty; the API's message otherwise. */
function fieldMessage(t: StaffT, action: UnitAction, field: keyof Draft, draft: Draft, api: string): string {
  if (draft[field].trim() !== '') return api;
  const empty: Partial<Record<keyof Draft, StaffKey>> = {
    reason: 'errChooseReason',
    holdReason: 'errChooseHoldReason',
    outcome: 'errChooseOutcome',
    toUnitId: 'errChooseUnit',
    ...(action === 'reject' ? { note: 'errWriteNote' as const } : {}),
  };
  const key = empty[field];
  return key === undefined ? api : t(key);
}

interface FormErrors {
  readonly action: UnitAction;
  readonly fields: Partial<Record<keyof Draft, string>>;
  readonly other?: unknown;
}

export function ActionForms(props: {
  referral: Referral;
  actions: readonly UnitAction[];
  drafts: Drafts;
  onDraft: (action: UnitAction, draft: Draft) => void;
  onResult: (action: UnitAction, result: ActionResult) => void;
  /** A submission starts: the page clears what it said about the last one. */
  onSubmit: () => void;
}) {
  const { api, catalog } = useApp();
  const t = useT(STAFF);
  const common = useT(COMMON);
  const { locale } = useLocale();
  const [busy, setBusy] = useState<UnitAction | undefined>(undefined);
  const [errors, setErrors] = useState<FormErrors | undefined>(undefined);
  // One idempotency key per distinct request: a retry of the same body is answered once.
  const keys = useRef(new Map<string, string>());
  const { referral } = props;

  const submit = async (action: UnitAction) => {
    const draft = props.drafts[action] ?? EMPTY_DRAFT;
    const body = transitionBody(action, draft, referral.version);
    const signature = `${referral.id}:${JSON.stringify(body)}`;
    const key = keys.current.get(signature) ?? newIdempotencyKey();
    keys.current.set(signature, key);
    setBusy(action);
    setErrors(undefined);
    props.onSubmit();
    try {
      const response = await api.post<Referral>(`/v1/referrals/${referral.id}/transitions`, {
        body,
        headers: { 'Idempotency-Key': key },
      });
      keys.current.delete(signature);
      props.onResult(action, { kind: 'done', referral: response.body });
    } catch (error) {
      if (
        error instanceof ApiProblem &&
        error.status === 409 &&
        error.problem.type.endsWith('stale-version')
      ) {
        props.onResult(action, { kind: 'stale' });
      } else if (
        error instanceof ApiProblem &&
        error.status === 422 &&
        error.problem.type.endsWith('transition-not-allowed')
      ) {
        const status = (error.problem as { currentStatus?: Referral['status'] }).currentStatus;
        props.onResult(action, { kind: 'not-allowed', status });
      } else if (error instanceof ApiProblem && error.status === 400 && error.problem.errors !== undefined) {
        const fields: Partial<Record<keyof Draft, string>> = {};
        const known = FIELDS_OF[action];
        for (const issue of error.problem.errors) {
          const field = known.find((name) => name === issue.field);
          if (field !== undefined && fields[field] === undefined)
            fields[field] = fieldMessage(t, action, field, draft, issue.message);
        }
        const unknownIssue = error.problem.errors.some(
          (issue) => !known.some((name) => name === issue.field),
        );
        setErrors({ action, fields, ...(unknownIssue ? { other: error } : {}) });
      } else {
        setErrors({ action, fields: {}, other: error });
      }
    } finally {
      setBusy(undefined);
    }
  };

  // The same list until the next submission: the summary takes focus whenever its list changes.
  const summary = useMemo(
    () =>
      errors === undefined
        ? []
        : FIELDS_OF[errors.action].flatMap((field) => {
            const message = errors.fields[field];
            return message === undefined ? [] : [{ fieldId: `${errors.action}-${field}`, message }];
          }),
    [errors],
  );

  const serviceUnits = catalog.units.filter(
    (unit) => unit.id !== catalog.triageUnitId && unit.id !== referral.unitId,
  );

  return (
    <div class="action-forms">
      {props.actions.map((action) => {
        const draft = props.drafts[action] ?? EMPTY_DRAFT;
        const set = (change: Partial<Draft>) => props.onDraft(action, { ...draft, ...change });
        const formErrors = errors?.action === action ? errors : undefined;
        const error = (field: keyof Draft) => formErrors?.fields[field];
        const select = (
          field: 'reason' | 'holdReason' | 'outcome' | 'toUnitId',
          label: StaffKey,
          options: readonly { value: string; label: string }[],
        ) => (
          <Field id={`${action}-${field}`} label={t(label)} error={error(field)}>
            {(described) => (
              <select
                {...described}
                name={field}
                aria-required="true"
                value={draft[field]}
                onChange={(event) => set({ [field]: event.currentTarget.value })}
              >
                <option value="">{t('chooseOne')}</option>
                {options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        );
        return (
          <form
            key={action}
            class="card action-form"
            data-action={action}
            aria-labelledby={`${action}-title`}
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void submit(action);
            }}
          >
            <h3 id={`${action}-title`}>{t(`do_${action}`)}</h3>
            <p class="hint">{t(`hint_${action}`)}</p>
            {formErrors === undefined ? null : (
              <ErrorSummary id={`${action}-errors`} title={t('errorSummaryTitle')} items={summary} />
            )}
            {formErrors?.other === undefined ? null : <ProblemNotice error={formErrors.other} />}
            {action === 'reject'
              ? select(
                  'reason',
                  'fieldRejectReason',
                  REJECTION_REASONS.map((value) => ({ value, label: t(`rejectReason_${value}`) })),
                )
              : null}
            {action === 'hold'
              ? select(
                  'holdReason',
                  'fieldHoldReason',
                  HOLD_REASONS.map((value) => ({ value, label: t(`holdReason_${value}`) })),
                )
              : null}
            {action === 'resolve'
              ? select(
                  'outcome',
                  'fieldOutcome',
                  OUTCOMES.map((value: Outcome) => ({ value, label: outcomeLabel(value, locale) })),
                )
              : null}
            {action === 'transfer'
              ? select(
                  'toUnitId',
                  'fieldToUnit',
                  serviceUnits.map((unit) => ({
                    value: unit.id,
                    label: unitLabel(catalog, unit.id, locale),
                  })),
                )
              : null}
            <Field
              id={`${action}-note`}
              label={action === 'reject' ? t('fieldRejectNote') : t('fieldNote')}
              hint={action === 'reject' ? t('rejectNoteHint') : t('noteHint')}
              error={error('note')}
              required={action === 'reject'}
              optionalLabel={common('optional')}
            >
              {(described) => (
                <textarea
                  {...described}
                  name="note"
                  aria-required={action === 'reject' ? 'true' : undefined}
                  rows={3}
                  maxLength={1000}
                  dir="auto"
                  value={draft.note}
                  onInput={(event) => set({ note: event.currentTarget.value })}
                />
              )}
            </Field>
            <div class="button-row">
              <button
                type="submit"
                class={
                  action === 'reject'
                    ? 'button-danger'
                    : action === 'accept'
                      ? 'button-primary'
                      : 'button-secondary'
                }
                disabled={busy !== undefined}
              >
                {busy === action ? t('saving') : t(`do_${action}`)}
              </button>
            </div>
          </form>
        );
      })}
    </div>
  );
}

export const anyDraftText = (draft: Draft | undefined) => draft !== undefined && draft.note.trim() !== '';
