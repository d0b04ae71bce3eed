/**
 * Every user-visible string of the web app exists in Arabic, Turkish and English: each
 * area's table has exactly the English keys, no empty string, the same placeholders, and
 * no table is forgotten (every `messages.ts` under web/src is checked).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/bundling.js';
import { LOCALES, type Messages } from '../../../web/src/i18n/messages.js';

const WEB_SRC = join(REPO_ROOT, 'web', 'src');

function messageModules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return messageModules(path);
    return name === 'messages.ts' || name === 'common.ts' ? [path] : [];
  });
}

const isMessages = (value: unknown): value is Messages<string> =>
  typeof value === 'object' && value !== null && 'area' in value && 'tables' in value;

const placeholders = (text: string) =>
  [...text.matchAll(/\{([a-zA-Z0-9_]+)\}/g)].map((match) => match[1]).sort();

const tables = await Promise.all(
  messageModules(WEB_SRC)
    .filter((path) => !path.endsWith(join('i18n', 'messages.ts')))
    .map(async (path) => {
      const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
      return Object.entries(module)
        .filter((entry): entry is [string, Messages<string>] => isMessages(entry[1]))
        .map(([name, messages]) => ({ name: `${relative(WEB_SRC, path)}#${name}`, messages }));
    }),
).then((lists) => lists.flat());

describe('web app translations', () => {
  it('finds the tables of the shell and of every role area', () => {
    const areas = tables.map(({ messages }) => messages.area).sort();
    expect(areas).toEqual(expect.arrayContaining(['common', 'member', 'staff', 'directorate']));
  });

  describe.each(tables)('$name', ({ messages }) => {
    const english = messages.tables.en;
    it.each(LOCALES.filter((locale) => locale !== 'en'))('%s has exactly the English keys', (locale) => {
      expect(Object.keys(messages.tables[locale]).sort()).toEqual(Object.keys(english).sort());
    });
    it.each(LOCALES)('%s has no empty string', (locale) => {
      const empty = Object.entries(messages.tables[locale]).filter(([, text]) => text.trim() === '');
      expect(empty).toEqual([]);
    });
    it.each(LOCALES.filter((locale) => locale !== 'en'))('%s uses the same placeholders', (locale) => {
      const mismatched = Object.entries(english)
        .filter(([key, text]) => {
          const translated = messages.tables[locale][key];
          return translated === undefined || placeholders(translated).join() !== placeholders(text).join();
        })
        .map(([key]) => key);
      expect(mismatched).toEqual([]);
    });
    it('Arabic is written in Arabic script (not left in English)', () => {
      const latinOnly = Object.entries(messages.tables.ar)
        .filter(
          ([, text]) =>
            /[A-Za-z]{4,}/.test(text.replace(/\{[a-zA-Z0-9_]+\}/g, '')) && !/[\u0600-\u06FF]/.test(text),
        )
        .map(([key]) => key)
        // Proper names and formats that stay Latin in every language.
        .filter((key) => !['appName', 'fieldProblem'].includes(key));
      expect(latinOnly).toEqual([]);
    });
  });
});
