import {
  ConflictError,
  EVIDENCE_CHUNK_BYTES,
  NotFoundError,
  ValidationError,
  type AbortEvidenceUploadRequest,
  type Actor,
  type BeginEvidenceUploadRequest,
  type EvidenceChunkRequest,
  type EvidenceDownload,
  type EvidenceFile,
  type FinishEvidenceUploadRequest,
  type GetEvidenceRequest,
  type ReadEvidenceChunkRequest,
} from '@duban/contracts';
import { Access, AuditLog, Clock, EvidenceStorage, Transactions, type Attempt, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { EvaluationConfig } from '../config';
import { InspectionAccess } from '../inspections/inspection-access.service';
import { toEvidenceFile } from '../inspections/inspection-view';
import {
  InspectionsRepository,
  type EvidenceRecord,
  type InspectionRecord,
} from '../inspections/inspections.repository';
import { isNamedInspector } from '../inspections/scoring.rules';
import { EvidenceUploadsRepository, type UploadRecord } from './evidence-uploads.repository';
import { toEvidenceDownload } from './evidence-view';

/** Uploads left unfinished this long are removed when the next upload begins. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

const EVIDENCE_NOT_FOUND = '证据文件不存在';

/**
 * Evidence per item: photos (JPEG, PNG, WebP) and documents (PDF), up to the configured size, received in
 * chunks (see the contract), checked by content, stored with its SHA-256. Only whoever may score the
 * inspection may add evidence to it, and only while it is open.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: Access,
    private readonly load: InspectionAccess,
    private readonly inspections: InspectionsRepository,
    private readonly uploads: EvidenceUploadsRepository,
    private readonly storage: EvidenceStorage,
    private readonly config: EvaluationConfig,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async begin(
    request: BeginEvidenceUploadRequest,
  ): Promise<{ uploadId: string; maxBytes: number; chunkBytes: number }> {
    const { actor, inspectionId, itemId } = request;
    const tx = this.transactions.none;
    const attempt = { actor, action: 'evidence.upload', targetType: 'inspection', targetId: inspectionId };
    const { inspection } = await this.load.inspection(attempt, tx, inspectionId, { write: true });
    await this.checkMayAdd(attempt, inspection, itemId);
    const now = this.clock.now();
    await this.uploads.removeBegunBefore(tx, new Date(now.getTime() - ABANDONED_AFTER_MS));
    const uploadId = uuidv7();
    await this.uploads.insert(
      tx,
      { id: uploadId, inspectionId, itemId, filename: request.filename, uploadedBy: actor.username },
      now,
    );
    return { uploadId, maxBytes: this.config.evidence.maxBytes, chunkBytes: EVIDENCE_CHUNK_BYTES };
  }

  async chunk(request: EvidenceChunkRequest): Promise<{ receivedBytes: number }> {
    const tx = this.transactions.none;
    const upload = await this.upload(tx, request.actor.username, request.uploadId);
    const data = Buffer.from(request.data, 'base64');
    return {
      receivedBytes: await this.uploads.receive(tx, upload.id, request.index, data, this.config.evidence.maxBytes),
    };
  }

  async finish(request: FinishEvidenceUploadRequest): Promise<EvidenceFile> {
    const { actor } = request;
    const upload = await this.upload(this.transactions.none, actor.username, request.uploadId);
    const attempt = { actor, action: 'evidence.upload', targetType: 'inspection', targetId: upload.inspectionId };
    return this.transactions.runAndAnswer(async (tx) => {
      const { inspection } = await this.load.inspection(attempt, tx, upload.inspectionId, { lock: true, write: true });
      await this.checkMayAdd(attempt, inspection, upload.itemId);
      const { data, sha256, contentType } = await this.uploads.assemble(
        tx,
        upload.id,
        request,
        this.config.evidence.maxBytes,
      );
      const evidence: EvidenceRecord = {
        id: uuidv7(),
        inspectionId: upload.inspectionId,
        itemId: upload.itemId,
        filename: upload.filename,
        contentType,
        sizeBytes: data.length,
        sha256,
        storageKey: await this.storage.put(sha256, data),
        uploadedBy: actor.username,
        uploadedAt: this.clock.now(),
      };
      await this.inspections.insertEvidence(tx, evidence);
      await this.uploads.remove(tx, upload.id);
      const file = toEvidenceFile(evidence);
      await this.audit.recordDone(tx, {
        actor,
        action: 'evidence.upload',
        targetType: 'inspection',
        targetId: upload.inspectionId,
        after: file,
      });
      return file;
    });
  }

  async abort(request: AbortEvidenceUploadRequest): Promise<{ aborted: boolean }> {
    const aborted = await this.uploads.removeOwnedBy(this.transactions.none, request.uploadId, request.actor.username);
    return { aborted };
  }

  /**
   * An evidence file's facts, for a download: anyone who may see the inspection (its project in their
   * regions) may read its evidence; anyone else gets "not found", audited.
   */
  async describe(request: GetEvidenceRequest): Promise<EvidenceDownload> {
    return toEvidenceDownload(await this.downloadable(request.actor, request.evidenceId));
  }

  /** One chunk (EVIDENCE_CHUNK_BYTES) of an evidence file, the scope checked again for each. */
  async readChunk(request: ReadEvidenceChunkRequest): Promise<{ data: string }> {
    const evidence = await this.downloadable(request.actor, request.evidenceId);
    const offset = request.index * EVIDENCE_CHUNK_BYTES;
    if (offset >= evidence.sizeBytes) throw new ValidationError([{ field: 'index', message: '超出文件末尾' }]);
    const data = await this.storage.read(evidence.storageKey, offset, EVIDENCE_CHUNK_BYTES);
    return { data: data.toString('base64') };
  }

  /** The evidence file, when its inspection is in the caller's scope; out of scope reads as a missing file. */
  private async downloadable(actor: Actor, evidenceId: string): Promise<EvidenceRecord> {
    const tx = this.transactions.none;
    const evidence = await this.inspections.findEvidence(tx, evidenceId);
    if (!evidence) throw new NotFoundError(EVIDENCE_NOT_FOUND);
    const attempt = { actor, action: 'evidence.download', targetType: 'evidence', targetId: evidenceId };
    await this.load.inspection(attempt, tx, evidence.inspectionId, { notFound: EVIDENCE_NOT_FOUND });
    return evidence;
  }

  private async checkMayAdd(attempt: Attempt, inspection: InspectionRecord, itemId: string): Promise<void> {
    const { actor } = attempt;
    const mayScore =
      inspection.kind === 'inspection' ? isNamedInspector(actor, inspection) : actor.role === 'county_officer';
    await this.access.requireRole(attempt, mayScore, '只有评分人可以上传该检查的证据');
    if (inspection.status !== 'open') {
      throw new ConflictError(
        inspection.status === 'cancelled' ? '该验收检查已撤销，不能上传证据' : '检查已签字，不能再上传证据',
      );
    }
    if (!inspection.itemIds.includes(itemId)) {
      throw new ValidationError([{ field: 'itemId', message: '本次检查没有此评分项' }]);
    }
  }

  private async upload(tx: Tx, username: string, uploadId: string): Promise<UploadRecord> {
    const upload = await this.uploads.find(tx, uploadId);
    // Someone else's upload reads as a missing one.
    if (!upload || upload.uploadedBy !== username) throw new NotFoundError('上传不存在或已过期');
    return upload;
  }
}
