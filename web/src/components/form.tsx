/**
 * Accessible form parts: every input has a visible label, an optional hint, and its error
 * tied to it (aria-describedby + aria-invalid), so a screen reader reads the problem with
 * the field. `ErrorSummary` lists the problems at the top, announced and focusable.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly error?: string | undefined;
  readonly required?: boolean;
  readonly optionalLabel?: string;
  readonly children: (described: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: 'true';
  }) => ComponentChildren;
}

export function Field(props: FieldProps) {
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  const describedBy = [
    props.hint === undefined ? undefined : hintId,
    props.error === undefined ? undefined : errorId,
  ]
    .filter((value) => value !== undefined)
    .join(' ');
  return (
    <div class={props.error === undefined ? 'field' : 'field field-invalid'}>
      <label for={props.id}>
        {props.label}
        {props.required !== false || props.optionalLabel === undefined ? null : (
          <span class="optional"> ({props.optionalLabel})</span>
        )}
      </label>
      {props.hint === undefined ? null : (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.error === undefined ? null : (
        <p class="field-error" id={errorId}>
          {props.error}
        </p>
      )}
      {props.children({
        id: props.id,
        ...(describedBy === '' ? {} : { 'aria-describedby': describedBy }),
        ...(props.error === undefined ? {} : { 'aria-invalid': 'true' as const }),
      })}
    </div>
  );
}

/** A group of checkboxes or radios with a legend, a hint and an error. */
export function Choices(props: {
  readonly id: string;
  readonly legend: string;
  readonly hint?: string;
  readonly error?: string | undefined;
  readonly children: ComponentChildren;
}) {
  const describedBy = [
    props.hint === undefined ? undefined : `${props.id}-hint`,
    props.error === undefined ? undefined : `${props.id}-error`,
  ]
    .filter((value) => value !== undefined)
    .join(' ');
  return (
    <fieldset
      class={props.error === undefined ? 'choices' : 'choices field-invalid'}
      id={props.id}
      {...(describedBy === '' ? {} : { 'aria-describedby': describedBy })}
    >
      <legend>{props.legend}</legend>
      {props.hint === undefined ? null : (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error === undefined ? null : (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      <div class="choices-list">{props.children}</div>
    </fieldset>
  );
}

export interface SummaryItem {
  /** The id of the input to jump to. */
  readonly fieldId: string;
  readonly message: string;
}

export function ErrorSummary(props: {
  title: string;
  items: readonly SummaryItem[];
  /** Needed when a screen has several forms: the summary's title id derives from it. */
  id?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = `${props.id ?? 'error-summary'}-title`;
  useEffect(() => {
    if (props.items.length > 0) box.current?.focus();
  }, [props.items]);
  if (props.items.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={box} aria-labelledby={titleId}>
      <h2 id={titleId}>{props.title}</h2>
      <ul>
        {props.items.map((item) => (
          <li key={item.fieldId}>
            <a
              href={`#${item.fieldId}`}
              onClick={(event) => {
                event.preventDefault();
                document.getElementById(item.fieldId)?.focus();
              }}
            >
              {item.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
