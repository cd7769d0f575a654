import {
  GetInspectionRpc,
  ListInspectionsRpc,
  OpenInspectionRpc,
  PutScoresRpc,
  SignInspectionRpc,
  type InspectionSummary,
  type InspectionView,
  type OpenInspectionRequest,
  type PutScoresRequest,
  type SignInspectionRequest,
} from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { InspectionsService } from './inspections.service';

/** The inspection subjects the evaluation service answers (requests arrive parsed by their contract). */
@Injectable()
export class InspectionsHandler {
  constructor(private readonly inspections: InspectionsService) {}

  @RpcHandler(OpenInspectionRpc)
  open(request: OpenInspectionRequest): Promise<InspectionView> {
    return this.inspections.open(request);
  }

  @RpcHandler(ListInspectionsRpc)
  list(request: z.infer<typeof ListInspectionsRpc.request>): Promise<{ items: InspectionSummary[] }> {
    return this.inspections.list(request.actor, request.projectId);
  }

  @RpcHandler(GetInspectionRpc)
  get(request: z.infer<typeof GetInspectionRpc.request>): Promise<InspectionView> {
    return this.inspections.get(request.actor, request.inspectionId);
  }

  @RpcHandler(PutScoresRpc)
  score(request: PutScoresRequest): Promise<InspectionView> {
    return this.inspections.putScores(request);
  }

  @RpcHandler(SignInspectionRpc)
  sign(request: SignInspectionRequest): Promise<InspectionView> {
    return this.inspections.sign(request);
  }
}
