/** A screen's frame: its <h1>, the document title, and focus moved to it on arrival. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { COMMON } from '../i18n/common.js';
import { useT } from '../i18n/locale.js';

export function Page(props: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  const t = useT(COMMON);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · ${t('appName')}`;
  }, [props.title, t]);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page-header">
        <h1 id="page-title" tabIndex={-1} ref={heading}>
          {props.title}
        </h1>
        {props.actions === undefined ? null : <div class="page-actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}
