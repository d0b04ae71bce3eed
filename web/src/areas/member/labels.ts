/** Message keys for the fixed vocabulary the API has no labels for, and plain-words hints. */
import type {
  AGE_GROUPS,
  BENEFICIARY_LANGUAGES,
  GENDERS,
  REFERRAL_STATUSES,
} from '../../../../shared/domain/vocabulary.js';
import type { MemberMessage } from './messages.js';

export const AGE_GROUP_KEYS: Record<(typeof AGE_GROUPS)[number], MemberMessage> = {
  '0-4': 'age0to4',
  '5-11': 'age5to11',
  '12-17': 'age12to17',
  '18-29': 'age18to29',
  '30-59': 'age30to59',
  '60+': 'age60plus',
};

export const GENDER_KEYS: Record<(typeof GENDERS)[number], MemberMessage> = {
  female: 'genderFemale',
  male: 'genderMale',
  other: 'genderOther',
  undisclosed: 'genderUndisclosed',
};

export const LANGUAGE_KEYS: Record<(typeof BENEFICIARY_LANGUAGES)[number], MemberMessage> = {
  ar: 'languageAr',
  tr: 'languageTr',
  en: 'languageEn',
  ku: 'languageKu',
  fa: 'languageFa',
  other: 'languageOther',
};

export const STATUS_KEYS: Record<(typeof REFERRAL_STATUSES)[number], MemberMessage> = {
  routed: 'statusRouted',
  accepted: 'statusAccepted',
  in_progress: 'statusInProgress',
  on_hold: 'statusOnHold',
  resolved: 'statusResolved',
  closed: 'statusClosed',
  rejected: 'statusRejected',
  transferred: 'statusTransferred',
  cancelled: 'statusCancelled',
};

/** Hints for the catalog's usual categories (a council's own extra categories go without one). */
export const CATEGORY_HINT_KEYS: Readonly<Record<string, MemberMessage | undefined>> = {
  health: 'hintCategoryHealth',
  education: 'hintCategoryEducation',
  'social-assistance': 'hintCategorySocialAssistance',
  'legal-aid': 'hintCategoryLegalAid',
  housing: 'hintCategoryHousing',
  employment: 'hintCategoryEmployment',
  psychosocial: 'hintCategoryPsychosocial',
  'language-courses': 'hintCategoryLanguageCourses',
  documentation: 'hintCategoryDocumentation',
  protection: 'hintCategoryProtection',
  disability: 'hintCategoryDisability',
  other: 'hintCategoryOther',
};

export const PRIORITY_HINT_KEYS: Readonly<Record<string, MemberMessage | undefined>> = {
  routine: 'priorityHintRoutine',
  priority: 'priorityHintPriority',
  urgent: 'priorityHintUrgent',
  emergency: 'priorityHintEmergency',
};

export const COHESION_HINT_KEYS: Readonly<Record<string, MemberMessage | undefined>> = {
  inter_community_tension: 'hintRiskTension',
  discrimination: 'hintRiskDiscrimination',
  hate_incident: 'hintRiskHate',
  eviction_threat: 'hintRiskEviction',
  misinformation: 'hintRiskMisinformation',
  service_denial: 'hintRiskServiceDenial',
};

/** Badge class for a status: what needs the member's eye stands out. */
export const STATUS_BADGE: Record<(typeof REFERRAL_STATUSES)[number], string> = {
  routed: 'badge badge-neutral',
  accepted: 'badge badge-ok',
  in_progress: 'badge badge-ok',
  on_hold: 'badge badge-warning',
  resolved: 'badge badge-warning',
  closed: 'badge badge-ok',
  rejected: 'badge badge-neutral',
  transferred: 'badge badge-neutral',
  cancelled: 'badge badge-neutral',
};
