import {
  ProgrammeClosed,
  ProgrammeRulesChanged,
  type Envelope,
  type ProgrammeClosedData,
  type ProgrammeRulesChangedData,
} from '@duban/contracts';
import { Clock, EventContext } from '@duban/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ProgrammeRulesRepository } from './programme-rules.repository';

/**
 * What funding keeps of a programme beyond its projects: the sources' category rules of the template version
 * it follows, and its closing. On the projects consumer (`funding-projects`, a stable name in the broker).
 */
@Controller()
export class ProgrammeEventsSubscriber {
  constructor(
    private readonly rules: ProgrammeRulesRepository,
    private readonly clock: Clock,
  ) {}

  @EventPattern(ProgrammeRulesChanged.type, { durable: 'funding-projects' })
  async rulesChanged(@Payload() event: Envelope<ProgrammeRulesChangedData>, @Ctx() ctx: EventContext): Promise<void> {
    const { programmeId, programmeCode, fundingSources, templateCode, templateVersion } = event.data;
    await this.rules.setRules(
      ctx.tx,
      { programmeId, programmeCode, sourceRules: fundingSources, templateCode, templateVersion, eventId: event.id },
      this.clock.now(),
    );
  }

  @EventPattern(ProgrammeClosed.type, { durable: 'funding-projects' })
  async closed(@Payload() event: Envelope<ProgrammeClosedData>, @Ctx() ctx: EventContext): Promise<void> {
    const { programmeId, programmeCode, name, year, status, closedAt } = event.data;
    await this.rules.setClosed(
      ctx.tx,
      { programmeId, programmeCode, name, year, status, closedAt: new Date(closedAt) },
      this.clock.now(),
    );
  }
}
