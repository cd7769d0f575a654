import { DomainError, NotFoundError, ROLE_LABELS, type Actor, type FundingProject, type Role } from '@duban/contracts';
import { AuditLog } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { FundingProjectsRepository } from '../projects/funding-projects.repository';

/**
 * Who may do what with money (issue 5, DESIGN "Who uses it"), inside their scope:
 * - everyone in scope reads a county's funding and the rollups of regions in scope (the inspector checks
 *   item 5, 合规使用省补资金);
 * - the county officer records its county's disbursements and expenditures, as do the city and province;
 * - only the province sets allocations (and runs the calculator).
 */
export const FUNDING_READERS: readonly Role[] = [
  'province_admin',
  'city_officer',
  'county_officer',
  'leading_member',
  'inspector',
];
export const LEDGER_RECORDERS: readonly Role[] = ['province_admin', 'city_officer', 'county_officer'];
export const ALLOCATORS: readonly Role[] = ['province_admin'];

export interface Attempt {
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
}

/**
 * Scope and role checks, with every refusal audited. Out of scope reads as "not found", exactly like a
 * wrong id (DESIGN rule 8); in scope but not allowed by role is "forbidden", with the reason.
 */
@Injectable()
export class FundingAccess {
  constructor(
    private readonly projects: FundingProjectsRepository,
    private readonly audit: AuditLog,
  ) {}

  /** The project, if it exists and the actor's regions contain its county, city or province. */
  async project(actor: Actor, projectId: string, action: string): Promise<FundingProject> {
    const project = await this.projects.find(projectId);
    if (!project) throw new NotFoundError('项目不存在');
    const path = [project.regionCode, project.cityRegionCode, project.provinceRegionCode];
    if (!path.some((code) => code !== null && actor.regionCodes.includes(code))) {
      await this.denied(actor, { action, targetType: 'county_project', targetId: projectId }, 'out_of_scope');
      throw new NotFoundError('项目不存在');
    }
    return project;
  }

  /** Checks that a region (county, city or province code) lies in the actor's scope; 404 otherwise. */
  async region(actor: Actor, regionCode: string, action: string): Promise<void> {
    const path = await this.projects.pathOf(regionCode);
    if (path.length === 0) throw new NotFoundError('该地区没有资金数据');
    if (!path.some((code) => actor.regionCodes.includes(code))) {
      await this.denied(actor, { action, targetType: 'region', targetId: regionCode }, 'out_of_scope');
      throw new NotFoundError('该地区没有资金数据');
    }
  }

  async requireRole(actor: Actor, roles: readonly Role[], attempt: Attempt, what: string): Promise<void> {
    if (roles.includes(actor.role)) return;
    const message = `${ROLE_LABELS[actor.role]}无权${what}`;
    await this.denied(actor, attempt, `forbidden: ${message}`);
    throw new DomainError('forbidden', message);
  }

  private denied(actor: Actor, attempt: Attempt, detail: string): Promise<void> {
    const { userId, username, role } = actor;
    return this.audit.recordDenied({ actor: { userId, username, role }, ...attempt, detail });
  }
}
