import { chineseDate, chineseDateTime, daysBetween, localDateOf, type WorkingDayCalendar } from '@duban/calendar';
import { notificationStageKind, type ReminderPolicy } from '@duban/contracts';
import { deadlineLink, dueLocalDate, type DeadlineFacts } from './deadline.rules';

/**
 * The words of a reminder, in Chinese: which county, which milestone (or item), when it is due, and how
 * early or late it is at the moment it goes out.
 */
export interface ReminderMessage {
  readonly title: string;
  readonly body: string;
}

/** What of a deadline a reminder's words need (an instant's firing reads no more than this). */
export type MessageFacts = Pick<
  DeadlineFacts,
  'regionName' | 'title' | 'projectName' | 'dueDate' | 'dueAt' | 'subjectType'
> & {
  readonly policy: Pick<ReminderPolicy, 'timeZone'>;
};

/** A stage for the due instant sent this much later says how long ago the instant was. */
const NOTED_DELAY_MS = 60_000;

/**
 * What a reminder says and where it leads, as its planner writes them beside its stage (`plannedMessage`) and its
 * firing sends them.
 */
export interface StageMessage extends ReminderMessage {
  readonly link: string | null;
}

/**
 * The instant a reminder's words speak of when it goes out at `now`: its own instant when it goes out within a
 * minute of it (the words its planner wrote, whatever second of that minute the firing of a large instant reaches
 * it), else `now` (after an outage, it says how late it is when it goes out).
 */
export function wordsInstant(fireAt: Date, now: Date): Date {
  return now.getTime() - fireAt.getTime() < NOTED_DELAY_MS ? fireAt : now;
}

/** The words and link of a stage planned at `fireAt`, as it will say them if it goes out on time. */
export function plannedMessage(
  deadline: MessageFacts & Parameters<typeof deadlineLink>[0],
  stage: string,
  fireAt: Date,
  calendar: WorkingDayCalendar,
): StageMessage {
  return { ...reminderMessage(deadline, stage, fireAt, calendar), link: deadlineLink(deadline) };
}

export function reminderMessage(
  deadline: MessageFacts,
  stage: string,
  now: Date,
  calendar: WorkingDayCalendar,
): ReminderMessage {
  const where = deadline.regionName;
  const what = `「${deadline.title}」`;
  const item = itemOf(deadline);
  const dueText = deadline.dueDate
    ? `${chineseDate(deadline.dueDate)}（当日24时前）`
    : chineseDateTime(deadline.dueAt, deadline.policy.timeZone);
  const late = now.getTime() - deadline.dueAt.getTime();
  // A monthly report is filed (报送); anything else is completed with its evidence.
  const report = deadline.subjectType === 'report';
  const doIt = report ? '报送' : '完成并上传佐证材料';
  const done = report ? '报送' : '完成';
  const distance = deadline.dueDate ? workingDayDistance(deadline, now, calendar) : instantDistance(late);

  if (stage === 'escalation') {
    return {
      title: `【升级督办】${where}${what}已逾期${distance}`,
      body: `${item}应于${dueText}${done}，至今未${done}，已逾期${distance}。请市局督促${where}尽快${doIt}。`,
    };
  }
  // A stage planned for the instant itself (or before it) says that the instant has come, however late it goes out:
  // the seconds a large instant takes, or a stop of the service, do not make it an overdue alert under its own
  // stage's name. How long ago the instant was is said when it is more than a moment.
  if (late >= 0 && deadline.dueDate === null && (late < 1000 || isForTheInstant(stage))) {
    const since = late >= NOTED_DELAY_MS ? `，已逾期${instantDistance(late)}` : '';
    return {
      title: `【到期提醒】${where}${what}已到期`,
      body: `${item}的期限${dueText}已到${since}，请立即${doIt}。`,
    };
  }
  if (late >= 0) {
    return {
      title: `【逾期提醒】${where}${what}已逾期${distance}`,
      body: `${item}应于${dueText}${done}，至今未${done}，已逾期${distance}。请尽快${doIt}。`,
    };
  }
  const today = deadline.dueDate !== null && localDateOf(now, deadline.policy.timeZone) === deadline.dueDate;
  return {
    title: today ? `【今日到期】${where}${what}今日到期` : `【到期提醒】${where}${what}还有${distance}到期`,
    body: today
      ? `${item}将于${dueText}到期，请于今日内${doIt}。`
      : `${item}将于${dueText}到期，距到期还有${distance}。请按时${doIt}。`,
  };
}

/**
 * The item as a message names it in full, with its county and project: 临县公益性零工市场的「完成选址」. A project's
 * name begins with its county's (the template's 项目名称 follows the county name), which is then not said twice;
 * an item of no project is its county's: 临县「…」.
 */
export function itemOf(facts: Pick<MessageFacts, 'regionName' | 'projectName' | 'title'>): string {
  const what = `「${facts.title}」`;
  if (!facts.projectName) return `${facts.regionName}${what}`;
  const project = facts.projectName.startsWith(facts.regionName)
    ? facts.projectName
    : `${facts.regionName}${facts.projectName}`;
  return `${project}的${what}`;
}

/** The last stage asked about: an instant's reminders are mostly of one stage, read once, not per reminder. */
let lastStage: { readonly stage: string; readonly forTheInstant: boolean } | null = null;

/** Whether a stage is planned for the due instant itself or before it (not an overdue or escalation stage). */
function isForTheInstant(stage: string): boolean {
  if (lastStage?.stage !== stage) {
    const kind = notificationStageKind(stage);
    lastStage = { stage, forTheInstant: kind === 'due' || kind === 'before' };
  }
  return lastStage.forTheInstant;
}

function workingDayDistance(deadline: MessageFacts, now: Date, calendar: WorkingDayCalendar): string {
  const today = localDateOf(now, deadline.policy.timeZone);
  const due = dueLocalDate(deadline);
  const working = Math.abs(calendar.workingDaysBetween(due, today));
  const days = Math.abs(daysBetween(due, today));
  return working === days ? `${working}天` : `${working}个工作日（${days}天）`;
}

/**
 * 5秒, 3分钟20秒, 2小时5分钟, 1天3小时: the two largest units that are not zero, named as the stages' labels name
 * them (`durationText`): a bare 4分 also reads as points or cents.
 */
export function instantDistance(milliseconds: number): string {
  const seconds = Math.round(Math.abs(milliseconds) / 1000);
  const units: [number, string][] = [
    [Math.floor(seconds / 86_400), '天'],
    [Math.floor((seconds % 86_400) / 3600), '小时'],
    [Math.floor((seconds % 3600) / 60), '分钟'],
    [seconds % 60, '秒'],
  ];
  const first = units.findIndex(([value]) => value > 0);
  if (first === -1) return '0秒';
  return units
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, unit]) => `${value}${unit}`)
    .join('');
}
