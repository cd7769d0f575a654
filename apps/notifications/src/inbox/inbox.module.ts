import { Module } from '@nestjs/common';
import { InboxChannel } from './inbox.channel';
import { InboxHandler } from './inbox.handler';
import { InboxRepository } from './inbox.repository';
import { InboxService } from './inbox.service';
import { InboxWriter } from './inbox-writer';

@Module({
  providers: [InboxRepository, InboxWriter, InboxService, InboxChannel, InboxHandler],
  exports: [InboxService, InboxChannel],
})
export class InboxModule {}
