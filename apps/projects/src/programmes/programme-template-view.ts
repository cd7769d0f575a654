import type { ProgrammeTemplateView } from '@duban/contracts';
import type { ProgrammeTemplateRecord } from './programme-templates.repository';

export function toProgrammeTemplateView(template: ProgrammeTemplateRecord): ProgrammeTemplateView {
  return {
    ...template.definition,
    id: template.id,
    code: template.code,
    version: template.version,
    createdAt: template.createdAt ? template.createdAt.toISOString() : null,
    createdBy: template.createdBy,
    createdByName: template.createdByName,
  };
}
