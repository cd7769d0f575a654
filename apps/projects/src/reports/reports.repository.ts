import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { MonthlyReportEntity } from './monthly-report.entity';

export type NewMonthlyReport = Omit<MonthlyReportEntity, 'id' | 'version'>;

/**
 * Monthly reports. Whether a caller may see one is its project's business (ReportAccess asks the projects
 * repository, which filters by the caller's regions in SQL); nothing here is returned to a caller unchecked.
 */
@Injectable()
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findById(reportId: string): Promise<MonthlyReportEntity | null> {
    return this.dataSource.getRepository(MonthlyReportEntity).findOneBy({ id: reportId });
  }

  /** A project's reports, newest month first. */
  listForProject(projectId: string): Promise<MonthlyReportEntity[]> {
    return this.dataSource.getRepository(MonthlyReportEntity).find({ where: { projectId }, order: { month: 'DESC' } });
  }

  /**
   * Inserts the report unless the project already has one for its month (the unique key decides, so two
   * submissions racing for the same month cannot both win). Null if one was already there.
   */
  async insertIfAbsent(manager: EntityManager, report: NewMonthlyReport): Promise<MonthlyReportEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(MonthlyReportEntity)
      .values(report)
      .orIgnore()
      .returning('id')
      .execute();
    const inserted = (result.raw as { id: string }[])[0];
    return inserted ? manager.getRepository(MonthlyReportEntity).findOneByOrFail({ id: inserted.id }) : null;
  }

  /** Reads the report and holds its row until the transaction ends, so two reviews cannot interleave. */
  lockReport(manager: EntityManager, reportId: string): Promise<MonthlyReportEntity | null> {
    return manager
      .getRepository(MonthlyReportEntity)
      .createQueryBuilder('report')
      .setLock('pessimistic_write')
      .where('report.id = :reportId', { reportId })
      .getOne();
  }

  /** Writes the changed report; its version goes up by one. */
  save(manager: EntityManager, report: MonthlyReportEntity): Promise<MonthlyReportEntity> {
    return manager.getRepository(MonthlyReportEntity).save(report);
  }
}
