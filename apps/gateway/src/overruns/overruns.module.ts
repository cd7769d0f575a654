import { Module } from '@nestjs/common';
import { OverrunsController } from './overruns.controller';
import { OverrunReports } from './overruns.service';

/** 超时倒查 at the edge: the projects service's report with the notifications service's delivery log. */
@Module({ controllers: [OverrunsController], providers: [OverrunReports] })
export class OverrunsModule {}
