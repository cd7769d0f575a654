import type { ProjectView, StatusLightValue } from '@duban/contracts';
import type { ProjectContext } from './project-access.service';
import type { ProjectRecord } from './projects.repository';

export function toProjectView({ project, programme, county }: ProjectContext, light: StatusLightValue): ProjectView {
  return {
    id: project.id,
    programmeId: project.programmeId,
    programmeYear: programme.year,
    regionCode: project.regionCode,
    regionName: county.name,
    cityRegionCode: county.parentCode,
    name: project.name,
    light,
    population: project.population,
    populationSource: project.populationSource,
    plannedAreaM2: project.plannedAreaM2,
    plannedAreaAtLeast: project.plannedAreaAtLeast,
    constructionType: project.constructionType,
    progress: project.progress,
    actualAreaM2: project.actualAreaM2,
    address: project.address,
    noRecruitmentHall: project.noRecruitmentHall,
    version: project.version,
    updatedAt: project.updatedAt.toISOString(),
  };
}

/** The editable columns of a project, as the API names them. */
export type EditableProjectColumns = Pick<
  ProjectRecord,
  | 'constructionType'
  | 'progress'
  | 'actualAreaM2'
  | 'address'
  | 'plannedAreaM2'
  | 'plannedAreaAtLeast'
  | 'noRecruitmentHall'
  | 'population'
  | 'populationSource'
>;
