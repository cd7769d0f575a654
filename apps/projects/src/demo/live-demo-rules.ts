import { addDays, atLocalTime, type LocalDate, type WorkingDayCalendar } from '@duban/calendar';
import { DEMO_DATA_MARK, LIVE_DEMO_INSPECTED_COUNTY, type OfficerRole } from '@duban/contracts';
import { LINXIAN_CODE } from './demo-programme-rules';

/**
 * The live demo's story (pure): for each county, where its current-year project stands today, so that every
 * city's dashboard has counties in each light colour, monthly reports filed, returned and missing, and a
 * leading group for every county. Everything is a function of the county's position and of "today", so the
 * same seed gives the same story on any day of any year.
 */

/** The light a county's project is placed to show today. */
export type ScenarioLight = 'done' | 'green' | 'yellow' | 'red';
/** The county's monthly report for the last month: filed (and its review), or none. */
export type ScenarioReport = 'submitted' | 'accepted' | 'returned' | 'missing';

export interface CountyScenario {
  readonly light: ScenarioLight;
  /** How many template milestones (in template order) are done; all of them for 'done'. */
  readonly doneCount: number;
  readonly report: ScenarioReport;
}

// Cycles over the counties in code order: any 13 neighbours (a city) hold every light and report status.
const LIGHTS: readonly ScenarioLight[] = ['green', 'red', 'yellow', 'done', 'green', 'yellow', 'red', 'green'];
const REPORTS: readonly ScenarioReport[] = ['accepted', 'submitted', 'returned', 'missing', 'submitted', 'accepted'];
/**
 * Milestones done before the one the light is about. At most the 6 before the acceptance: the acceptance
 * milestone completes when an inspection is signed, so only a finished ('done') county has it done.
 */
const MAX_DONE_BEFORE_ACCEPTANCE = 6;

/** The scenario of the county at `index` (counties in code order) of a template of `templateSize` milestones. */
export function countyScenario(code: string, index: number, templateSize: number): CountyScenario {
  const report = REPORTS[index % REPORTS.length] as ScenarioReport;
  // 临县 (the documents' county, with accounts) is due soon and gets the reminders one watches; the inspected
  // county waits for its acceptance, due soon.
  if (code === LINXIAN_CODE) return { light: 'yellow', doneCount: 5, report: 'returned' };
  if (code === LIVE_DEMO_INSPECTED_COUNTY) return { light: 'yellow', doneCount: 6, report: 'accepted' };
  const light = LIGHTS[index % LIGHTS.length] as ScenarioLight;
  if (light === 'done') return { light, doneCount: templateSize, report };
  return { light, doneCount: (index * 5 + 1) % (MAX_DONE_BEFORE_ACCEPTANCE + 1), report };
}

/** A template milestone placed around today: its due date, and when it was done (null: still open). */
export interface PlacedMilestone {
  readonly dueDate: LocalDate;
  readonly completedAt: Date | null;
}

const DAYS_BETWEEN_DONE = 7;
const DAYS_BETWEEN_LATER = 10;

/**
 * Due dates for a county's `count` template milestones, in template order, around `today`: the done ones a
 * week apart before today (completed the afternoon before their due day), the next one overdue (3 working
 * days ago), due soon (in 2 working days, inside the 3-working-day yellow rule) or on time (in 8 working
 * days), and the rest 10 days apart after it.
 */
export function placeMilestones(
  scenario: CountyScenario,
  count: number,
  today: LocalDate,
  calendar: WorkingDayCalendar,
): PlacedMilestone[] {
  const done = Math.min(scenario.doneCount, count);
  const next =
    scenario.light === 'red'
      ? calendar.addWorkingDays(today, -3)
      : scenario.light === 'yellow'
        ? calendar.addWorkingDays(today, 2)
        : calendar.addWorkingDays(today, 8);
  return Array.from({ length: count }, (_, index) => {
    if (index < done) {
      const dueDate = addDays(today, -DAYS_BETWEEN_DONE * (done - index));
      return { dueDate, completedAt: atLocalTime(addDays(dueDate, -1), '16:00') };
    }
    return { dueDate: addDays(next, DAYS_BETWEEN_LATER * (index - done)), completedAt: null };
  });
}

/** The month whose report the scenario files: last month, or this one in January (the programme's year). */
export function scenarioReportMonth(today: LocalDate): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month === 1 ? `${year}-01` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/**
 * A generated leading-group member: who, and which template milestones (by key) they answer for; 'every'
 * (the employment centre's director, as 刘星 in 临县) also covers keys a later template may add.
 */
export interface GeneratedOfficer {
  readonly name: string;
  readonly role: OfficerRole;
  readonly title: string;
  readonly unit: string;
  readonly answersFor: readonly string[] | 'every';
}

/** Who of a generated group answers for the template milestone `key`. */
export function answersFor(member: Pick<GeneratedOfficer, 'answersFor'>, key: string): boolean {
  return member.answersFor === 'every' || member.answersFor.includes(key);
}

// Common surnames and given-name characters: generated names read like names and are plainly made up.
const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '建国志强文华永明海军秀英丽娟晓东红梅俊杰伟宏振宇玉兰卫平小龙新民瑞峰淑芳国庆春生桂英立新亚楠';

/** The offices a county's group is drawn from, as in 临县's 工作机制 (the bureau and its employment centre). */
function memberRoles(countyName: string) {
  const bureau = `${countyName}人力资源和社会保障局`;
  const centre = `${countyName}创业就业服务中心`;
  return [
    {
      role: 'leader',
      title: '县人力资源和社会保障局局长',
      unit: bureau,
      answersFor: ['plan', 'site', 'accept', 'finish'],
    },
    { role: 'deputy', title: '县人力资源和社会保障局副局长', unit: bureau, answersFor: ['push', 'build'] },
    {
      role: 'deputy',
      title: '县创业就业服务中心主任',
      unit: centre,
      answersFor: 'every',
    },
    { role: 'member', title: '县人力资源和社会保障局就业管理股股长', unit: bureau, answersFor: ['built', 'trial'] },
  ] as const;
}

/**
 * A leading group for a county the documents give none for: four members in the offices 临县's group has,
 * with names generated from the county code (the same code always gives the same names) and every title
 * marked 演示数据, so nobody mistakes them for real officers.
 */
export function generatedLeadingGroup(countyCode: string, countyName: string): GeneratedOfficer[] {
  let seed = hash(countyCode);
  const pick = (alphabet: string) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return alphabet[(seed >>> 8) % alphabet.length] as string;
  };
  return memberRoles(countyName).map((member) => ({
    name: pick(SURNAMES) + pick(GIVEN) + pick(GIVEN),
    role: member.role,
    title: `${member.title}（${DEMO_DATA_MARK}）`,
    unit: member.unit,
    answersFor: member.answersFor,
  }));
}

/** FNV-1a over the code's characters: a stable seed per county. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (const char of text) value = Math.imul(value ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return value;
}

/**
 * The milestone one can watch fire: due minutes after the seed, reminded a few minutes apart before and
 * after it (offsets from its due instant), so reminders, the overdue alert and the escalation to the city
 * arrive while the demo is open.
 */
export const WATCHED_MILESTONE = {
  title: `召开零工市场建设调度会（${DEMO_DATA_MARK}）`,
  dueInMinutes: 15,
  reminderPlan: ['-PT12M', '-PT8M', '-PT4M', 'PT0S', 'PT3M'],
} as const;
