import {
  OFFICER_ROLE_LABELS,
  type Actor,
  type ImportMode,
  type ImportProblem,
  type ImportReport,
  type LeadingGroupImportRow,
  type LeadingGroups,
  type ProjectView,
} from '@duban/contracts';
import { Access, AuditLog, Transactions, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ProjectAccessService, type ProjectContext } from '../projects/project-access.service';
import { ProjectsRepository, type ProjectRecord } from '../projects/projects.repository';
import type { RegionRecord } from '../regions/regions.repository';
import { mayEditProject, roleMayNotMessage } from '../scope/role-rules';
import { ImportCounties } from '../task-list/import-counties.service';
import { RegionProjects } from '../task-list/region-projects.service';
import { COUNTY_COLUMN, importDecision, importReport } from '../task-list/task-list-import-rules';
import {
  importedMember,
  LEADING_GROUP_COLUMNS,
  memberChanges,
  memberKey,
  type ImportedMember,
  type StoredMember,
} from './leading-group-import-rules';
import { changesReminders } from './leading-group-rules';
import { OfficerAnnouncements } from './officer-announcements.service';
import { toOfficerView } from '../officers/officer-view';
import { OfficersRepository, type NewOfficer, type OfficerRecord } from '../officers/officers.repository';

const ACTION = 'officer.import';

/** A row's member, in its county's project, with the stored member of that name (null: a new one). */
interface PlannedMember {
  readonly row: LeadingGroupImportRow;
  readonly countyName: string;
  readonly regionCode: string;
  readonly projectId: string;
  readonly member: ImportedMember;
  readonly existing: OfficerRecord | null;
}

/**
 * The leading groups (领导小组) of a region's counties as one table: read for the Excel export, and members
 * imported from one (matched by county and name: a new name is added, a known one gets its role, title and
 * unit; a member missing from the file stays, since milestones name their responsible officers). Scope, roles,
 * modes and the row report are those of the 附件1 import; every change is audited and announced as an edit in
 * the web app is (OfficerAnnouncements), an unchanged row writes nothing. A county keeps one 组长.
 */
