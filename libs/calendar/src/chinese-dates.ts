/**
 * Dates and months as officers write them, without leading zeros: one way for every service, export and
 * page (notices, reminders, PDFs, workbooks, the web app).
 */

/** '2023-11-02' → '2023年11月2日'. */
export function chineseDate(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** '2023-04' (or a date in it) → '2023年4月'. */
export function chineseMonth(month: string): string {
  return `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
}
