import { Module } from '@nestjs/common';
import { InboxChannel } from './inbox.channel';
import { InboxHandler } from './inbox.handler';
import { InboxRepository } from './inbox.repository';
import { InboxService } from './inbox.service';

@Module({
  providers: [InboxRepository, InboxService, InboxChannel, InboxHandler],
  exports: [InboxService, InboxChannel],
})
export class InboxModule {}
