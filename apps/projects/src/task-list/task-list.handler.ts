import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetTaskListRpc, ImportTaskListRpc, type ImportReport, type TaskList } from '@duban/contracts';
import type { z } from 'zod';
import { TaskListImportService } from './task-list-import.service';
import { TaskListService } from './task-list.service';

@Controller()
export class TaskListHandler {
  constructor(
    private readonly taskList: TaskListService,
    private readonly imports: TaskListImportService,
  ) {}

  @MessagePattern(GetTaskListRpc.subject)
  get(@Payload() { actor, ...query }: z.infer<typeof GetTaskListRpc.request>): Promise<TaskList> {
    return this.taskList.get(actor, query);
  }

  @MessagePattern(ImportTaskListRpc.subject)
  import(@Payload() request: z.infer<typeof ImportTaskListRpc.request>): Promise<ImportReport> {
    return this.imports.import(request.actor, request.mode, request.rows, request.programmeId);
  }
}
