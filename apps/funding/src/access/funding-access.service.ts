import { NotFoundError, ROLE_LABELS, type Role } from '@duban/contracts';
import { Access, Transactions, type Attempt } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ProjectRefsRepository, type ProjectRef } from '../project-refs/project-refs.repository';

/**
 * Who may do what with money (issue 5, DESIGN "Who uses it"), inside their scope:
 * - everyone in scope reads a county's funding and the rollups of regions in scope (the inspector checks
 *   item 5, 合规使用省补资金);
 * - the county officer records its county's disbursements and expenditures, as do the city and province;
 * - only the province sets allocations and budgets (and runs the calculator).
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
/** Who reviews flagged expenditures across counties: the city (its counties) and the province. */
export const FLAG_REVIEWERS: readonly Role[] = ['province_admin', 'city_officer'];

const PROJECT_NOT_FOUND = '项目不存在';
const REGION_NOT_FOUND = '该地区没有资金数据';
const PROGRAMME_NOT_FOUND = '该计划没有资金预算或不在您的权限范围内';

/**
 * Funding's loaders for the platform's one access rule: what a project, a region or a programme is and
 * where it lies in the region tree, from funding's copy of the projects. The rule itself (404 + audit out of
 * scope, 403 + audit by role) is the platform's `Access`.
 */
@Injectable()
export class FundingAccess {
  constructor(
    private readonly access: Access,
    private readonly projects: ProjectRefsRepository,
    private readonly transactions: Transactions,
  ) {}

  /** The project, if it exists and the actor's regions contain its county, city or province. */
  async project(attempt: Attempt, projectId: string, notFound = PROJECT_NOT_FOUND): Promise<ProjectRef> {
    const project = await this.projects.find(this.transactions.none, projectId);
    return this.access.requireInScope(
      attempt,
      project,
      (p) => [p.regionCode, p.cityRegionCode, p.provinceRegionCode],
      notFound,
    );
  }

  /** Checks that a region (county, city or province code) funding knows lies in the actor's scope; 404 otherwise. */
  async region(attempt: Attempt, regionCode: string): Promise<void> {
    const path = await this.projects.pathOf(this.transactions.none, regionCode);
    await this.access.requireInScope(attempt, path.length > 0 ? path : null, (p) => p, REGION_NOT_FOUND);
  }

  /**
   * A programme is seen by those whose regions contain one of its counties, cities or province; 404 otherwise.
   * A programme funding has not heard of any project of yet (a budget set before the projects exist) is the
   * province admin's alone. Answers whether funding knows any project of the programme.
   */
  async programme(attempt: Attempt, programmeCode: string): Promise<{ known: boolean }> {
    const regions = await this.projects.regionsOfProgramme(this.transactions.none, programmeCode);
    if (regions.length === 0) {
      if (attempt.actor.role === 'province_admin') return { known: false };
      throw new NotFoundError(PROGRAMME_NOT_FOUND);
    }
    await this.access.requireInScope(attempt, regions, (codes) => codes, PROGRAMME_NOT_FOUND);
    return { known: true };
  }

  /** Refuses (403, audited) unless the actor's role is one of `roles`; `what` completes "…无权" in the message. */
  requireRole(attempt: Attempt, roles: readonly Role[], what: string): Promise<void> {
    return this.access.requireRole(attempt, roles, `${ROLE_LABELS[attempt.actor.role]}无权${what}`);
  }
}
