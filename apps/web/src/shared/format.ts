/**
 * A four-decimal fraction (a share done, an execution rate) as a percentage with two decimals, by moving the
 * decimal point in the text: '0.1238' → '12.38%', '1.2500' → '125.00%'. No float ever rounds it. Null: '—'.
 */
export function percent(fraction: string | null): string {
  if (fraction === null) return '—';
  const [whole, decimals] = fraction.split('.') as [string, string];
  return `${Number(whole + decimals.slice(0, 2))}.${decimals.slice(2)}%`;
}
