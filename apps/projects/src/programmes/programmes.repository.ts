import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Programme } from './programme.entity';

export type NewProgramme = Pick<Programme, 'code' | 'name' | 'year' | 'rootRegionCode' | 'countyCount'>;

@Injectable()
export class ProgrammesRepository {
  constructor(private readonly dataSource: DataSource) {}

  findAll(): Promise<Programme[]> {
    return this.dataSource.getRepository(Programme).find({ order: { year: 'ASC', code: 'ASC' } });
  }

  findByCode(code: string): Promise<Programme | null> {
    return this.dataSource.getRepository(Programme).findOneBy({ code });
  }

  /** Inserts the programme unless one with its code exists (which is left as it is). True if inserted. */
  async insertIfAbsent(manager: EntityManager, programme: NewProgramme): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(Programme)
      .values(programme)
      .orIgnore()
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }
}
