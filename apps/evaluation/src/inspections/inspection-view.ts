import type { EvidenceFile, InspectionSummary, InspectionView, RectificationView } from '@duban/contracts';
import type { ProjectRef } from '../project-refs/project-refs.repository';
import { fromHalfPoints } from '../rubrics/rubric-integrity.rules';
import type { RubricRecord } from '../rubrics/rubrics.repository';
import type {
  EvidenceRecord,
  InspectionRecord,
  RectificationRecord,
  ScoreRecord,
  SignatureRecord,
} from './inspections.repository';
import { computeTotals, itemTextFor, signedContent } from './scoring.rules';

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

export function toRectificationView(rectification: RectificationRecord, rubric: RubricRecord): RectificationView {
  return {
    id: rectification.id,
    inspectionId: rectification.inspectionId,
    itemId: rectification.itemId,
    itemNumber: rubric.items.find((item) => item.id === rectification.itemId)?.number ?? 0,
    what: rectification.what,
    responsibleUsername: rectification.responsibleUsername,
    responsibleName: rectification.responsibleName,
    dueDate: rectification.dueDate,
    dueAt: rectification.dueAt ? rectification.dueAt.toISOString() : null,
    reminderPlan: rectification.reminderPlan,
    status: rectification.status,
    createdBy: rectification.createdBy,
    createdAt: rectification.createdAt.toISOString(),
    closedAt: rectification.closedAt ? rectification.closedAt.toISOString() : null,
    closedBy: rectification.closedBy,
    closingNote: rectification.closingNote,
  };
}

export function toInspectionSummary(state: InspectionState): InspectionSummary {
  const { inspection, project, rubric } = state;
  const totals = totalsOf(state);
  const own = new Set(state.scores.filter((score) => inspection.itemIds.includes(score.itemId)).map((s) => s.itemId));
  const signature = (side: 'inspector' | 'county') => {
    const found = state.signatures.find((s) => s.side === side);
    return found
      ? {
          name: found.name,
          username: found.username,
          signedAt: found.signedAt.toISOString(),
          contentHash: found.contentHash,
        }
      : null;
  };
  return {
    id: inspection.id,
    projectId: project.id,
    programmeId: project.programmeId,
    regionCode: project.regionCode,
    regionName: project.regionName,
    projectName: project.name,
    rubricId: rubric.id,
    rubricVersion: rubric.version,
    kind: inspection.kind,
    reinspectionOf: inspection.reinspectionOf,
    status: inspection.status,
    date: inspection.date,
    inspectors: inspection.inspectors,
    openedBy: inspection.openedBy,
    total: fromHalfPoints(totals.totalHalfPoints),
    maxTotal: fromHalfPoints(rubric.totalHalfPoints),
    sectionTotals: totals.sections.map((section) => ({
      title: section.title,
      points: fromHalfPoints(section.halfPoints),
      score: fromHalfPoints(section.scoreHalfPoints),
    })),
    scoredCount: own.size,
    toScoreCount: inspection.itemIds.length,
    passThreshold: fromHalfPoints(inspection.passThresholdHalfPoints),
    passed: inspection.passed,
    signatures: { inspector: signature('inspector'), county: signature('county') },
    version: inspection.version,
  };
}

export function toInspectionView(state: InspectionState): InspectionView {
  const effective = effectiveScores(state);
  const scored = new Set(state.inspection.itemIds);
  return {
    ...toInspectionSummary(state),
    items: state.rubric.items.map((item) => {
      const score = effective.get(item.id);
      return {
        id: item.id,
        number: item.number,
        sectionTitle: item.sectionTitle,
        text: itemTextFor(item.text, state.project.regionName),
        maxPoints: fromHalfPoints(item.maxHalfPoints),
        scored: scored.has(item.id),
        score: score ? fromHalfPoints(score.halfPoints) : null,
        note: score ? score.note : null,
        carriedOver: score?.carriedOver ?? false,
        evidence: state.evidence.filter((file) => file.itemId === item.id).map(toEvidenceFile),
      };
    }),
    rectifications: state.rectifications.map((rectification) => toRectificationView(rectification, state.rubric)),
  };
}

export function toEvidenceFile(file: EvidenceRecord): EvidenceFile {
  return {
    id: file.id,
    itemId: file.itemId,
    filename: file.filename,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
    sha256: file.sha256,
    uploadedBy: file.uploadedBy,
    uploadedAt: file.uploadedAt.toISOString(),
  };
}
