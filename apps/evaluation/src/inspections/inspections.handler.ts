import {
  CancelInspectionRpc,
  GetInspectionRpc,
  ListInspectionsRpc,
  OpenInspectionRpc,
  PutScoresRpc,
  SignInspectionRpc,
  type CancelInspectionRequest,
  type InspectionSummary,
  type InspectionView,
  type OpenInspectionRequest,
  type PutScoresRequest,
  type SignInspectionRequest,
} from '@duban/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { InspectionsService } from './inspections.service';

/** The inspection subjects the evaluation service answers (requests arrive parsed by their contract). */
@Controller()
export class InspectionsHandler {
  constructor(private readonly inspections: InspectionsService) {}

  @MessagePattern(OpenInspectionRpc.subject)
  open(@Payload() request: OpenInspectionRequest): Promise<InspectionView> {
    return this.inspections.open(request);
  }

  @MessagePattern(ListInspectionsRpc.subject)
  list(@Payload() request: z.infer<typeof ListInspectionsRpc.request>): Promise<{ items: InspectionSummary[] }> {
    return this.inspections.list(request.actor, request.projectId);
  }

  @MessagePattern(GetInspectionRpc.subject)
  get(@Payload() request: z.infer<typeof GetInspectionRpc.request>): Promise<InspectionView> {
    return this.inspections.get(request.actor, request.inspectionId);
  }

  @MessagePattern(PutScoresRpc.subject)
  score(@Payload() request: PutScoresRequest): Promise<InspectionView> {
    return this.inspections.putScores(request);
  }

  @MessagePattern(SignInspectionRpc.subject)
  sign(@Payload() request: SignInspectionRequest): Promise<InspectionView> {
    return this.inspections.sign(request);
  }

  @MessagePattern(CancelInspectionRpc.subject)
  cancel(@Payload() request: CancelInspectionRequest): Promise<InspectionView> {
    return this.inspections.cancel(request);
  }
}
