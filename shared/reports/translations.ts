/**
 * Every string the council report shows, one table per language. `{name}` placeholders are
 * filled with values already formatted for the language (digits, dates, lists). A unit test
 * checks that each table has every key, none empty, with the same placeholders.
 */
import type { Language } from '../domain/vocabulary.js';

const en = {
  'report.title': 'Quarterly referral report',
  'report.subtitle': 'For the council session',
  'report.quarter': 'Q{quarter} {year}',
  'report.period': 'Period',
  'report.generatedAt': 'Generated',
  'report.timeZone': 'Time zone',
  'report.preparedBy':
    'Prepared with Jisr by the migration directorate, from the figures of the SLA dashboard.',
  'section.headline': 'Headline figures',
  'section.units': 'Service units',
  'section.equity': 'Equity: who waits longer',
  'section.cohesion': 'Social cohesion risks',
  'section.notes': 'About these figures',
  'figure.opened': 'Referrals opened',
  'figure.resolved': 'Referrals resolved',
  'figure.withinSla': 'Resolved within SLA',
  'figure.medianResolve': 'Median time to resolve',
  'figure.p90Resolve': 'Time to resolve, 90th percentile',
  'figure.medianAcknowledge': 'Median time to acknowledge',
  'figure.p90Acknowledge': 'Time to acknowledge, 90th percentile',
  'figure.openNow': 'Open now',
  'figure.breachedNow': 'Past their deadline now',
  'figure.cohesionFlags': 'Referrals with cohesion-risk flags',
  'figure.hotspots': 'Cohesion hotspots raised in the quarter',
  'column.unit': 'Unit',
  'column.group': 'Group',
  'column.district': 'District',
  'value.inHours': '{label} (hours)',
  'value.atMost': '≤ {value}',
  'value.above': '> {value}',
  'value.suppressed': 'fewer than {threshold}',
  'units.sortedBy': 'Sorted by the share resolved within SLA, highest first.',
  'units.none': 'No referrals were routed to the units in this quarter.',
  'equity.intro':
    "Times to acknowledge and to resolve, and the share resolved within SLA, by the beneficiary's profile.",
  'equity.longest': 'Longest median time to resolve: {groups}.',
  'equity.noDifference': 'The median time to resolve is the same for every group shown.',
  'equity.tooFew': 'Too few referrals to compare the groups.',
  'dimension.gender': 'Gender',
  'dimension.ageGroup': 'Age group',
  'dimension.disability': 'Disability',
  'dimension.language': 'Language',
  'gender.female': 'Female',
  'gender.male': 'Male',
  'gender.other': 'Other',
  'gender.undisclosed': 'Not disclosed',
  'age.range': '{from}–{to} years',
  'age.over': '{from} years and over',
  'disability.yes': 'With a disability',
  'disability.no': 'Without a disability',
  'language.ar': 'Arabic',
  'language.tr': 'Turkish',
  'language.en': 'English',
  'language.ku': 'Kurdish',
  'language.fa': 'Persian',
  'language.other': 'Another language',
  'cohesion.intro':
    'Referrals opened in the quarter whose need carries cohesion-risk flags, by district, and the hotspots raised.',
  'cohesion.none': 'No district had referrals in this quarter.',
  'chart.withinSlaByUnit': 'Share resolved within SLA, by unit',
  'chart.medianResolveBy': 'Median time to resolve (hours) — {dimension}',
  'chart.item': '{label}: {value}',
  'note.suppression':
    'Figures made from fewer than {threshold} referrals are withheld and shown as “fewer than {threshold}”, so that no person can be singled out.',
  'note.times':
    'Times are hours on each referral’s SLA calendar — working hours for routine and priority referrals, around the clock for urgent and emergency ones — shown as the upper bound of the range they fall in (“≤ {example}” means up to {example} hours).',
  'note.sla':
    'Resolved within SLA: of the referrals whose resolution deadline was met or missed in the quarter, the share that met it; cancelled referrals are not counted.',
  'note.now':
    '“Now” figures describe the backlog when this report was generated, not at the end of the quarter.',
  'note.period':
    'Referrals are counted on the local day ({timeZone}) they were routed, acknowledged or resolved.',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Readonly<Record<MessageKey, string>>;

const tr: Messages = {
  'report.title': 'Üç aylık yönlendirme raporu',
  'report.subtitle': 'Meclis oturumu için',
  'report.quarter': '{year} yılı {quarter}. çeyrek',
  'report.period': 'Dönem',
  'report.generatedAt': 'Oluşturulma',
  'report.timeZone': 'Saat dilimi',
  'report.preparedBy':
    'Göç müdürlüğü tarafından Jisr ile, SLA gösterge panelinin rakamlarından hazırlanmıştır.',
  'section.headline': 'Temel göstergeler',
  'section.units': 'Hizmet birimleri',
  'section.equity': 'Eşitlik: kim daha uzun bekliyor',
  'section.cohesion': 'Sosyal uyum riskleri',
  'section.notes': 'Rakamlar hakkında',
  'figure.opened': 'Açılan yönlendirmeler',
  'figure.resolved': 'Sonuçlanan yönlendirmeler',
  'figure.withinSla': 'SLA süresinde sonuçlanan',
  'figure.medianResolve': 'Ortanca sonuçlanma süresi',
  'figure.p90Resolve': 'Sonuçlanma süresi, 90. yüzdelik',
  'figure.medianAcknowledge': 'Ortanca kabul süresi',
  'figure.p90Acknowledge': 'Kabul süresi, 90. yüzdelik',
  'figure.openNow': 'Şu anda açık',
  'figure.breachedNow': 'Şu anda süresi geçmiş',
  'figure.cohesionFlags': 'Sosyal uyum riski işaretli yönlendirmeler',
  'figure.hotspots': 'Çeyrekte oluşan sosyal uyum sıcak noktaları',
  'column.unit': 'Birim',
  'column.group': 'Grup',
  'column.district': 'İlçe',
  'value.inHours': '{label} (saat)',
  'value.atMost': '≤ {value}',
  'value.above': '> {value}',
  'value.suppressed': '{threshold}’ten az',
  'units.sortedBy': 'SLA süresinde sonuçlananların payına göre, en yüksekten başlayarak sıralanmıştır.',
  'units.none': 'Bu çeyrekte birimlere yönlendirme yapılmadı.',
  'equity.intro':
    'Yararlanıcının profiline göre kabul ve sonuçlanma süreleri ile SLA süresinde sonuçlananların payı.',
  'equity.longest': 'En uzun ortanca sonuçlanma süresi: {groups}.',
  'equity.noDifference': 'Gösterilen bütün gruplarda ortanca sonuçlanma süresi aynıdır.',
  'equity.tooFew': 'Grupları karşılaştırmak için yönlendirme sayısı yetersiz.',
  'dimension.gender': 'Cinsiyet',
  'dimension.ageGroup': 'Yaş grubu',
  'dimension.disability': 'Engellilik',
  'dimension.language': 'Dil',
  'gender.female': 'Kadın',
  'gender.male': 'Erkek',
  'gender.other': 'Diğer',
  'gender.undisclosed': 'Belirtilmemiş',
  'age.range': '{from}–{to} yaş',
  'age.over': '{from} yaş ve üzeri',
  'disability.yes': 'Engelli',
  'disability.no': 'Engelli değil',
  'language.ar': 'Arapça',
  'language.tr': 'Türkçe',
  'language.en': 'İngilizce',
  'language.ku': 'Kürtçe',
  'language.fa': 'Farsça',
  'language.other': 'Başka bir dil',
  'cohesion.intro':
    'Çeyrekte açılan ve ihtiyacı sosyal uyum riski işareti taşıyan yönlendirmeler ilçelere göre, ve oluşan sıcak noktalar.',
  'cohesion.none': 'Bu çeyrekte hiçbir ilçede yönlendirme yok.',
  'chart.withinSlaByUnit': 'Birimlere göre SLA süresinde sonuçlananların payı',
  'chart.medianResolveBy': 'Ortanca sonuçlanma süresi (saat) — {dimension}',
  'chart.item': '{label}: {value}',
  'note.suppression':
    '{threshold}’ten az yönlendirmeden oluşan rakamlar, hiç kimsenin tanınamaması için gösterilmez; yerlerinde “{threshold}’ten az” yazar.',
  'note.times':
    'Süreler her yönlendirmenin SLA takvimine göre saattir — olağan ve öncelikli yönlendirmelerde mesai saatleri, acil ve hayati acil olanlarda günün tamamı — ve düştükleri aralığın üst sınırı olarak verilir (“≤ {example}”, {example} saate kadar demektir).',
  'note.sla':
    'SLA süresinde sonuçlanan: sonuçlanma süresi çeyrek içinde karşılanan ya da aşılan yönlendirmelerden süresinde sonuçlananların payı; iptal edilenler sayılmaz.',
  'note.now':
    '“Şu anda” rakamları çeyreğin sonundaki değil, bu raporun oluşturulduğu andaki bekleyen işleri gösterir.',
  'note.period':
    'Yönlendirmeler, yönlendirildikleri, kabul edildikleri ya da sonuçlandıkları yerel güne ({timeZone}) göre sayılır.',
};

const ar: Messages = {
  'report.title': 'التقرير الفصلي للإحالات',
  'report.subtitle': 'لجلسة المجلس',
  'report.quarter': 'الربع {quarter} من عام {year}',
  'report.period': 'الفترة',
  'report.generatedAt': 'تاريخ الإعداد',
  'report.timeZone': 'المنطقة الزمنية',
  'report.preparedBy': 'أعدّته مديرية الهجرة باستخدام «جسر» من أرقام لوحة متابعة مهل الخدمة.',
  'section.headline': 'الأرقام الرئيسية',
  'section.units': 'وحدات الخدمة',
  'section.equity': 'الإنصاف: من ينتظر أطول؟',
  'section.cohesion': 'مخاطر التماسك الاجتماعي',
  'section.notes': 'حول هذه الأرقام',
  'figure.opened': 'الإحالات الواردة',
  'figure.resolved': 'الإحالات المنجزة',
  'figure.withinSla': 'المنجزة ضمن المهلة',
  'figure.medianResolve': 'وسيط مدة الإنجاز',
  'figure.p90Resolve': 'مدة الإنجاز، المئين التسعون',
  'figure.medianAcknowledge': 'وسيط مدة القبول',
  'figure.p90Acknowledge': 'مدة القبول، المئين التسعون',
  'figure.openNow': 'المفتوحة حاليًا',
  'figure.breachedNow': 'المتجاوزة لمهلتها حاليًا',
  'figure.cohesionFlags': 'الإحالات التي تحمل مؤشرات خطر على التماسك',
  'figure.hotspots': 'بؤر خطر التماسك المسجّلة في الربع',
  'column.unit': 'الوحدة',
  'column.group': 'الفئة',
  'column.district': 'المنطقة',
  'value.inHours': '{label} (بالساعات)',
  'value.atMost': 'حتى {value}',
  'value.above': 'أكثر من {value}',
  'value.suppressed': 'أقل من {threshold}',
  'units.sortedBy': 'مرتّبة حسب نسبة الإنجاز ضمن المهلة، من الأعلى إلى الأدنى.',
  'units.none': 'لم تُحَل أي إحالات إلى الوحدات في هذا الربع.',
  'equity.intro': 'مدد القبول والإنجاز ونسبة الإنجاز ضمن المهلة، حسب خصائص المستفيد.',
  'equity.longest': 'أطول وسيط لمدة الإنجاز: {groups}.',
  'equity.noDifference': 'وسيط مدة الإنجاز متساوٍ لجميع الفئات المعروضة.',
  'equity.tooFew': 'عدد الإحالات أقل من أن يسمح بالمقارنة بين الفئات.',
  'dimension.gender': 'الجنس',
  'dimension.ageGroup': 'الفئة العمرية',
  'dimension.disability': 'الإعاقة',
  'dimension.language': 'اللغة',
  'gender.female': 'أنثى',
  'gender.male': 'ذكر',
  'gender.other': 'آخر',
  'gender.undisclosed': 'غير مُصرَّح به',
  'age.range': '{from}–{to} سنة',
  'age.over': '{from} سنة فأكثر',
  'disability.yes': 'من ذوي الإعاقة',
  'disability.no': 'من دون إعاقة',
  'language.ar': 'العربية',
  'language.tr': 'التركية',
  'language.en': 'الإنجليزية',
  'language.ku': 'الكردية',
  'language.fa': 'الفارسية',
  'language.other': 'لغة أخرى',
  'cohesion.intro':
    'الإحالات الواردة في الربع التي تحمل حاجتها مؤشرات خطر على التماسك الاجتماعي، حسب المنطقة، وبؤر الخطر المسجّلة.',
  'cohesion.none': 'لا توجد إحالات في أي منطقة خلال هذا الربع.',
  'chart.withinSlaByUnit': 'نسبة الإنجاز ضمن المهلة حسب الوحدة',
  'chart.medianResolveBy': 'وسيط مدة الإنجاز (بالساعات) — {dimension}',
  'chart.item': '{label}: {value}',
  'note.suppression':
    'لا تُعرض الأرقام المستندة إلى أقل من {threshold} إحالات، ويُكتب مكانها «أقل من {threshold}»، حتى لا يمكن تمييز أي شخص.',
  'note.times':
    'المدد بالساعات وفق تقويم مهلة كل إحالة — ساعات العمل للإحالات العادية وذات الأولوية، وعلى مدار الساعة للعاجلة والطارئة — وتُعرض بالحد الأعلى للمدى الذي تقع فيه («حتى {example}» تعني {example} ساعة على الأكثر).',
  'note.sla':
    'الإنجاز ضمن المهلة: من بين الإحالات التي أُنجزت في مهلتها أو تجاوزتها خلال الربع، نسبة ما أُنجز في موعده؛ ولا تُحتسب الإحالات الملغاة.',
  'note.now': 'تصف أرقام «حاليًا» الإحالات المتراكمة عند إعداد هذا التقرير، لا في نهاية الربع.',
  'note.period': 'تُحتسب الإحالات حسب اليوم المحلي ({timeZone}) الذي أُحيلت أو قُبلت أو أُنجزت فيه.',
};

export const REPORT_MESSAGES: Readonly<Record<Language, Messages>> = { ar, tr, en };

export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);

/** The names of a template's `{placeholders}`, sorted and without repeats. */
export const placeholdersOf = (template: string): string[] =>
  [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string))].sort();

/** The message in `language` with its placeholders filled (an unknown one stays as it is). */
export function message(
  language: Language,
  key: MessageKey,
  parameters: Readonly<Record<string, string>> = {},
): string {
  return REPORT_MESSAGES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(parameters, name) ? (parameters[name] as string) : whole,
  );
}
