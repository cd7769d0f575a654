import { ROLE_LABELS, asSentence, type EventActor } from '@duban/contracts';
import type { DeadlineFacts } from '../deadlines/deadline.rules';
import { chineseDate, chineseDateTime } from '@duban/calendar';
import { itemOf, type ReminderMessage } from '../deadlines/reminder-message.rules';

type Facts = Pick<DeadlineFacts, 'regionName' | 'projectName' | 'title' | 'dueDate' | 'dueAt' | 'policy'>;

/** Who, as the notice names them: 吕梁市人社局（市级人员）. */
function who(actor: EventActor): string {
  return `${actor.displayName}（${ROLE_LABELS[actor.role]}）`;
}

function item(facts: Facts): { where: string; what: string; due: string } {
  return {
    where: facts.regionName,
    what: itemOf(facts),
    due: facts.dueDate
      ? `${chineseDate(facts.dueDate)}（当日24时前）`
      : chineseDateTime(facts.dueAt, facts.policy.timeZone),
  };
}

/** 催办: the item, its due date, who urges and their words. */
export function urgeMessage(facts: Facts, urgedBy: EventActor, message: string, at: Date): ReminderMessage {
  const { where, what, due } = item(facts);
  return {
    title: `【催办】${where}「${facts.title}」`,
    body:
      `${who(urgedBy)}于${chineseDateTime(at, facts.policy.timeZone)}催办：${what}应于${due}完成，请尽快办理并上传佐证材料。` +
      (message ? `催办意见：${asSentence(message)}` : ''),
  };
}

/** 批示: the instruction's text, to be acknowledged by the county. */
export function instructionMessage(facts: Facts, writtenBy: EventActor, text: string): ReminderMessage {
  const { where, what } = item(facts);
  return {
    title: `【批示】${where}「${facts.title}」`,
    body: `${who(writtenBy)}对${what}批示：${asSentence(text)}请${where}专班在节点页面签收并抓好落实。`,
  };
}

/** The instruction was acknowledged: its writer is told by whom and when. */
export function acknowledgedMessage(facts: Facts, acknowledgedBy: EventActor, text: string, at: Date): ReminderMessage {
  const { where, what } = item(facts);
  return {
    title: `【批示已签收】${where}「${facts.title}」`,
    body: `${who(acknowledgedBy)}已于${chineseDateTime(at, facts.policy.timeZone)}签收您对${what}的批示：${text}`,
  };
}
