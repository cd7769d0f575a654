import { inScope, type InspectionSummary, type InspectionView, type PutScoresBody, type Role } from '@duban/contracts';
import { ApiError } from '../api/problem';

/** What the score sheet holds per item while the inspector types: nothing is sent until 保存评分. */
export interface ItemEntry {
  readonly score: number | null;
  readonly note: string;
}

export interface SheetValues {
  readonly items: Readonly<Record<string, ItemEntry>>;
}

export type InspectionItem = InspectionView['items'][number];

export interface SheetSection {
  readonly title: string;
  readonly points: number;
  readonly items: readonly InspectionItem[];
}

/** The form's starting values: what the service has stored. */
export function initialSheet(inspection: InspectionView): SheetValues {
  return {
    items: Object.fromEntries(
      inspection.items.map((item) => [item.id, { score: item.score, note: item.note ?? '' }] as const),
    ),
  };
}

/** The rubric's sections in its order (as the service totals them), each with its items by number. */
export function sectionsOf(inspection: InspectionView): SheetSection[] {
  return inspection.sectionTotals.map(({ title, points }) => ({
    title,
    points,
    items: inspection.items.filter((item) => item.sectionTitle === title).sort((a, b) => a.number - b.number),
  }));
}

/**
 * Subtotals and total of what is on screen, as the service computes them: an unscored item counts 0; an
 * item this inspection does not score (a re-inspection's) keeps the score carried over from the first.
 */
export function liveTotals(
  inspection: InspectionView,
  entries: Readonly<Record<string, ItemEntry>> | undefined,
): { total: number; sections: { title: string; points: number; score: number }[] } {
  const scoreOf = (item: InspectionItem) => (item.scored ? (entries?.[item.id]?.score ?? null) : item.score) ?? 0;
  const sections = sectionsOf(inspection).map(({ title, points, items }) => ({
    title,
    points,
    score: items.reduce((sum, item) => sum + scoreOf(item), 0),
  }));
  return { total: sections.reduce((sum, section) => sum + section.score, 0), sections };
}

/**
 * The PUT body's entries: items with a score whose score or note differs from what is stored (the route
 * takes any subset). An item with a note but no score cannot be sent yet; see `notesAwaitingScore`.
 */
export function changedScores(
  inspection: InspectionView,
  entries: Readonly<Record<string, ItemEntry>>,
): PutScoresBody['scores'] {
  return inspection.items.flatMap((item) => {
    const entry = entries[item.id];
    if (!item.scored || entry?.score == null) return [];
    const note = entry.note.trim();
    if (entry.score === item.score && note === (item.note ?? '')) return [];
    return [{ itemId: item.id, score: entry.score, note }];
  });
}

/** Numbers of the items with a note typed but no score: the note stays on screen, unsent. */
export function notesAwaitingScore(inspection: InspectionView, entries: Readonly<Record<string, ItemEntry>>): number[] {
  return inspection.items
    .filter((item) => item.scored && entries[item.id]?.score == null && (entries[item.id]?.note.trim() ?? '') !== '')
    .map((item) => item.number);
}

/**
 * A 400 names fields by their index in the body sent (`scores.3.score`); the sheet names them by item id
 * (`items.<id>.score`). The same error, re-addressed to where the user typed.
 */
export function addressedToItems(error: unknown, sentItemIds: readonly string[]): unknown {
  if (!(error instanceof ApiError) || error.fieldErrors.length === 0) return error;
  const fieldErrors = error.fieldErrors.map(({ field, message }) => {
    const match = /^scores\.(\d+)\.(score|note|itemId)$/.exec(field);
    const itemId = match ? sentItemIds[Number(match[1])] : undefined;
    if (!match || itemId === undefined) return { field, message };
    return { field: `items.${itemId}.${match[2] === 'itemId' ? 'score' : match[2]}`, message };
  });
  return new ApiError(error.status, error.message, fieldErrors);
}

/** Who scores (as the service decides): the inspectors named, or for a self-assessment the county. */
export function mayScore(inspection: InspectionView, me: { role: Role; username: string }): boolean {
  if (inspection.status !== 'open') return false;
  return inspection.kind === 'inspection'
    ? me.role === 'inspector' && inspection.inspectors.includes(me.username)
    : me.role === 'county_officer';
}

/** The city or the province withdraws an inspection opened by mistake, while nobody has signed it. */
export function mayCancel(inspection: InspectionView, me: { role: Role }): boolean {
  return inspection.kind === 'inspection' && inspection.status === 'open' && INSPECTION_OPENERS.includes(me.role);
}

/** The city or the province re-inspects a signed inspection's items still under rectification. */
export function mayReinspect(inspection: InspectionView, me: { role: Role }): boolean {
  return (
    inspection.kind === 'inspection' &&
    inspection.status === 'signed' &&
    INSPECTION_OPENERS.includes(me.role) &&
    inspection.rectifications.some((rectification) => rectification.status === 'open')
  );
}

export function mayCountersign(
  inspection: InspectionView,
  me: { role: Role; regionCodes: readonly string[] },
): boolean {
  return (
    inspection.kind === 'inspection' &&
    inspection.status === 'inspector_signed' &&
    me.role === 'county_officer' &&
    inScope(me, [inspection.regionCode])
  );
}

/** The evaluation service lets the city (or the province) open an inspection, naming its inspectors. */
export const INSPECTION_OPENERS: readonly Role[] = ['city_officer', 'province_admin'];

/**
 * The inspection a county's card is about: the latest unsigned one, else the latest one (self-assessments
 * and withdrawn ones aside).
 */
export function currentInspection(list: readonly InspectionSummary[]): InspectionSummary | undefined {
  const inspections = list.filter(
    (inspection) => inspection.kind === 'inspection' && inspection.status !== 'cancelled',
  );
  return inspections.findLast((inspection) => inspection.status !== 'signed') ?? inspections.at(-1);
}

/** Points as the documents write them: 98.5, 15. */
export function formatPoints(points: number): string {
  return String(Math.round(points * 2) / 2);
}

/**
 * When the stored scores change under an open sheet (another inspector saved; the live stream refetched the
 * inspection): the entries to replace, item by item — those whose stored score or note changed and which
 * still hold what was stored before (untouched here). What is being typed is never overwritten.
 */
export function storedUpdates(
  before: SheetValues,
  after: SheetValues,
  current: Readonly<Record<string, ItemEntry>> | undefined,
): Record<string, ItemEntry> {
  const same = (a: ItemEntry | undefined, b: ItemEntry | undefined) =>
    (a?.score ?? null) === (b?.score ?? null) && (a?.note ?? '') === (b?.note ?? '');
  return Object.fromEntries(
    Object.entries(after.items).filter(
      ([id, entry]) => !same(before.items[id], entry) && same(current?.[id] ?? before.items[id], before.items[id]),
    ),
  );
}
