import { COUNTY_NAME_PLACEHOLDER, type Actor } from '@duban/contracts';
import { sectionsOf } from '../rubrics/rubric-integrity.rules';
import type { ProjectRef } from '../project-refs/project-refs.repository';
import type { RubricRecord } from '../rubrics/rubrics.repository';
import type {
  EvidenceRecord,
  InspectionRecord,
  RectificationRecord,
  ScoreRecord,
  SignatureRecord,
} from './inspections.repository';

/** Half-points per item id. */
export type ScoreMap = ReadonlyMap<string, number>;

export interface Totals {
  readonly totalHalfPoints: number;
  readonly sections: { title: string; halfPoints: number; scoreHalfPoints: number }[];
}

/** Total and per-section subtotals of the scores given (unscored items count 0). Computed, never typed. */
export function computeTotals(rubric: RubricRecord, scores: ScoreMap): Totals {
  const sections = sectionsOf(rubric).map((section) => ({
    title: section.title,
    halfPoints: section.halfPoints,
    scoreHalfPoints: section.items.reduce((sum, item) => sum + (scores.get(item.id) ?? 0), 0),
  }));
  return { totalHalfPoints: sections.reduce((sum, section) => sum + section.scoreHalfPoints, 0), sections };
}

/** An item's text for the county inspected (item 6's sign text names the county). */
export function itemTextFor(text: string, countyName: string): string {
  return text.split(COUNTY_NAME_PLACEHOLDER).join(countyName);
}

/** The caller is an inspector named on this inspection: who scores and signs it, and adds its evidence. */
export function isNamedInspector(actor: Actor, inspection: InspectionRecord): boolean {
  return actor.role === 'inspector' && inspection.inspectors.includes(actor.username);
}

/** Score problems of one request, by index: unknown item, not scored here, above maximum, repeated. */
export function scoreProblems(
  rubric: RubricRecord,
  scoredItemIds: ReadonlySet<string>,
  scores: readonly { itemId: string; score: number }[],
): { field: string; message: string }[] {
  const byId = new Map(rubric.items.map((item) => [item.id, item]));
  const seen = new Set<string>();
  const problems: { field: string; message: string }[] = [];
  scores.forEach((entry, index) => {
    const item = byId.get(entry.itemId);
    if (!item) {
      problems.push({ field: `scores.${index}.itemId`, message: '评分标准中没有此项' });
      return;
    }
    if (seen.has(entry.itemId)) problems.push({ field: `scores.${index}.itemId`, message: `第 ${item.number} 项重复` });
    seen.add(entry.itemId);
    if (!scoredItemIds.has(entry.itemId)) {
      problems.push({
        field: `scores.${index}.itemId`,
        message: `第 ${item.number} 项不在本次复查范围内（只复查整改项）`,
      });
    }
    const half = Math.round(entry.score * 2);
    if (half < 0 || half !== entry.score * 2) {
      problems.push({ field: `scores.${index}.score`, message: '分数须为不小于 0 的 0.5 的整数倍' });
    } else if (half > item.maxHalfPoints) {
      problems.push({
        field: `scores.${index}.score`,
        message: `第 ${item.number} 项满分 ${item.maxHalfPoints / 2} 分，不能给 ${entry.score} 分`,
      });
    }
  });
  return problems;
}

/**
 * What a signature covers: the inspection, the rubric version, the county, and every item's effective
 * score and note, in item order. Its SHA-256 is stored with each signature.
 */
export function signedContent(input: {
  inspectionId: string;
  projectId: string;
  regionCode: string;
  rubricId: string;
  rubricVersion: number;
  reinspectionOf: string | null;
  date: string;
  items: { number: number; halfPoints: number | null; note: string | null }[];
  totalHalfPoints: number;
}): unknown {
  return { ...input, items: [...input.items].sort((a, b) => a.number - b.number) };
}

/** Everything an inspection's view and its signature are built from. */
export interface InspectionState {
  readonly inspection: InspectionRecord;
  readonly project: ProjectRef;
  readonly rubric: RubricRecord;
  /** This inspection's own scores. */
  readonly scores: ScoreRecord[];
  /** A re-inspection's first inspection's scores (carried over for the items it does not score). */
  readonly carried: ScoreRecord[];
  readonly signatures: SignatureRecord[];
  readonly rectifications: RectificationRecord[];
  readonly evidence: EvidenceRecord[];
}

/** Effective score per item: this inspection's where it scores the item, else the carried-over one. */
export function effectiveScores(state: InspectionState): Map<string, ScoreRecord & { carriedOver: boolean }> {
  const scored = new Set(state.inspection.itemIds);
  const result = new Map<string, ScoreRecord & { carriedOver: boolean }>();
  for (const score of state.carried)
    if (!scored.has(score.itemId)) result.set(score.itemId, { ...score, carriedOver: true });
  for (const score of state.scores)
    if (scored.has(score.itemId)) result.set(score.itemId, { ...score, carriedOver: false });
  return result;
}

export function totalsOf(state: InspectionState) {
  const effective = effectiveScores(state);
  return computeTotals(state.rubric, new Map([...effective].map(([id, score]) => [id, score.halfPoints])));
}

/** The SHA-256 input of a signature: see signedContent. */
export function contentToSign(state: InspectionState): unknown {
  const effective = effectiveScores(state);
  return signedContent({
    inspectionId: state.inspection.id,
    projectId: state.project.id,
    regionCode: state.project.regionCode,
    rubricId: state.rubric.id,
    rubricVersion: state.rubric.version,
    reinspectionOf: state.inspection.reinspectionOf,
    date: state.inspection.date,
    items: state.rubric.items.map((item) => ({
      number: item.number,
      halfPoints: effective.get(item.id)?.halfPoints ?? null,
      note: effective.get(item.id)?.note ?? null,
    })),
    totalHalfPoints: totalsOf(state).totalHalfPoints,
  });
}
