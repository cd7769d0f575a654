/**
 * Money is an integer number of fen (分) everywhere it is stored or added; people read and type it in
 * 万元 with two decimals, as the programme documents do. 1万元 = 10,000元 = 1,000,000分, so one
 * hundredth of a 万元 (the last shown digit) is 10,000分.
 *
 * No floating point anywhere: 0.1 + 0.2 must never reach a ledger.
 */
const FEN_PER_WAN = 1_000_000n;
const FEN_PER_CENTIWAN = 10_000n;

/** A decimal 万元 amount: digits, optionally a point and one or two more digits, optionally negative. */
const WAN_PATTERN = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/** Parses a 万元 amount such as `'3470.00'` or `'2.5'` into fen (`3470000000n`, `2500000n`). */
export function wanToFen(wan: string): bigint {
  const match = WAN_PATTERN.exec(wan);
  if (!match) {
    throw new RangeError(`金额格式不正确：应以万元为单位、最多两位小数（如 "2.50"），收到 "${wan}"`);
  }
  const [, minus, whole, fraction = ''] = match;
  const fen = BigInt(whole) * FEN_PER_WAN + BigInt(fraction.padEnd(2, '0')) * FEN_PER_CENTIWAN;
  return minus ? -fen : fen;
}

/**
 * Shows fen as 万元 with exactly two decimals (`9320000000n` → `'9320.00'`). An amount that is not a
 * whole number of 0.01万元 is rounded half away from zero (四舍五入), which is how the documents round.
 * A `number` is accepted for convenience but must be a safe integer.
 */
export function fenToWan(fen: bigint | number): string {
  if (typeof fen === 'number' && !Number.isSafeInteger(fen)) {
    throw new RangeError(`分必须是整数，收到 ${fen}`);
  }
  const value = BigInt(fen);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const centiwan = (magnitude + FEN_PER_CENTIWAN / 2n) / FEN_PER_CENTIWAN;
  const text = `${centiwan / 100n}.${(centiwan % 100n).toString().padStart(2, '0')}`;
  // No "-0.00": an amount that rounds to zero has no sign.
  return negative && centiwan > 0n ? `-${text}` : text;
}
