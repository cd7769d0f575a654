import { localDateOf } from '@duban/calendar';
import {
  NotFoundError,
  ValidationError,
  type Actor,
  type ProgrammeTemplateDefinition,
  type ProgrammeTemplateView,
} from '@duban/contracts';
import { Access, AuditLog, Clock, Transactions } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { RegionScope } from '../scope/region-scope.service';
import { mayCreateProgramme, roleMayNotMessage } from '../scope/role-rules';
import { templateDefinitionErrors, sameDefinition } from './programme-template-rules';
import { toProgrammeTemplateView } from './programme-template-view';
import { ProgrammeTemplatesRepository } from './programme-templates.repository';
import { ProgrammesRepository } from './programmes.repository';
import { TemplateFollowingService } from './template-following.service';

const TEMPLATE_NOT_FOUND = '计划模板不存在';

export interface SavedTemplate {
  readonly template: ProgrammeTemplateView;
  readonly created: boolean;
  readonly programmes: number;
  readonly replannedMilestones: number;
}

/**
 * Programme templates: versioned data (a save is a new version, never an overwrite). Anyone signed in reads
 * them; the province administrator saves them, and the open programmes in its scope that follow a template
 * move to the new version at once (TemplateFollowingService).
 */
@Injectable()
export class ProgrammeTemplatesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly templates: ProgrammeTemplatesRepository,
    private readonly programmes: ProgrammesRepository,
    private readonly following: TemplateFollowingService,
    private readonly scope: RegionScope,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ProgrammeTemplateView[]> {
    return (await this.templates.findLatestOfEach(this.transactions.none)).map(toProgrammeTemplateView);
  }

  async get(code: string): Promise<{ latest: ProgrammeTemplateView; versions: ProgrammeTemplateView[] }> {
    const versions = await this.templates.findVersions(this.transactions.none, code);
    const [latest] = versions;
    if (!latest) throw new NotFoundError(TEMPLATE_NOT_FOUND);
    return { latest: toProgrammeTemplateView(latest), versions: versions.map(toProgrammeTemplateView) };
  }

  async save(actor: Actor, code: string, definition: ProgrammeTemplateDefinition): Promise<SavedTemplate> {
    const action = 'programme-template.save';
    await this.access.requireRole(
      { actor, action, targetType: 'programme_template', targetId: code },
      mayCreateProgramme(actor.role),
      roleMayNotMessage(actor.role, '修改计划模板（仅限省级管理员）'),
    );
    const errors = templateDefinitionErrors(definition);
    if (errors.length > 0) throw new ValidationError(errors, '计划模板有误');
    return this.transactions.runAndAnswer(async (tx) => {
      await this.templates.lock(tx, code);
      const latest = await this.templates.findLatest(tx, code);
      if (latest && sameDefinition(latest.definition, definition)) {
        return { template: toProgrammeTemplateView(latest), created: false, programmes: 0, replannedMilestones: 0 };
      }
      const saved = await this.templates.insert(
        tx,
        {
          code,
          version: (latest?.version ?? 0) + 1,
          definition,
          createdBy: actor.username,
          createdByName: actor.displayName,
        },
        this.clock.now(),
      );
      await this.audit.recordDone(tx, {
        actor,
        action,
        targetType: 'programme_template',
        targetId: saved.id,
        before: latest ? { code, version: latest.version, ...latest.definition } : null,
        after: { code, version: saved.version, ...definition },
      });
      // Only the open programmes over the caller's own province whose year is not over move; others keep
      // the version they follow (a past year's deadlines are history and must not come alive again).
      const walkable = await this.scope.walkableRegionCodes(tx, actor);
      const currentYear = Number(localDateOf(this.clock.now()).slice(0, 4));
      const open = (await this.programmes.findOpenByTemplate(tx, code)).filter(
        (programme) => walkable.has(programme.rootRegionCode) && programme.year >= currentYear,
      );
      let replanned = 0;
      for (const programme of open) replanned += await this.following.follow(tx, actor, programme, saved);
      return {
        template: toProgrammeTemplateView(saved),
        created: true,
        programmes: open.length,
        replannedMilestones: replanned,
      };
    });
  }
}
