import { uniqueItems, type DigestItem } from './digest.rules';

/**
 * An SMS out of the items due at one destination at one instant, as Aliyun's templates want it: the
 * approved template's variables filled in, never the text itself (pure functions). The template's
 * variables are `${count}` (how many items) and `${title}` (the first item's title, or a summary of
 * several). Limits, from Aliyun's rules for 短信通知 templates: each variable's value at most
 * `paramMaxChars` (35) characters, the whole message with its 【签名】 at most `maxChars` (500).
 */
export interface SmsTemplate {
  readonly signName: string;
  readonly template: string;
  readonly paramMaxChars: number;
  readonly maxChars: number;
}

export interface SmsMessage {
  /** Values of the template's variables, as `TemplateParam` carries them. */
  readonly params: Readonly<Record<string, string>>;
  /** The message a phone shows: 【签名】 and the template with the values (what the length limit counts). */
  readonly text: string;
}

const VARIABLE = /\$\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** The template's variable names, in order of appearance. */
export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(VARIABLE)].map((match) => match[1] as string))];
}

/** Characters as a phone counts them (code points: a Chinese character is one). */
function length(text: string): number {
  return [...text].length;
}

/** Cut to `max` characters, the last one an ellipsis when anything was cut. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** 【…】 marks the signature in an SMS: a title's own brackets become a plain label. */
function plain(title: string): string {
  return title.replace(/【([^】]*)】/g, '$1：').trim();
}

export function render(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(VARIABLE, (_, name: string) => params[name] ?? '');
}

export function composeSms(items: readonly DigestItem[], settings: SmsTemplate): SmsMessage {
  const list = uniqueItems(items);
  const first = list[0];
  const title = first ? (list.length === 1 ? plain(first.title) : `${plain(first.title)}等`) : '';
  const values: Record<string, string> = { count: String(list.length), title };
  const params: Record<string, string> = {};
  for (const name of templateVariables(settings.template))
    params[name] = cut(values[name] ?? '', settings.paramMaxChars);
  const text = (p: Readonly<Record<string, string>>) => `【${settings.signName}】${render(settings.template, p)}`;
  // Over the whole-message limit: the title gives way (the count and the fixed words cannot).
  const over = length(text(params)) - settings.maxChars;
  if (over > 0 && params.title !== undefined)
    params.title = cut(params.title, Math.max(1, length(params.title) - over));
  return { params, text: text(params) };
}
