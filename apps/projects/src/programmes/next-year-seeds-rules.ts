import type { MilestoneRecord } from '../milestones/milestones.repository';
import type { OfficerRecord } from '../officers/officers.repository';
import type { ProjectRecord } from '../projects/projects.repository';
import type { ProjectSeed } from './programme-instantiation.service';

/**
 * A county's project for the next year of a programme, from its project of the source year: the same
 * name, population (with its source), planning columns and leading group, and the same officers
 * responsible for each template milestone. What the county did (construction columns, completions,
 * extra milestones) belongs to the source year and is not carried over.
 */
export function nextYearSeed(
  project: ProjectRecord,
  officers: readonly OfficerRecord[],
  milestones: readonly MilestoneRecord[],
  newId: () => string,
): ProjectSeed {
  const newIds = new Map(officers.map((officer) => [officer.id, newId()]));
  const responsibleByKey: Record<string, string[]> = {};
  for (const milestone of milestones) {
    if (milestone.key === null) continue;
    responsibleByKey[milestone.key] = milestone.responsibleOfficerIds.flatMap((id) => {
      const mapped = newIds.get(id);
      return mapped ? [mapped] : [];
    });
  }
  return {
    regionCode: project.regionCode,
    name: project.name,
    population: project.population,
    populationSource: project.populationSource,
    plannedAreaM2: project.plannedAreaM2,
    plannedAreaAtLeast: project.plannedAreaAtLeast,
    noRecruitmentHall: project.noRecruitmentHall,
    officers: officers.map((officer) => ({
      id: newIds.get(officer.id) as string,
      name: officer.name,
      role: officer.role,
      title: officer.title,
      unit: officer.unit,
      username: officer.username,
    })),
    responsibleByKey,
  };
}
