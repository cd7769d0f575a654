import { Injectable } from '@nestjs/common';
import {
  ImportLeadingGroupsRpc,
  ImportTaskListRpc,
  type Actor,
  type ImportQuery,
  type ImportReport,
} from '@duban/contracts';
import { RpcClient } from '@duban/platform';
import type { FastifyRequest } from 'fastify';
import { readLeadingGroupRows } from './leading-groups-sheet';
import { readTaskListRows } from './task-list-sheet';
import { receiveWorkbook } from './workbook-upload';

/**
 * The Excel imports: the gateway, as the HTTP edge, reads the uploaded workbook into typed rows; the
 * owning service validates them with its own rules and applies them (audit and events as any edit).
 */
@Injectable()
export class ExcelImports {
  constructor(private readonly rpc: RpcClient) {}

  async taskList(actor: Actor, { mode }: ImportQuery, request: FastifyRequest): Promise<ImportReport> {
    const rows = readTaskListRows(await receiveWorkbook(request));
    return this.rpc.call(ImportTaskListRpc, { actor, mode, rows });
  }

  async leadingGroups(actor: Actor, { mode }: ImportQuery, request: FastifyRequest): Promise<ImportReport> {
    const rows = readLeadingGroupRows(await receiveWorkbook(request));
    return this.rpc.call(ImportLeadingGroupsRpc, { actor, mode, rows });
  }
}
