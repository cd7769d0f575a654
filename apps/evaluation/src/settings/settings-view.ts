import type { EvaluationSettingsView } from '@duban/contracts';
import { fromHalfPoints } from '../rubrics/rubric-integrity.rules';
import type { RubricRecord } from '../rubrics/rubrics.repository';
import type { SettingsRecord } from './settings.repository';

/** A programme's settings as the API shows them, with the rubric its inspections would use. */
export function toSettingsView(settings: SettingsRecord, rubric: RubricRecord | null): EvaluationSettingsView {
  return {
    programmeId: settings.programmeId,
    programmeCode: settings.programmeCode,
    passThreshold: fromHalfPoints(settings.passThresholdHalfPoints),
    rubricCode: settings.rubricCode,
    rubric: rubric
      ? {
          id: rubric.id,
          code: rubric.code,
          version: rubric.version,
          title: rubric.title,
          total: fromHalfPoints(rubric.totalHalfPoints),
        }
      : null,
    updatedAt: settings.updatedAt.toISOString(),
  };
}
