import { describe, expect, it } from 'vitest';
import { loadCouncilSettings } from '../../../infra/council.js';
import { routeNeed } from '../../../shared/domain/routing.js';
import type { RoutingRule } from '../../../shared/schemas/council.js';

const TRIAGE = 'migration-desk';

describe('routeNeed', () => {
  describe('with rules for one category, category-wide and per district', () => {
    const rules: RoutingRule[] = [
      { category: 'health', unitId: 'health' },
      { category: 'health', district: 'ceyhan', unitId: 'ceyhan-health-centre' },
      { category: 'housing', district: 'kozan', unitId: 'kozan-housing' },
    ];

    it.each([
      { district: 'ceyhan', unitId: 'ceyhan-health-centre', why: 'the district rule wins' },
      { district: 'seyhan', unitId: 'health', why: 'the category-wide rule applies elsewhere' },
    ])('routes health in $district to $unitId ($why)', ({ district, unitId }) => {
      // prepare
      const need = { categories: ['health'], district };

      // act
      const assignments = routeNeed(need, rules, TRIAGE);

      // assess
      expect(assignments).toEqual([{ unitId, categories: ['health'], routedBy: 'rule' }]);
    });

    it('prefers the district rule even when the category-wide rule is listed first or last', () => {
      const reversed = [...rules].reverse();

      const forward = routeNeed({ categories: ['health'], district: 'ceyhan' }, rules, TRIAGE);
      const backward = routeNeed({ categories: ['health'], district: 'ceyhan' }, reversed, TRIAGE);

      expect(forward).toEqual(backward);
      expect(forward[0]?.unitId).toBe('ceyhan-health-centre');
    });

    it.each([
      { category: 'housing', district: 'seyhan', why: 'the only rule is for another district' },
      { category: 'employment', district: 'seyhan', why: 'no rule names the category' },
    ])('sends $category in $district to triage ($why)', ({ category, district }) => {
      const assignments = routeNeed({ categories: [category], district }, rules, TRIAGE);

      expect(assignments).toEqual([{ unitId: TRIAGE, categories: [category], routedBy: 'triage' }]);
    });
  });

  describe('with several categories', () => {
    const rules: RoutingRule[] = [
      { category: 'legal-aid', unitId: 'legal-aid' },
      { category: 'documentation', unitId: 'legal-aid' },
      { category: 'health', unitId: 'health' },
      { category: 'intake', unitId: TRIAGE },
    ];

    it.each([
      {
        categories: ['documentation', 'health', 'legal-aid'],
        expected: [
          { unitId: 'legal-aid', categories: ['documentation', 'legal-aid'], routedBy: 'rule' },
          { unitId: 'health', categories: ['health'], routedBy: 'rule' },
        ],
      },
      {
        categories: ['legal-aid', 'health', 'documentation'],
        expected: [
          { unitId: 'legal-aid', categories: ['legal-aid', 'documentation'], routedBy: 'rule' },
          { unitId: 'health', categories: ['health'], routedBy: 'rule' },
        ],
      },
      {
        categories: ['other', 'health', 'employment'],
        expected: [
          { unitId: TRIAGE, categories: ['other', 'employment'], routedBy: 'triage' },
          { unitId: 'health', categories: ['health'], routedBy: 'rule' },
        ],
      },
      {
        categories: ['other', 'intake'],
        expected: [{ unitId: TRIAGE, categories: ['other', 'intake'], routedBy: 'rule' }],
      },
    ])(
      'routes $categories to one referral per unit, categories in the member order',
      ({ categories, expected }) => {
        const assignments = routeNeed({ categories, district: 'seyhan' }, rules, TRIAGE);

        expect(assignments).toEqual(expected);
      },
    );

    it('routes no categories to no units', () => {
      expect(routeNeed({ categories: [], district: 'seyhan' }, rules, TRIAGE)).toEqual([]);
    });
  });

  describe("with Adana's rules from config/councils/adana.json", () => {
    const adana = loadCouncilSettings('adana');

    it.each([
      ['health', 'health'],
      ['education', 'education'],
      ['social-assistance', 'social-assistance'],
      ['legal-aid', 'legal-aid'],
      ['housing', 'housing'],
      ['employment', 'employment'],
      ['psychosocial', 'psychosocial'],
      ['language-courses', 'language-courses'],
      ['documentation', 'legal-aid'],
      ['protection', 'psychosocial'],
      ['disability', 'social-assistance'],
    ])('routes %s to the %s unit by rule', (category, unitId) => {
      const assignments = routeNeed(
        { categories: [category], district: 'seyhan' },
        adana.routingRules,
        adana.catalog.triageUnitId,
      );

      expect(assignments).toEqual([{ unitId, categories: [category], routedBy: 'rule' }]);
    });

    it('routes other to the triage unit migration-desk', () => {
      const assignments = routeNeed(
        { categories: ['other'], district: 'aladag' },
        adana.routingRules,
        adana.catalog.triageUnitId,
      );

      expect(assignments).toEqual([{ unitId: 'migration-desk', categories: ['other'], routedBy: 'triage' }]);
    });

    it('has a rule or the triage unit for every category of the catalog', () => {
      const units = new Set(adana.catalog.units.map((unit) => unit.id));

      const routed = adana.catalog.categories.map(
        (category) =>
          routeNeed(
            { categories: [category.id], district: 'seyhan' },
            adana.routingRules,
            adana.catalog.triageUnitId,
          )[0]?.unitId,
      );

      expect(routed.every((unitId) => unitId !== undefined && units.has(unitId))).toBe(true);
    });
  });
});
