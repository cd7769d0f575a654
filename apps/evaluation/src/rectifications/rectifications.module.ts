import { Module } from '@nestjs/common';
import { InspectionsModule } from '../inspections/inspections.module';
import { RectificationsHandler } from './rectifications.handler';
import { RectificationsService } from './rectifications.service';

/** Rectification items and their deadlines (published for the notifications service). */
@Module({ imports: [InspectionsModule], providers: [RectificationsService], controllers: [RectificationsHandler] })
export class RectificationsModule {}
