/** What a council member is told when a referral of their need changes, in their language. */
import type { NotificationRecord } from './audit.js';
import {
  LANGUAGES,
  type Language,
  type LocalizedText,
  OUTCOME_LABELS,
  type ReferralStatus,
} from './vocabulary.js';

type Template = (unit: string, outcome: string) => string;

const MESSAGES: Record<ReferralStatus, Record<Language, Template>> = {
  routed: {
    ar: (unit) => `أُحيلت الحاجة التي أبلغت عنها إلى ${unit}.`,
    tr: (unit) => `Bildirdiğiniz ihtiyaç şu birime yönlendirildi: ${unit}.`,
    en: (unit) => `The need you reported was referred to the ${unit}.`,
  },
  accepted: {
    ar: (unit) => `قبلت ${unit} الإحالة.`,
    tr: (unit) => `${unit} yönlendirmeyi kabul etti.`,
    en: (unit) => `The ${unit} accepted the referral.`,
  },
  in_progress: {
    ar: (unit) => `تعمل ${unit} على الإحالة.`,
    tr: (unit) => `${unit} yönlendirme üzerinde çalışıyor.`,
    en: (unit) => `The ${unit} is working on the referral.`,
  },
  on_hold: {
    ar: (unit) => `أوقفت ${unit} الإحالة مؤقتًا بانتظار معلومات أو إجراء.`,
    tr: (unit) => `${unit} yönlendirmeyi bir bilgi ya da işlem beklediği için bekletiyor.`,
    en: (unit) => `The ${unit} put the referral on hold while it waits for information or action.`,
  },
  resolved: {
    ar: (unit, outcome) => `أنهت ${unit} الإحالة: ${outcome}. يرجى تأكيد النتيجة.`,
    tr: (unit, outcome) => `${unit} yönlendirmeyi sonuçlandırdı: ${outcome}. Lütfen sonucu onaylayın.`,
    en: (unit, outcome) => `The ${unit} resolved the referral: ${outcome}. Please confirm the outcome.`,
  },
  closed: {
    ar: (unit) => `أُغلقت الإحالة إلى ${unit}.`,
    tr: (unit) => `${unit} yönlendirmesi kapatıldı.`,
    en: (unit) => `The referral to the ${unit} is closed.`,
  },
  rejected: {
    ar: (unit) => `لم تتمكن ${unit} من قبول الإحالة؛ عادت إلى مكتب شؤون الهجرة لإعادة توجيهها.`,
    tr: (unit) =>
      `${unit} yönlendirmeyi üstlenemedi; yeniden yönlendirilmek üzere Göç İşleri Masasına döndü.`,
    en: (unit) =>
      `The ${unit} could not take the referral; it went back to the migration desk to be routed again.`,
  },
  transferred: {
    ar: (unit) => `حوّلت ${unit} الإحالة إلى وحدة أخرى.`,
    tr: (unit) => `${unit} yönlendirmeyi başka bir birime aktardı.`,
    en: (unit) => `The ${unit} passed the referral on to another unit.`,
  },
  cancelled: {
    ar: (unit) => `أُلغيت الإحالة إلى ${unit}.`,
    tr: (unit) => `${unit} yönlendirmesi iptal edildi.`,
    en: (unit) => `The referral to the ${unit} was cancelled.`,
  },
};

export function notificationMessage(
  notification: Pick<NotificationRecord, 'status' | 'outcome' | 'unitId'>,
  language: Language,
  unitLabel: LocalizedText | undefined,
): string {
  const unit = unitLabel?.[language] ?? notification.unitId;
  const outcome = notification.outcome === undefined ? '' : OUTCOME_LABELS[notification.outcome][language];
  return MESSAGES[notification.status][language](unit, outcome);
}

/**
 * The language to answer in: the first supported one of Accept-Language (what the interface
 * asks for now), else the user's profile language, else the council's default.
 */
export function preferredLanguage(
  acceptLanguage: string | undefined,
  profileLocale: string | undefined,
  councilDefault: string,
): Language {
  const supported = (tag: string | undefined): Language | undefined => {
    const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
    return LANGUAGES.find((language) => language === primary);
  };
  const requested = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...parameters] = part.trim().split(';');
      const quality = parameters.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
      return { tag, q: quality === undefined ? 1 : Number(quality.slice(2)) || 0 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const entry of requested) {
    const language = supported(entry.tag);
    if (language !== undefined) return language;
  }
  return supported(profileLocale) ?? supported(councilDefault) ?? 'en';
}
