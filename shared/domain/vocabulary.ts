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

/** What can be done to a referral (POST /v1/referrals/{id}/transitions). */
export const REFERRAL_ACTIONS = [
  'accept',
  'start',
  'hold',
  'resume',
  'resolve',
  'reject',
  'transfer',
  'route',
  'close',
  'reopen',
  'cancel',
] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

export const OUTCOMES = [
  'service_provided',
  'partially_provided',
  'not_eligible',
  'no_capacity',
  'unreachable',
  'declined',
  'referred_elsewhere',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const REJECTION_REASONS = [
  'not_our_service',
  'outside_area',
  'not_eligible',
  'duplicate',
  'insufficient_information',
  'other',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const HOLD_REASONS = [
  'awaiting_information',
  'awaiting_beneficiary',
  'awaiting_other_agency',
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export const OUTCOME_LABELS: Record<Outcome, LocalizedText> = {
  service_provided: { ar: 'تم تقديم الخدمة', tr: 'hizmet sağlandı', en: 'the service was provided' },
  partially_provided: {
    ar: 'تم تقديم الخدمة جزئيًا',
    tr: 'hizmet kısmen sağlandı',
    en: 'the service was partly provided',
  },
  not_eligible: {
    ar: 'غير مستحق لهذه الخدمة',
    tr: 'hizmetten yararlanma koşulları karşılanmadı',
    en: 'not eligible for this service',
  },
  no_capacity: {
    ar: 'لا تتوفر قدرة لدى الوحدة حاليًا',
    tr: 'birimin şu anda kapasitesi yok',
    en: 'the unit has no capacity now',
  },
  unreachable: {
    ar: 'تعذّر التواصل مع المستفيد',
    tr: 'yararlanıcıya ulaşılamadı',
    en: 'the beneficiary could not be reached',
  },
  declined: {
    ar: 'رفض المستفيد الخدمة',
    tr: 'yararlanıcı hizmeti istemedi',
    en: 'the beneficiary declined the service',
  },
  referred_elsewhere: {
    ar: 'أُحيل إلى جهة أخرى',
    tr: 'başka bir kuruma yönlendirildi',
    en: 'referred to another organisation',
  },
};
