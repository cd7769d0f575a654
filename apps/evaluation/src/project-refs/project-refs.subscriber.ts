import {
  ProgrammeClosed,
  ProgrammeRulesChanged,
  ProjectRegistered,
  type Envelope,
  type ProgrammeClosedData,
  type ProgrammeRulesChangedData,
  type ProjectRegisteredData,
} from '@duban/contracts';
import { Clock, EventContext } from '@duban/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SettingsRepository } from '../settings/settings.repository';
import { ClosedProgrammesRepository } from '../programme-state/closed-programmes.repository';
import { ProjectRefsRepository } from './project-refs.repository';

/**
 * Keeps evaluation's copy of the county projects, and gives each new programme its acceptance settings:
 * the pass mark and rubric code its template carries in the registration, else the defaults. The durable name lives in the broker and the inbox table: it is stable.
 */
@Controller()
export class ProjectRegisteredSubscriber {
  constructor(
    private readonly projects: ProjectRefsRepository,
    private readonly settings: SettingsRepository,
    private readonly closedProgrammes: ClosedProgrammesRepository,
    private readonly clock: Clock,
  ) {}

  @EventPattern(ProjectRegistered.type, { durable: 'evaluation-projects' })
  async onProjectRegistered(
    @Payload() event: Envelope<ProjectRegisteredData>,
    @Ctx() context: EventContext,
  ): Promise<void> {
    const now = this.clock.now();
    await this.projects.register(context.tx, event.data, now);
    await this.settings.addDefaults(
      context.tx,
      event.data.programmeId,
      event.data.programmeCode,
      now,
      event.data.acceptance,
    );
  }

  /** A new template version's pass mark and rubric code apply to the programme's inspections opened from now on. */
  @EventPattern(ProgrammeRulesChanged.type, { durable: 'evaluation-projects' })
  async onRulesChanged(
    @Payload() event: Envelope<ProgrammeRulesChangedData>,
    @Ctx() context: EventContext,
  ): Promise<void> {
    const { programmeId, acceptance } = event.data;
    if (!(await this.settings.find(context.tx, programmeId, { lock: true }))) return;
    await this.settings.update(
      context.tx,
      programmeId,
      { passThresholdHalfPoints: Math.round(acceptance.passMark * 2), rubricCode: acceptance.rubricCode },
      this.clock.now(),
    );
  }

  @EventPattern(ProgrammeClosed.type, { durable: 'evaluation-projects' })
  async onProgrammeClosed(
    @Payload() event: Envelope<ProgrammeClosedData>,
    @Ctx() context: EventContext,
  ): Promise<void> {
    const { programmeId, programmeCode, name, year, status, closedAt } = event.data;
    await this.closedProgrammes.record(context.tx, {
      programmeId,
      programmeCode,
      name,
      year,
      status,
      closedAt: new Date(closedAt),
    });
  }
}
