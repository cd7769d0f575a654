import type { EvidenceFile, InspectionSummary, InspectionView, RectificationView } from '@duban/contracts';
import { fromHalfPoints } from '../rubrics/rubric-integrity.rules';
import type { RubricRecord } from '../rubrics/rubrics.repository';
import type { EvidenceRecord, RectificationRecord } from './inspections.repository';
import { effectiveScores, itemTextFor, totalsOf, type InspectionState } from './scoring.rules';

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
    inspectorNames: inspection.inspectors.map((username) => inspection.inspectorNames[username] ?? username),
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
    cancellation: inspection.cancellation && {
      username: inspection.cancellation.username,
      name: inspection.cancellation.name,
      at: new Date(inspection.cancellation.at).toISOString(),
      reason: inspection.cancellation.reason,
    },
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
