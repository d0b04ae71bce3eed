/**
 * Downloads: the referral export (GET /v1/dashboard/export.csv) and the council's quarterly
 * report (GET /v1/reports/council). Both need the bearer token, so a plain link cannot fetch
 * them: the app fetches each as a Blob and saves it through an object URL and <a download>.
 *
 * The council report is offered as a download (.html), not opened in a new tab. Tried in
 * Chromium: a blob: URL opened with window.open() or <a target="_blank"> inherits the policy
 * container — the app's Content-Security-Policy (`style-src 'self'`, web/security-headers.ts)
 * — so the report's own inline <style> is blocked and it shows unstyled (console: "Applying
 * inline style violates … 'style-src 'self''"); a data: URL cannot be opened at the top level.
 * The saved file opens from disk with only its own strict policy (a <meta> CSP that allows
 * its inline styles), prints on A4 as designed, and can be mailed to the council's members.
 */
import { useMemo, useState } from 'preact/hooks';
import { ApiProblem } from '../../api.js';
import { useApp } from '../../app-context.js';
import { ErrorSummary, Field } from '../../components/form.js';
import { Page } from '../../components/page.js';
import { problemMessage } from '../../components/problem.js';
import { COMMON } from '../../i18n/common.js';
import { INTL_LOCALE, useLocale, useT } from '../../i18n/locale.js';
import { LOCALES, type Locale } from '../../i18n/messages.js';
import { DIRECTORATE } from './messages.js';
import { monthOf, type Period, periodProblems, previousQuarter, recentQuarters, todayIn } from './period.js';

const LANGUAGE_NAMES: Record<Locale, string> = { ar: 'العربية', tr: 'Türkçe', en: 'English' };

