import { describe, expect, inject, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';

const api = new ApiClient(inject('baseUrl'));

interface Entry {
  id: string;
  label: Record<'ar' | 'tr' | 'en', string>;
}
interface Catalog {
  council: { id: string };
  triageUnitId: string;
  categories: Entry[];
  units: Entry[];
  districts: Entry[];
  priorities: Entry[];
  cohesionRisks: Entry[];
  vulnerabilities: Entry[];
}

describe('GET /v1/catalog', () => {
  it('lists the council vocabulary, every entry labelled in Arabic, Turkish and English', async () => {
    const response = await api.as<Catalog>('member.amina', 'GET', '/v1/catalog');
    expect(response.status).toBe(200);
    const catalog = response.body;
    expect(catalog.council.id).toBe('adana');
    expect(catalog.triageUnitId).toBe('migration-desk');
    expect(catalog.units.map((unit) => unit.id)).toEqual([
      'health',
      'education',
      'social-assistance',
      'legal-aid',
      'housing',
      'employment',
      'psychosocial',
      'language-courses',
      'migration-desk',
    ]);
    expect(catalog.categories).toHaveLength(12);
    expect(catalog.districts.map((district) => district.id)).toEqual([
      'seyhan',
      'yuregir',
      'cukurova',
      'saricam',
      'ceyhan',
      'kozan',
      'imamoglu',
      'karatas',
      'karaisali',
      'pozanti',
      'yumurtalik',
      'tufanbeyli',
      'feke',
      'saimbeyli',
      'aladag',
    ]);
    expect(catalog.priorities.map((priority) => priority.id)).toEqual([
      'routine',
      'priority',
      'urgent',
      'emergency',
    ]);
    expect(catalog.cohesionRisks).toHaveLength(6);
    for (const entry of [
      ...catalog.categories,
      ...catalog.units,
      ...catalog.districts,
      ...catalog.priorities,
      ...catalog.cohesionRisks,
      ...catalog.vulnerabilities,
    ]) {
      expect(entry.label.ar, entry.id).toMatch(/[\u0600-\u06FF]/);
      expect(entry.label.tr.length, entry.id).toBeGreaterThan(0);
      expect(entry.label.en.length, entry.id).toBeGreaterThan(0);
    }
  });

  it.each(['staff.health', 'director'])('is readable by %s too', async (username) => {
    expect((await api.as(username, 'GET', '/v1/catalog')).status).toBe(200);
  });
});
