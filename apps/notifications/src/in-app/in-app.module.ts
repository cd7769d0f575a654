import { Module } from '@nestjs/common';
import { InAppHandler } from './in-app.handler';
import { InAppRepository } from './in-app.repository';
import { InAppService } from './in-app.service';
import { InAppWriter } from './in-app-writer.service';

/**
 * In-app notifications: each person's (and each role's) inbox in the web app, its read state, and the
 * `inbox.delivered` event that announces new ones. Not to be confused with the platform's consumer inbox
 * (event de-duplication). Depends on no other feature; delivery writes through `InAppWriter`.
 */
@Module({
  controllers: [InAppHandler],
  providers: [InAppRepository, InAppWriter, InAppService],
  exports: [InAppWriter, InAppService],
})
export class InAppModule {}