@Injectable()
export class LeadingGroupsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly regionProjects: RegionProjects,
    private readonly projects: ProjectsRepository,
    private readonly officers: OfficersRepository,
    private readonly counties: ImportCounties,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly projectAccess: ProjectAccessService,
    private readonly announcements: OfficerAnnouncements,
  ) {}

  async list(actor: Actor, regionCode: string): Promise<LeadingGroups> {
    const tx = this.transactions.none;
    const { region, projects, cityNameOf } = await this.regionProjects.of(actor, regionCode);
    const officers = await this.officers.findByProjects(
      tx,
      projects.map((project) => project.id),
    );
    return {
      regionCode: region.code,
      regionName: region.name,
      programmeYear: (projects[0] as ProjectView).programmeYear,
      groups: projects.map((project) => ({
        projectId: project.id,
        regionCode: project.regionCode,
        cityName: cityNameOf(project),
        countyName: project.regionName,
        officers: officers.filter((officer) => officer.projectId === project.id).map(toOfficerView),
      })),
    };
  }

  async import(actor: Actor, mode: ImportMode, rows: readonly LeadingGroupImportRow[]): Promise<ImportReport> {
    const attempt = { actor, action: ACTION, targetType: 'leading_group', targetId: '' };
    await this.access.requireRole(attempt, mayEditProject(actor.role), roleMayNotMessage(actor.role, '导入领导小组'));
    return this.transactions.runAndAnswer(async (tx) => {
      const programme = await this.counties.programmeOf(tx, undefined);
      const { matched, problems } = await this.counties.resolve(tx, actor, programme, rows, ACTION);
      const projects = await this.projects.findInProgrammeForUpdate(tx, programme.id, [
        ...new Set(matched.map(({ region }) => region.code)),
      ]);
      const projectOf = new Map(projects.map((project) => [project.regionCode, project]));
      const stored = await this.officers.findByProjects(
        tx,
        projects.map((project) => project.id),
      );
      const planned = this.plan(matched, problems, projectOf, stored);
      problems.sort((a, b) => a.row - b.row);
      const decision = importDecision(mode, problems);
      const changes = planned.flatMap((plan) => {
        const lines = plan.existing
          ? memberChanges(storedMember(plan.existing), plan.member)
          : [
              {
                column: '新增成员',
                before: '',
                after: `${plan.member.name}（${OFFICER_ROLE_LABELS[plan.member.role]}）`,
              },
            ];
        return lines.length === 0 ? [] : [{ plan, lines }];
      });
      if (decision.apply)
        await this.apply(
          tx,
          actor,
          projects,
          stored,
          changes.map(({ plan }) => plan),
        );
      const report = changes.map(({ plan, lines }) => ({
        row: plan.row.row,
        regionCode: plan.regionCode,
        countyName: plan.countyName,
        changes: lines,
      }));
      return importReport(mode, decision, { rows: rows.length, valid: planned.length }, report, problems);
    });
  }

  /** Each matched row as a member to add or compare, or its problems (pushed onto `problems`). */
  private plan(
    matched: readonly { row: LeadingGroupImportRow; region: RegionRecord }[],
    problems: ImportProblem[],
    projectOf: ReadonlyMap<string, ProjectRecord>,
    stored: readonly OfficerRecord[],
  ): PlannedMember[] {
    const seen = new Map<string, number>();
    const planned: PlannedMember[] = [];
    for (const { row, region } of matched) {
      const member = importedMember(row);
      if (Array.isArray(member)) {
        problems.push(...(member as ImportProblem[]));
        continue;
      }
      const key = `${region.code}/${memberKey(member.name)}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        problems.push({
          row: row.row,
          column: LEADING_GROUP_COLUMNS.name,
          value: member.name,
          reason: `与第 ${earlier} 行是同一人`,
        });
        continue;
      }
      seen.set(key, row.row);
      const project = projectOf.get(region.code);
      if (!project) {
        problems.push({
          row: row.row,
          column: COUNTY_COLUMN,
          value: region.name,
          reason: '该县（市、区）在本年度计划中没有项目',
        });
        continue;
      }
      const existing =
        stored.find(
          (officer) => officer.projectId === project.id && memberKey(officer.name) === memberKey(member.name),
        ) ?? null;
      planned.push({
        row,
        countyName: region.name,
        regionCode: region.code,
        projectId: project.id,
        member,
        existing,
      });
    }
    const secondLeaders = new Set(this.secondLeaders(planned, stored));
    for (const plan of secondLeaders) {
      problems.push({
        row: plan.row.row,
        column: LEADING_GROUP_COLUMNS.role,
        value: OFFICER_ROLE_LABELS.leader,
        reason: `该县领导小组只能有一位组长（另有：${this.leadersAfter(plan.projectId, planned, stored)
          .filter((name) => name !== plan.member.name)
          .join('、')}）`,
      });
    }
    return planned.filter((plan) => !secondLeaders.has(plan));
  }

  /** The names of a county's 组长 once the file's rows are applied (its stored members with their new roles). */
  private leadersAfter(
    projectId: string,
    planned: readonly PlannedMember[],
    stored: readonly OfficerRecord[],
  ): string[] {
    const roleOf = new Map<string, { name: string; role: string }>();
    for (const officer of stored.filter((o) => o.projectId === projectId)) roleOf.set(memberKey(officer.name), officer);
    for (const plan of planned.filter((p) => p.projectId === projectId))
      roleOf.set(memberKey(plan.member.name), plan.member);
    return [...roleOf.values()].filter((member) => member.role === 'leader').map((member) => member.name);
  }

  /** Rows that would give a county a second 组长 (whoever is 组长 now and stays so keeps the office). */
  private secondLeaders(planned: readonly PlannedMember[], stored: readonly OfficerRecord[]): PlannedMember[] {
    return planned.filter(
      (plan) =>
        plan.member.role === 'leader' &&
        plan.existing?.role !== 'leader' &&
        this.leadersAfter(plan.projectId, planned, stored).length > 1,
    );
  }

  /**
   * Writes the changed members and announces each; a county whose 组长 changed has its open milestones
   * announced again once, after all its rows, so their reminders are addressed to the group as imported.
   */
  private async apply(
    tx: Tx,
    actor: Actor,
    projects: readonly ProjectRecord[],
    stored: readonly OfficerRecord[],
    plans: readonly PlannedMember[],
  ): Promise<void> {
    const contextOf = new Map(
      (await this.projectAccess.contextsOf(tx, projects)).map((context) => [context.project.id, context]),
    );
    const readdressed = new Set<string>();
    let sort = Math.max(0, ...stored.map((officer) => officer.sort));
    for (const plan of plans) {
      const saved = await this.write(tx, actor, plan, plan.existing ? 0 : ++sort);
      const context = contextOf.get(plan.projectId);
      if (!context) throw new Error(`project ${plan.projectId} has no context`);
      await this.announcements.announce(tx, actor, context, saved, { removed: false, readdress: false });
      if (plan.existing ? changesReminders(plan.existing, saved) : saved.role === 'leader')
        readdressed.add(plan.projectId);
    }
    for (const projectId of readdressed) {
      await this.announcements.readdressOpenMilestones(tx, actor, contextOf.get(projectId) as ProjectContext);
    }
  }

  /** Adds the member (at `sort`) or updates the stored one, with its audit row; the member as stored. */
  private async write(
    tx: Tx,
    actor: Actor,
    { projectId, member, existing }: { projectId: string; member: ImportedMember; existing: OfficerRecord | null },
    sort: number,
  ): Promise<OfficerRecord> {
    if (existing) {
      const saved = await this.officers.update(tx, {
        ...existing,
        role: member.role,
        title: member.title,
        unit: member.unit,
        contacts: {
          ...existing.contacts,
          mobile: member.mobile === undefined ? existing.contacts.mobile : member.mobile,
        },
        smsOptedOut: member.smsOptedOut ?? existing.smsOptedOut,
      });
      await this.audit.recordDone(tx, {
        actor,
        action: ACTION,
        targetType: 'officer',
        targetId: existing.id,
        before: storedMember(existing),
        after: storedMember(saved),
      });
      return saved;
    }
    const { mobile, smsOptedOut, ...fields } = member;
    const added: NewOfficer = {
      projectId,
      ...fields,
      username: null,
      sort,
      contacts: { mobile: mobile ?? null, email: null, dingtalkId: null, wecomId: null },
      smsOptedOut: smsOptedOut ?? false,
    };
    const [inserted] = await this.officers.insertMany(tx, [added]);
    if (!inserted) throw new Error('An imported officer was not inserted');
    await this.audit.recordDone(tx, {
      actor,
      action: ACTION,
      targetType: 'officer',
      targetId: inserted.id,
      after: { ...member },
    });
    return inserted;
  }
}

/** A stored member with what the sheet shows of it (and what its audit rows record). */
function storedMember(officer: OfficerRecord): StoredMember {
  return {
    name: officer.name,
    role: officer.role,
    title: officer.title,
    unit: officer.unit,
    mobile: officer.contacts.mobile,
    smsOptedOut: officer.smsOptedOut,
  };
}
