import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CountyProject } from '../projects/county-project.entity';
import { Programme } from './programme.entity';

export type NewProgramme = Pick<Programme, 'code' | 'name' | 'year' | 'rootRegionCode' | 'countyCount'> &
  Partial<
    Pick<
      Programme,
      | 'milestoneTemplate'
      | 'reminderPolicy'
      | 'reportDueDay'
      | 'operatingFiguresFromMonth'
      | 'yellowWithinWorkingDays'
      | 'sourceProgrammeId'
    >
  >;

/** The parts of a programme that say how it runs (as opposed to which one it is). */
export type ProgrammeDefinition = Pick<
  Programme,
  'milestoneTemplate' | 'reminderPolicy' | 'reportDueDay' | 'operatingFiguresFromMonth' | 'yellowWithinWorkingDays'
>;

@Injectable()
export class ProgrammesRepository {
  constructor(private readonly dataSource: DataSource) {}

  findAll(): Promise<Programme[]> {
    return this.dataSource.getRepository(Programme).find({ order: { year: 'ASC', code: 'ASC' } });
  }

  findByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<Programme | null> {
    return manager.getRepository(Programme).findOneBy({ code });
  }

  /** The programme if its root region is one of `regionCodes`; `lock` holds it for the transaction. */
  findInRoots(
    id: string,
    regionCodes: ReadonlySet<string>,
    options: { manager?: EntityManager; lock?: boolean } = {},
  ): Promise<Programme | null> {
    const query = (options.manager ?? this.dataSource.manager)
      .getRepository(Programme)
      .createQueryBuilder('programme')
      .where('programme.id = :id', { id })
      .andWhere('programme.root_region_code = ANY(:codes)', { codes: [...regionCodes] });
    if (options.lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  findWithRoots(regionCodes: ReadonlySet<string>): Promise<Programme[]> {
    return this.dataSource
      .getRepository(Programme)
      .find({ where: { rootRegionCode: In([...regionCodes]) }, order: { year: 'ASC', code: 'ASC' } });
  }

  exists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(Programme).existsBy({ id });
  }

  /** Whether `year` already exists in the family of `sourceId`: the source itself or a copy of it. */
  yearExists(manager: EntityManager, sourceId: string, year: number): Promise<boolean> {
    return manager
      .getRepository(Programme)
      .createQueryBuilder('programme')
      .where('(programme.id = :sourceId OR programme.source_programme_id = :sourceId)', { sourceId })
      .andWhere('programme.year = :year', { year })
      .getExists();
  }

  async insert(manager: EntityManager, programme: NewProgramme): Promise<Programme> {
    const repository = manager.getRepository(Programme);
    return repository.save(repository.create(programme));
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

  /**
   * Gives a programme its definition if it has none yet (a row from before templates existed keeps the
   * column defaults: an empty template). Returns true if it did; a defined programme is left as it is.
   */
  async defineIfEmpty(manager: EntityManager, code: string, definition: ProgrammeDefinition): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Programme)
      .set(definition)
      .where('code = :code', { code })
      .andWhere(`milestone_template = '[]'::jsonb`)
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** How many county projects each programme has. */
  async projectCounts(programmeIds: readonly string[]): Promise<Map<string, number>> {
    if (programmeIds.length === 0) return new Map();
    const rows: { programmeId: string; count: string }[] = await this.dataSource
      .getRepository(CountyProject)
      .createQueryBuilder('project')
      .select('project.programme_id', 'programmeId')
      .addSelect('count(*)', 'count')
      .where('project.programme_id IN (:...ids)', { ids: programmeIds })
      .groupBy('project.programme_id')
      .getRawMany();
    return new Map(rows.map((row) => [row.programmeId, Number(row.count)]));
  }
}
