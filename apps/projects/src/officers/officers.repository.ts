import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Officer } from './officer.entity';

export type NewOfficer = Omit<Officer, 'id'> & { id?: string };

@Injectable()
export class OfficersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A project's leading group in the documents' order: 组长, 副组长, 成员. */
  findByProject(projectId: string, manager: EntityManager = this.dataSource.manager): Promise<Officer[]> {
    return manager.getRepository(Officer).find({ where: { projectId }, order: { sort: 'ASC', name: 'ASC' } });
  }

  findByProjects(projectIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Officer[]> {
    if (projectIds.length === 0) return Promise.resolve([]);
    return manager
      .getRepository(Officer)
      .find({ where: { projectId: In([...projectIds]) }, order: { sort: 'ASC', name: 'ASC' } });
  }

  async insertMany(manager: EntityManager, officers: readonly NewOfficer[]): Promise<Officer[]> {
    if (officers.length === 0) return [];
    const repository = manager.getRepository(Officer);
    return repository.save(officers.map((officer) => repository.create(officer)));
  }
}
