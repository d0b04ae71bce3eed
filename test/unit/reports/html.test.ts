import { describe, expect, it } from 'vitest';
import { councilReport } from '../../../shared/application/council-report.js';
import { escapeHtml, html, SafeHtml, unsafeRaw } from '../../../shared/reports/html.js';
import { DIRECTOR } from '../builders.js';
import { firstQuarterOf2026, visibleText } from './fixtures.js';

describe('the html template', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('escapes every interpolated string and number, in content and in attributes', () => {
    const name = '<script>alert("x")</script>';
    const page = html`<p title="${name}">${name} ${42}</p>`;
    expect(page).toBeInstanceOf(SafeHtml);
    expect(page.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 42</p>',
    );
  });

  it('keeps nested templates as markup (escaped once), joins arrays, drops null, undefined and false', () => {
    const items = ['a&b', '<i>'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}`.value).toBe(
      '<ul><li>a&amp;b</li><li>&lt;i&gt;</li></ul>',
    );
    expect(html`${unsafeRaw('<b>ours</b>')}`.value).toBe('<b>ours</b>');
  });

  it('a quote cannot break out of an attribute', () => {
    const value = `" onmouseover="alert(1)`;
    expect(html`<td data-x="${value}">`.value).toBe('<td data-x="&quot; onmouseover=&quot;alert(1)">');
  });
});

describe('the council report with hostile names', () => {
  it('shows a council name and a unit label with <script> as text, never as markup', async () => {
    const deps = await firstQuarterOf2026();
    const configuration = await deps.councilConfiguration.load();
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const health = configuration.catalog.units.find((unit) => unit.id === 'health');
    if (health === undefined) throw new Error('no health unit');
    health.label = { ar: hostile, tr: hostile, en: hostile };
    const seyhan = configuration.catalog.districts.find((district) => district.id === 'seyhan');
    if (seyhan === undefined) throw new Error('no district');
    seyhan.label = { ar: `"'${hostile}`, tr: hostile, en: hostile };
    const council = { ...configuration.council, name: { ar: hostile, tr: hostile, en: hostile } };
    const hostileDeps = {
      ...deps,
      councilConfiguration: {
        load: async () => ({ ...configuration, council }),
        saveHotspotRule: async () => {},
      },
    };
    for (const lang of ['ar', 'tr', 'en'] as const) {
      const { html: page } = await councilReport(hostileDeps, DIRECTOR, { quarter: '2026-Q1', lang });
      expect(page).not.toMatch(/<script/i);
      expect(page).not.toMatch(/<img/i);
      // Inside tags, that is: as text it is harmless.
      expect(page).not.toMatch(/<[^>]*onerror/i);
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
      // The reader sees the name as it was written: in the title, the header, the table and the chart.
      expect(visibleText(page).split(hostile).length - 1).toBeGreaterThanOrEqual(4);
    }
  });
});
