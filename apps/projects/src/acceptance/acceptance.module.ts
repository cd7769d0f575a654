import { Module } from '@nestjs/common';
import { MilestonesModule } from '../milestones/milestones.module';
import { OfficersModule } from '../officers/officers.module';
import { OverrunRecordModule } from '../overruns/overrun-record.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { AcceptanceSignedSubscriber } from './acceptance-signed.subscriber';

/** The acceptance milestone, completed by the evaluation service's signed, passed inspection. */
@Module({
  imports: [MilestonesModule, ProjectAccessModule, OfficersModule, OverrunRecordModule],
  controllers: [AcceptanceSignedSubscriber],
})
export class AcceptanceModule {}
