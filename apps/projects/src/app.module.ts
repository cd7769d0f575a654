import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type PlatformConfig } from '@duban/platform';
import { MilestoneFilesConfig } from './config';
import { projectsDatabase } from './database';
import { MilestoneFilesModule } from './milestone-files/milestone-files.module';
import { AcceptanceModule } from './acceptance/acceptance.module';
import { AgendaModule } from './agenda/agenda.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DemoDataModule } from './demo/demo-data.module';
import { MilestonesModule } from './milestones/milestones.module';
import { LeadingGroupModule } from './leading-groups/leading-group.module';
import { OfficersModule } from './officers/officers.module';
import { OverrunsModule } from './overruns/overruns.module';
import { OversightModule } from './oversight/oversight.module';
import { ProgrammesModule } from './programmes/programmes.module';
import { ProjectsModule } from './projects/projects.module';
import { RegionsModule } from './regions/regions.module';
import { ReportsModule } from './reports/reports.module';
import { TaskListModule } from './task-list/task-list.module';
import { LeadingGroupsModule } from './leading-groups/leading-groups.module';

@Module({})
export class AppModule {
  static forRoot(config: PlatformConfig, files: MilestoneFilesConfig = MilestoneFilesConfig.defaults()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MilestoneFilesModule.forRoot(files),
        ServicePlatformModule.forService({ config, ...projectsDatabase }),
        DemoDataModule,
        ReportsModule,
        DashboardModule,
        RegionsModule,
        ProgrammesModule,
        ProjectsModule,
        OfficersModule,
        LeadingGroupModule,
        MilestonesModule,
        AcceptanceModule,
        TaskListModule,
        LeadingGroupsModule,
        OverrunsModule,
        OversightModule,
        AgendaModule,
      ],
    };
  }
}
