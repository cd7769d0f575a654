import { ProjectRegistered, type Envelope, type ProjectRegisteredData } from '@duban/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DemoInspection } from './demo-inspection.service';

/**
 * The live demo's inspection follows the projects as they are registered, on a consumer of its own (the
 * production copy of the projects knows nothing of the demo). The durable name lives in the broker and the
 * inbox: stable.
 */
@Controller()
export class DemoInspectionSubscriber {
  constructor(private readonly demo: DemoInspection) {}

  @EventPattern(ProjectRegistered.type, { durable: 'evaluation-demo-inspection' })
  async registered(@Payload() event: Envelope<ProjectRegisteredData>): Promise<void> {
    await this.demo.projectRegistered(event.data);
  }
}
