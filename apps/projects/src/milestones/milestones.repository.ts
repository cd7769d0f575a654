import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CountyProject } from '../projects/county-project.entity';
import { Milestone } from './milestone.entity';

export type NewMilestone = Pick<
  Milestone,
  | 'id'
  | 'projectId'
  | 'key'
  | 'title'
  | 'dueDate'
  | 'dueAt'
  | 'afterIds'
  | 'responsibleOfficerIds'
  | 'reminderPlan'
  | 'sort'
>;

/** Milestones. Reads that serve a caller filter by the caller's visible region codes in the query. */
@Injectable()
export class MilestonesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A project's milestones in the template's order, extras after. */
  findByProject(projectId: string, manager: EntityManager = this.dataSource.manager): Promise<Milestone[]> {
    return manager.getRepository(Milestone).find({ where: { projectId }, order: { sort: 'ASC', createdAt: 'ASC' } });
  }

  findByProjects(
    projectIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Milestone[]> {
    if (projectIds.length === 0) return Promise.resolve([]);
    return manager
      .getRepository(Milestone)
      .find({ where: { projectId: In([...projectIds]) }, order: { sort: 'ASC', createdAt: 'ASC' } });
  }

  /** The milestone if its project's county lies in `visible`; `lock` takes a row lock for the write that follows. */
  findInScope(
    milestoneId: string,
    visible: ReadonlySet<string>,
    options: { manager?: EntityManager; lock?: boolean } = {},
  ): Promise<Milestone | null> {
    const manager = options.manager ?? this.dataSource.manager;
    const query = manager
      .getRepository(Milestone)
      .createQueryBuilder('milestone')
      .innerJoin(CountyProject, 'project', 'project.id = milestone.project_id')
      .where('milestone.id = :milestoneId', { milestoneId })
      .andWhere('project.region_code = ANY(:visible)', { visible: [...visible] });
    if (options.lock) query.setLock('pessimistic_write', undefined, ['milestone']);
    return query.getOne();
  }

  exists(milestoneId: string): Promise<boolean> {
    return this.dataSource.getRepository(Milestone).existsBy({ id: milestoneId });
  }

  countByProjects(projectIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<number> {
    if (projectIds.length === 0) return Promise.resolve(0);
    return manager.getRepository(Milestone).countBy({ projectId: In([...projectIds]) });
  }

  async insertMany(manager: EntityManager, milestones: readonly NewMilestone[]): Promise<Milestone[]> {
    if (milestones.length === 0) return [];
    const repository = manager.getRepository(Milestone);
    const rows = milestones.map((milestone) =>
      repository.create({
        ...milestone,
        status: 'pending',
        reopenHistory: [],
        evidence: null,
        completedAt: null,
        completedBy: null,
      }),
    );
    // Chunks keep each INSERT well under Postgres' 65,535 bind parameters.
    return repository.save(rows, { chunk: 200 });
  }

  /** Saves the changed columns; the version column goes up by one. */
  save(manager: EntityManager, milestone: Milestone): Promise<Milestone> {
    return manager.getRepository(Milestone).save(milestone);
  }
}
