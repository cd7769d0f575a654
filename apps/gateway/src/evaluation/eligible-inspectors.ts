import { Injectable } from '@nestjs/common';
import {
  GetProjectRpc,
  OpenInspectionRpc,
  regionPathFromCode,
  ValidationError,
  type Actor,
  type InspectionView,
  type openInspectionBodySchema,
} from '@duban/contracts';
import { PlatformConfig, RpcClient } from '@duban/platform';
import type { z } from 'zod';
import { mayInspect } from '../accounts/account-admin-rules';
import { AccountsRepository } from '../accounts/accounts.repository';

/** The open-inspection body as the route has parsed it. */
export type OpenInspectionFields = z.infer<typeof openInspectionBodySchema>;

/** An account offered in the open-inspection form's inspector picker. */
export interface EligibleInspector {
  readonly username: string;
  readonly displayName: string;
  readonly regionCodes: string[];
}

/**
 * Inspectors are picked from accounts, which only the gateway knows: for a project, the enabled inspector
 * accounts assigned to its county (or its city). Opening an inspection checks the named inspectors here
 * before the evaluation service is asked, so a wrong or ineligible username is a 400 naming `inspectors`
 * and no inspection is opened, and hands the evaluation service their names with their usernames (the
 * inspection page and the acceptance report name people). The project is read as the caller (its scope: 404
 * outside it).
 */
@Injectable()
export class EligibleInspectors {
  constructor(
    private readonly rpc: RpcClient,
    private readonly accounts: AccountsRepository,
    private readonly platform: PlatformConfig,
  ) {}

  async list(actor: Actor, projectId: string): Promise<EligibleInspector[]> {
    const countyPath = await this.countyPathOf(actor, projectId);
    return (await this.accounts.listAll())
      .filter((account) => (!account.demo || this.platform.demo) && mayInspect(account, countyPath))
      .map((account) => ({
        username: account.username,
        displayName: account.displayName,
        regionCodes: [...account.regionCodes],
      }));
  }

  async open(actor: Actor, projectId: string, body: OpenInspectionFields): Promise<InspectionView> {
    const named = [...new Set(body.inspectors.map((username) => username.trim().toLowerCase()))];
    const inspectorNames: Record<string, string> = {};
    if (named.length > 0) {
      const eligible = new Map(
        (await this.list(actor, projectId)).map((inspector) => [inspector.username, inspector.displayName]),
      );
      const refused = named.filter((username) => !eligible.has(username));
      if (refused.length > 0) {
        throw new ValidationError(
          [{ field: 'inspectors', message: `不是可检查该县的验收组账号：${refused.join('、')}` }],
          '检查人员不能检查该县',
        );
      }
      for (const username of named) inspectorNames[username] = eligible.get(username) ?? username;
    }
    return this.rpc.call(OpenInspectionRpc, { actor, projectId, ...body, inspectors: named, inspectorNames });
  }

  private async countyPathOf(actor: Actor, projectId: string): Promise<string[]> {
    const project = await this.rpc.call(GetProjectRpc, { actor, projectId });
    return regionPathFromCode(project.regionCode);
  }
}
