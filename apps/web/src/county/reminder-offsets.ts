/**
 * A reminder offset (a signed ISO 8601 duration from an exact due instant, as the contract takes it) as a
 * person sets it: before or after the deadline, how many, of which unit. Only single-unit offsets have this
 * shape; any other (`P1DT2H`) is kept as typed.
 */
export const OFFSET_UNITS = [
  { unit: 'W', label: '周', time: false },
  { unit: 'D', label: '天', time: false },
  { unit: 'H', label: '小时', time: true },
  { unit: 'M', label: '分钟', time: true },
  { unit: 'S', label: '秒', time: true },
] as const;
export type OffsetUnit = (typeof OFFSET_UNITS)[number]['unit'];

export interface OffsetParts {
  readonly direction: 'before' | 'after';
  readonly amount: number;
  readonly unit: OffsetUnit;
}

const SINGLE_UNIT = /^([+-])?P(?:(\d+)([WD])|T(\d+)([HMS]))$/;

/** The parts of a single-unit offset, or null for anything else. */
export function offsetParts(iso: string): OffsetParts | null {
  const match = SINGLE_UNIT.exec(iso);
  if (!match) return null;
  const [, sign, dateAmount, dateUnit, timeAmount, timeUnit] = match;
  // "At the deadline" shows as 0 days before, so raising the amount gives days before, the usual reminder.
  if (Number(dateAmount ?? timeAmount) === 0) return { direction: 'before', amount: 0, unit: 'D' };
  return {
    direction: sign === '-' ? 'before' : 'after',
    amount: Number(dateAmount ?? timeAmount),
    unit: (dateUnit ?? timeUnit) as OffsetUnit,
  };
}

/** `{before, 3, D}` → `-P3D`; zero of anything is `PT0S` (at the deadline). */
export function offsetIso({ direction, amount, unit }: OffsetParts): string {
  if (amount === 0) return 'PT0S';
  const time = OFFSET_UNITS.find((option) => option.unit === unit)?.time ?? false;
  return `${direction === 'before' ? '-' : ''}P${time ? 'T' : ''}${amount}${unit}`;
}

/** "到期前 3 天", "到期时", "到期后 2 小时"; an offset of another shape as it is. */
export function offsetLabel(iso: string): string {
  const parts = offsetParts(iso);
  if (!parts) return iso;
  if (parts.amount === 0) return '到期时';
  const unit = OFFSET_UNITS.find((option) => option.unit === parts.unit)?.label ?? parts.unit;
  return `到期${parts.direction === 'before' ? '前' : '后'} ${parts.amount} ${unit}`;
}

/** What a new extra milestone is reminded by unless changed: 3 days and 1 day before, and at the deadline. */
export const DEFAULT_REMINDER_PLAN: readonly string[] = ['-P3D', '-P1D', 'PT0S'];
