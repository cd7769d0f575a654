import { Injectable, StreamableFile } from '@nestjs/common';
import {
  DomainError,
  GetAnnex4Rpc,
  GetTaskListRpc,
  ListLeadingGroupsRpc,
  type Actor,
  type Annex4,
  type FundingRegionQuery,
  type TaskListQuery,
} from '@duban/contracts';
import { RpcClient } from '@duban/platform';
import type { Workbook } from 'exceljs';
import { contentDisposition } from '../core/content-disposition';
import { fundingWorkbook } from './funding-workbook';
import { leadingGroupsWorkbook } from './leading-groups-workbook';
import { taskListWorkbook } from './task-list-workbook';
import { XLSX_TYPE } from './workbook-style';

/**
 * The Excel exports: the data from the services (which check scope and role), laid out here, at the HTTP
 * edge, as the documents' tables.
 */
@Injectable()
export class ExcelExports {
  constructor(private readonly rpc: RpcClient) {}

  /** 附件1 of a region; the money columns from funding's 附件4 (blank for a caller who may not read money). */
  async taskList(actor: Actor, query: TaskListQuery): Promise<StreamableFile> {
    const list = await this.rpc.call(GetTaskListRpc, { actor, ...query });
    const money = await this.rpc
      .call(GetAnnex4Rpc, { actor, region: query.region })
      .catch((error: unknown): Annex4 | null => {
        if (error instanceof DomainError && (error.code === 'forbidden' || error.code === 'not_found')) return null;
        throw error;
      });
    const period = query.month ?? String(list.programmeYear);
    return file(taskListWorkbook(list, money), `附件1-任务分解清单-${list.regionName}-${period}.xlsx`);
  }

  /** 附件4 of a region. */
  async funding(actor: Actor, query: FundingRegionQuery): Promise<StreamableFile> {
    const annex4 = await this.rpc.call(GetAnnex4Rpc, { actor, ...query });
    const name = annex4.regionName ?? annex4.regionCode;
    return file(fundingWorkbook(annex4), `附件4-省级资金安排分配表-${name}-${annex4.programmeYear}.xlsx`);
  }

  /** The leading groups of a region's counties. */
  async leadingGroups(actor: Actor, region: string): Promise<StreamableFile> {
    const groups = await this.rpc.call(ListLeadingGroupsRpc, { actor, region });
    return file(leadingGroupsWorkbook(groups), `领导小组名单-${groups.regionName}-${groups.programmeYear}.xlsx`);
  }
}

export async function file(workbook: Workbook, filename: string): Promise<StreamableFile> {
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return new StreamableFile(bytes, {
    type: XLSX_TYPE,
    length: bytes.length,
    disposition: contentDisposition(filename, 'attachment'),
  });
}
