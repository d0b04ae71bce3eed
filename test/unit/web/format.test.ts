import { describe, expect, it } from 'vitest';
import { formatters } from '../../../web/src/i18n/format.js';
import { directionOf, interpolate } from '../../../web/src/i18n/messages.js';

describe('web formatting', () => {
  it('shows times in the council’s time zone, whatever the device’s', () => {
    // 21:30 UTC is 00:30 the next day in Istanbul.
    expect(formatters('en', 'Europe/Istanbul').dateTime('2026-05-26T21:30:00Z')).toContain('27 May 2026');
    expect(formatters('en', 'UTC').dateTime('2026-05-26T21:30:00Z')).toContain('26 May 2026');
  });

  it('writes Arabic with Arabic-Indic digits and Turkish with its own separators', () => {
    expect(formatters('ar', 'Europe/Istanbul').number(1234)).toBe('١٬٢٣٤');
    expect(formatters('tr', 'Europe/Istanbul').number(1234.5, 1)).toBe('1.234,5');
    expect(formatters('en', 'Europe/Istanbul').percent(87.5)).toBe('87.5%');
  });

  it('keeps a calendar date on its day in every zone', () => {
    expect(formatters('en', 'Pacific/Kiritimati').day('2026-07-01')).toBe('1 Jul 2026');
  });

  it('interpolates placeholders and leaves a missing one visible', () => {
    expect(interpolate('{a} of {b}', { a: 1, b: 'two' })).toBe('1 of two');
    expect(interpolate('{a} of {b}', { a: 1 })).toBe('1 of {b}');
  });

  it('lays Arabic out right to left', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('tr')).toBe('ltr');
  });
});