/** Saves a Blob as a file: an object URL on a transient <a download>, released afterwards. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ReportsScreen() {
  const t = useT(DIRECTORATE);
  return (
    <Page title={t('reportsTitle')}>
      <p>{t('reportsIntro')}</p>
      <ExportForm />
      <CouncilReportForm />
    </Page>
  );
}

type Status = { readonly kind: 'success' | 'error'; readonly message: string } | undefined;

function StatusNotice(props: { status: Status; id: string }) {
  // Always present, so that what is put in it is announced (role=status / alert).
  return (
    <div
      id={props.id}
      role={props.status?.kind === 'error' ? 'alert' : 'status'}
      class={props.status === undefined ? 'feedback-box' : `feedback-box notice notice-${props.status.kind}`}
      data-feedback={props.status?.kind}
    >
      {props.status === undefined ? null : <p>{props.status.message}</p>}
    </div>
  );
}

function ExportForm() {
  const t = useT(DIRECTORATE);
  const common = useT(COMMON);
  const { api } = useApp();
  const { timeZone } = useLocale();
  const initial = monthOf(todayIn(timeZone));
  const [period, setPeriod] = useState<Period>(initial);
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  // A new list only when a submission sets new errors: the summary takes focus when it changes.
  const summaryItems = useMemo(
    () => [
      ...(errors.from === undefined ? [] : [{ fieldId: 'export-from', message: errors.from }]),
      ...(errors.to === undefined ? [] : [{ fieldId: 'export-to', message: errors.to }]),
    ],
    [errors],
  );
  const [status, setStatus] = useState<Status>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const problems = periodProblems(period);
    const found = {
      ...(problems.from === undefined ? {} : { from: t(problems.from) }),
      ...(problems.to === undefined ? {} : { to: t(problems.to) }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setStatus({ kind: 'success', message: t('preparingDownload') });
    try {
      const blob = await api.blob(`/v1/dashboard/export.csv?${new URLSearchParams({ ...period })}`);
      // The name the API gives in Content-Disposition.
      const filename = `jisr-referrals-${period.from}-${period.to}.csv`;
      saveBlob(blob, filename);
      setStatus({ kind: 'success', message: t('downloaded', { filename }) });
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 422) {
        setErrors({ to: t('exportTooLarge') });
        setStatus(undefined);
      } else if (error instanceof ApiProblem && error.status === 400) {
        setErrors({
          ...(error.fieldMessage('from') === undefined ? {} : { from: t('fromInvalid') }),
          ...(error.fieldMessage('to') === undefined ? {} : { to: t('toInvalid') }),
        });
        setStatus(undefined);
      } else setStatus({ kind: 'error', message: problemMessage(error, common) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="export-title" class="download-section">
      <h2 id="export-title">{t('exportTitle')}</h2>
      <p>{t('exportIntro')}</p>
      <ErrorSummary id="export-summary" title={t('errorSummaryTitle')} items={summaryItems} />
      <form class="filters directorate-filters" onSubmit={submit} noValidate aria-labelledby="export-title">
        <Field id="export-from" label={t('from')} error={errors.from}>
          {(described) => (
            <input
              {...described}
              type="date"
              name="from"
              value={period.from}
              onInput={(event) => setPeriod({ ...period, from: event.currentTarget.value })}
            />
          )}
        </Field>
        <Field id="export-to" label={t('to')} error={errors.to}>
          {(described) => (
            <input
              {...described}
              type="date"
              name="to"
              value={period.to}
              onInput={(event) => setPeriod({ ...period, to: event.currentTarget.value })}
            />
          )}
        </Field>
        <div class="button-row">
          <button type="submit" class="button-primary" disabled={busy}>
            {t('downloadCsv')}
          </button>
        </div>
      </form>
      <StatusNotice status={status} id="export-status" />
    </section>
  );
}

function CouncilReportForm() {
  const t = useT(DIRECTORATE);
  const common = useT(COMMON);
  const { api } = useApp();
  const { locale, timeZone, languages } = useLocale();
  const today = todayIn(timeZone);
  const quarters = recentQuarters(today, 8);
  const [quarter, setQuarter] = useState(previousQuarter(today));
  const [language, setLanguage] = useState<Locale>(locale);
  const [status, setStatus] = useState<Status>(undefined);
  const [busy, setBusy] = useState(false);
  const digits = new Intl.NumberFormat(INTL_LOCALE[locale], { useGrouping: false });
  const quarterLabel = (id: string) => {
    const [year, n] = id.split('-Q').map(Number) as [number, number];
    return t('quarterLabel', { quarter: digits.format(n), year: digits.format(year) });
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setStatus({ kind: 'success', message: t('preparingDownload') });
    try {
      const blob = await api.blob(`/v1/reports/council?${new URLSearchParams({ quarter, lang: language })}`);
      const filename = `council-report-${quarter}-${language}.html`;
      saveBlob(new Blob([blob], { type: 'text/html;charset=utf-8' }), filename);
      setStatus({ kind: 'success', message: t('reportDownloaded', { filename }) });
    } catch (error) {
      setStatus({ kind: 'error', message: problemMessage(error, common) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="report-title" class="download-section">
      <h2 id="report-title">{t('reportTitle')}</h2>
      <p>{t('reportIntro')}</p>
      <form class="filters directorate-filters" onSubmit={submit} aria-labelledby="report-title">
        <Field id="report-quarter" label={t('quarter')}>
          {(described) => (
            <select
              {...described}
              name="quarter"
              value={quarter}
              onChange={(event) => setQuarter(event.currentTarget.value)}
            >
              {quarters.map((id) => (
                <option key={id} value={id}>
                  {quarterLabel(id)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="report-language" label={t('reportLanguage')}>
          {(described) => (
            <select
              {...described}
              name="lang"
              value={language}
              onChange={(event) => setLanguage(event.currentTarget.value as Locale)}
            >
              {LOCALES.filter((option) => languages.includes(option)).map((option) => (
                <option key={option} value={option} lang={option}>
                  {LANGUAGE_NAMES[option]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div class="button-row">
          <button type="submit" class="button-primary" disabled={busy}>
            {t('downloadReport')}
          </button>
        </div>
      </form>
      <StatusNotice status={status} id="report-status" />
      <p class="hint">{t('reportHint')}</p>
    </section>
  );
}
