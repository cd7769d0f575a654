/**
 * The demo programme (Shanxi 2023, 公益性零工市场县县全覆盖) as every service's demo data names it.
 * Services share no tables, so they refer to a programme by this code: it is stored in several schemas
 * and must not change. Demo data only: no production code may depend on it.
 */
export const DEMO_PROGRAMME_CODE = 'shanxi-2023-gig-markets';

/**
 * The live demo: the same programme instantiated for the Clock's current year (through the programme copy,
 * so its code is the 2023 code with the year replaced), its dates placed around today.
 */
export function liveDemoProgrammeCode(year: number): string {
  return DEMO_PROGRAMME_CODE.replace('2023', String(year));
}

/** Whether a programme is the demo's: the 2023 programme, or a live demo's copy of it (`liveDemoProgrammeCode`). */
export function isDemoProgrammeCode(code: string): boolean {
  return /^shanxi-\d{4}-gig-markets$/.test(code);
}

/** How generated demo content (names the documents do not give) is marked where users read it. */
export const DEMO_DATA_MARK = '演示数据';

/** The 吕梁市 county whose acceptance inspection the live demo has under way (文水县). */
export const LIVE_DEMO_INSPECTED_COUNTY = '141121';
