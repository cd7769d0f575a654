import {
  NotFoundError,
  OFFICER_ROLE_LABELS,
  type Actor,
  type ImportMode,
  type ImportProblem,
  type ImportReport,
  type LeadingGroupImportRow,
  type LeadingGroups,
} from '@duban/contracts';
import { Access, AuditLog, Transactions, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ProjectsRepository } from '../projects/projects.repository';
import { ProjectsService } from '../projects/projects.service';
import { RegionsRepository } from '../regions/regions.repository';
import { mayEditProject, roleMayNotMessage } from '../scope/role-rules';
import { ImportCounties } from '../task-list/import-counties.service';
import { COUNTY_COLUMN, importDecision } from '../task-list/task-list-import-rules';
import { importedMember, LEADING_GROUP_COLUMNS, memberChanges, memberKey, type ImportedMember } from './leading-group-import-rules';
import { toOfficerView } from '../officers/officer-view';
import { OfficersRepository, type NewOfficer, type OfficerRecord } from '../officers/officers.repository';

const ACTION = 'officer.import';

/**
 * The leading groups (领导小组) of a region's counties as one table: read for the Excel export, and members
 * imported from one (matched by county and name: a new name is added, a known one gets its role, title and
 * unit; a member missing from the file stays, since milestones name their responsible officers). Scope, roles,
 * modes and the row report are those of the 附件1 import; every change is audited, an unchanged row writes nothing.
 */
@Injectable()
export class LeadingGroupsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly projectsService: ProjectsService,
    private readonly projects: ProjectsRepository,
    private readonly regions: RegionsRepository,
    private readonly officers: OfficersRepository,
    private readonly counties: ImportCounties,
    private readonly access: Access,
    private readonly audit: AuditLog,
  ) {}

  async list(actor: Actor, regionCode: string): Promise<LeadingGroups> {
    const tx = this.transactions.none;
    const listed = await this.projectsService.list(actor, { region: regionCode });
    const newest = listed[0];
    const region = await this.regions.findByCode(tx, regionCode);
    if (!newest || !region) throw new NotFoundError('该地区不存在、没有项目，或不在您的权限范围内');
    const projects = listed.filter((project) => project.programmeId === newest.programmeId);
    const cities = await this.regions.findByCodes(
      tx,
      projects.flatMap((project) => (project.cityRegionCode ? [project.cityRegionCode] : [])),
    );
    const cityName = new Map(cities.map((city) => [city.code, city.name]));
    const officers = await this.officers.findByProjects(
      tx,
      projects.map((project) => project.id),
    );
    return {
      regionCode: region.code,
      regionName: region.name,
      programmeYear: newest.programmeYear,
      groups: projects.map((project) => ({
        projectId: project.id,
        regionCode: project.regionCode,
        cityName: project.cityRegionCode ? (cityName.get(project.cityRegionCode) ?? null) : null,
        countyName: project.regionName,
        officers: officers.filter((officer) => officer.projectId === project.id).map(toOfficerView),
      })),
    };
  }

  async import(actor: Actor, mode: ImportMode, rows: readonly LeadingGroupImportRow[]): Promise<ImportReport> {
    const attempt = { actor, action: ACTION, targetType: 'leading_group', targetId: '' };
    await this.access.requireRole(attempt, mayEditProject(actor.role), roleMayNotMessage(actor.role, '导入领导小组'));
    return this.transactions.run(async (tx) => {
      const programme = await this.counties.programmeOf(tx, undefined);
      const { matched, problems } = await this.counties.resolve(tx, actor, programme, rows, ACTION);
      const projects = await this.projects.findInProgrammeForUpdate(
        tx,
        programme.id,
        [...new Set(matched.map(({ region }) => region.code))],
      );
      const projectOf = new Map(projects.map((project) => [project.regionCode, project]));
      const stored = await this.officers.findByProjects(
        tx,
        projects.map((project) => project.id),
      );
      const seen = new Map<string, number>();
      const planned: { row: LeadingGroupImportRow; countyName: string; regionCode: string; projectId: string; member: ImportedMember; existing: OfficerRecord | null }[] = [];
      for (const { row, region } of matched) {
        const member = importedMember(row);
        if (Array.isArray(member)) {
          problems.push(...(member as ImportProblem[]));
          continue;
        }
        const key = `${region.code}/${memberKey(member.name)}`;
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          problems.push({ row: row.row, column: LEADING_GROUP_COLUMNS.name, value: member.name, reason: `与第 ${earlier} 行是同一人` });
          continue;
        }
        seen.set(key, row.row);
        const project = projectOf.get(region.code);
        if (!project) {
          problems.push({ row: row.row, column: COUNTY_COLUMN, value: region.name, reason: '该县（市、区）在本年度计划中没有项目' });
          continue;
        }
        const existing =
          stored.find((officer) => officer.projectId === project.id && memberKey(officer.name) === memberKey(member.name)) ?? null;
        planned.push({ row, countyName: region.name, regionCode: region.code, projectId: project.id, member, existing });
      }
      problems.sort((a, b) => a.row - b.row);
      const { apply, errorRows } = importDecision(mode, problems);
      const changes = planned.flatMap((plan) => {
        const lines = plan.existing
          ? memberChanges(plan.existing, plan.member)
          : [{ column: '新增成员', before: '', after: `${plan.member.name}（${OFFICER_ROLE_LABELS[plan.member.role]}）` }];
        return lines.length === 0 ? [] : [{ plan, lines }];
      });
      if (apply) {
        let sort = Math.max(0, ...stored.map((officer) => officer.sort));
        for (const { plan } of changes) await this.write(tx, actor, plan, plan.existing ? 0 : ++sort);
      }
      return {
        mode,
        applied: apply && changes.length > 0,
        rows: rows.length,
        changedRows: changes.length,
        unchangedRows: planned.length - changes.length,
        errorRows,
        changes: changes.map(({ plan, lines }) => ({
          row: plan.row.row,
          regionCode: plan.regionCode,
          countyName: plan.countyName,
          changes: lines,
        })),
        problems,
      };
    });
  }

  /** Adds the member (at `sort`) or updates the stored one, with its audit row. */
  private async write(
    tx: Tx,
    actor: Actor,
    { projectId, member, existing }: { projectId: string; member: ImportedMember; existing: OfficerRecord | null },
    sort: number,
  ): Promise<void> {
    if (existing) {
      await this.officers.update(tx, { ...existing, role: member.role, title: member.title, unit: member.unit });
      await this.audit.recordDone(tx, {
        actor,
        action: ACTION,
        targetType: 'officer',
        targetId: existing.id,
        before: { role: existing.role, title: existing.title, unit: existing.unit },
        after: { role: member.role, title: member.title, unit: member.unit },
      });
      return;
    }
    const added: NewOfficer = { projectId, ...member, username: null, sort };
    const [inserted] = await this.officers.insertMany(tx, [added]);
    if (!inserted) throw new Error('An imported officer was not inserted');
    await this.audit.recordDone(tx, { actor, action: ACTION, targetType: 'officer', targetId: inserted.id, after: { ...member } });
  }
}
