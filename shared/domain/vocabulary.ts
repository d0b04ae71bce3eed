/** The fixed vocabulary of the API contract (v1). Council-specific lists (units, categories,
 * districts, vulnerabilities) are data in the council's settings, not here. */

export const LANGUAGES = ['ar', 'tr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export type LocalizedText = Record<Language, string>;

export const PRIORITIES = ['routine', 'priority', 'urgent', 'emergency'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const AGE_GROUPS = ['0-4', '5-11', '12-17', '18-29', '30-59', '60+'] as const;
export const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
export const BENEFICIARY_LANGUAGES = ['ar', 'tr', 'en', 'ku', 'fa', 'other'] as const;

export const COHESION_RISKS = [
  'inter_community_tension',
  'discrimination',
  'hate_incident',
  'eviction_threat',
  'misinformation',
  'service_denial',
] as const;
export type CohesionRisk = (typeof COHESION_RISKS)[number];

export const REFERRAL_STATUSES = [
  'routed',
  'accepted',
  'in_progress',
  'on_hold',
  'resolved',
  'closed',
  'rejected',
  'transferred',
  'cancelled',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const ROLES = ['council-member', 'unit-staff', 'directorate'] as const;
export type Role = (typeof ROLES)[number];

export const PRIORITY_LABELS: Record<Priority, LocalizedText> = {
  routine: { ar: 'عادي', tr: 'Olağan', en: 'Routine' },
  priority: { ar: 'ذو أولوية', tr: 'Öncelikli', en: 'Priority' },
  urgent: { ar: 'عاجل', tr: 'Acil', en: 'Urgent' },
  emergency: { ar: 'طارئ', tr: 'Hayati acil', en: 'Emergency' },
};

export const COHESION_RISK_LABELS: Record<CohesionRisk, LocalizedText> = {
  inter_community_tension: {
    ar: 'توتر بين المجتمعات',
    tr: 'Topluluklar arası gerginlik',
    en: 'Tension between communities',
  },
  discrimination: { ar: 'تمييز', tr: 'Ayrımcılık', en: 'Discrimination' },
  hate_incident: {
    ar: 'خطاب أو حادثة كراهية',
    tr: 'Nefret söylemi veya olayı',
    en: 'Hate speech or incident',
  },
  eviction_threat: { ar: 'تهديد بالإخلاء', tr: 'Tahliye tehdidi', en: 'Eviction threat' },
  misinformation: {
    ar: 'شائعات ومعلومات مضللة',
    tr: 'Söylenti ve yanlış bilgi',
    en: 'Rumours or misinformation',
  },
  service_denial: {
    ar: 'الحرمان من خدمة',
    tr: 'Hizmete erişimin engellenmesi',
    en: 'Denied access to a service',
  },
};
