import {
  ConflictError,
  EVIDENCE_CHUNK_BYTES,
  NotFoundError,
  ValidationError,
  type AbortEvidenceUploadRequest,
  type Actor,
  type EvidenceDownload,
  type GetEvidenceRequest,
  type ReadEvidenceChunkRequest,
  type BeginEvidenceUploadRequest,
  type EvidenceChunkRequest,
  type EvidenceFile,
  type FinishEvidenceUploadRequest,
} from '@duban/contracts';
import { AuditLog, modifiedRows } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EvaluationConfig } from '../config';
import type { InspectionRecord } from '../inspections/inspections.repository';
import { EvaluationAccess, type Attempt } from '../scope/evaluation-access';
import { EvidenceStorage } from './evidence-storage';
import { sniffEvidenceType } from './file-type';

/** Uploads left unfinished this long are removed when the next upload begins. */
const ABANDONED_AFTER = '1 hour';

const EVIDENCE_NOT_FOUND = '证据文件不存在';

interface EvidenceRow {
  id: string;
  inspection_id: string;
  item_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: Date;
}

interface UploadRow {
  id: string;
  inspection_id: string;
  item_id: string;
  filename: string;
  uploaded_by: string;
}

/**
 * Evidence per item: photos (JPEG, PNG, WebP) and documents (PDF), up to the configured size, received in
 * chunks (see the contract), checked by content, stored with its SHA-256. Only whoever may score the
 * inspection may add evidence to it, and only while it is open.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: EvaluationAccess,
    private readonly storage: EvidenceStorage,
    private readonly config: EvaluationConfig,
    private readonly audit: AuditLog,
  ) {}

  async begin(
    request: BeginEvidenceUploadRequest,
  ): Promise<{ uploadId: string; maxBytes: number; chunkBytes: number }> {
    const { actor, inspectionId, itemId } = request;
    const attempt = { actor, action: 'evidence.upload', targetType: 'inspection', targetId: inspectionId };
    const { inspection } = await this.access.inspection(attempt, inspectionId);
    await this.checkMayAdd(attempt, inspection, itemId);
    const uploadId = uuidv7();
    await this.dataSource.query(
      `DELETE FROM evaluation.evidence_upload WHERE created_at < now() - interval '${ABANDONED_AFTER}'`,
    );
    await this.dataSource.query(
      `INSERT INTO evaluation.evidence_upload (id, inspection_id, item_id, filename, uploaded_by) VALUES ($1, $2, $3, $4, $5)`,
      [uploadId, inspectionId, itemId, request.filename, actor.username],
    );
    return { uploadId, maxBytes: this.config.evidence.maxBytes, chunkBytes: EVIDENCE_CHUNK_BYTES };
  }

  async chunk(request: EvidenceChunkRequest): Promise<{ receivedBytes: number }> {
    const upload = await this.upload(request.actor.username, request.uploadId);
    const data = Buffer.from(request.data, 'base64');
    const [row] = (await this.dataSource.query(
      `SELECT COALESCE(sum(length(data)), 0)::int AS n FROM evaluation.evidence_upload_chunk WHERE upload_id = $1`,
      [upload.id],
    )) as { n: number }[];
    const received = (row?.n ?? 0) + data.length;
    if (received > this.config.evidence.maxBytes) throw tooLarge(this.config.evidence.maxBytes);
    await this.dataSource.query(
      `INSERT INTO evaluation.evidence_upload_chunk (upload_id, index, data) VALUES ($1, $2, $3)
       ON CONFLICT (upload_id, index) DO NOTHING`,
      [upload.id, request.index, data],
    );
    return { receivedBytes: received };
  }

  async finish(request: FinishEvidenceUploadRequest): Promise<EvidenceFile> {
    const { actor } = request;
    const upload = await this.upload(actor.username, request.uploadId);
    const attempt = { actor, action: 'evidence.upload', targetType: 'inspection', targetId: upload.inspection_id };
    return this.dataSource.transaction(async (manager) => {
      const { inspection } = await this.access.inspection(attempt, upload.inspection_id, { manager, lock: true });
      await this.checkMayAdd(attempt, inspection, upload.item_id);
      const data = await this.assemble(manager, upload.id);
      if (data.length !== request.sizeBytes) {
        throw new ValidationError([
          { field: 'file', message: `收到 ${data.length} 字节，与声明的 ${request.sizeBytes} 字节不符` },
        ]);
      }
      if (data.length === 0) throw new ValidationError([{ field: 'file', message: '文件为空' }]);
      if (data.length > this.config.evidence.maxBytes) throw tooLarge(this.config.evidence.maxBytes);
      const sha256 = createHash('sha256').update(data).digest('hex');
      if (sha256 !== request.sha256) {
        throw new ValidationError([{ field: 'file', message: '文件校验值不符，传输中可能损坏，请重新上传' }]);
      }
      const contentType = sniffEvidenceType(data.subarray(0, 16));
      if (!contentType) {
        throw new ValidationError([
          { field: 'file', message: '只接受 JPG、PNG、WEBP 图片或 PDF 文件（按文件内容判断，而非文件名）' },
        ]);
      }
      const storageKey = await this.storage.put(sha256, data);
      const id = uuidv7();
      const rows: { uploaded_at: Date }[] = await manager.query(
        `INSERT INTO evaluation.evidence
           (id, inspection_id, item_id, filename, content_type, size_bytes, sha256, storage_key, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING uploaded_at`,
        [
          id,
          upload.inspection_id,
          upload.item_id,
          upload.filename,
          contentType,
          data.length,
          sha256,
          storageKey,
          actor.username,
        ],
      );
      await manager.query(`DELETE FROM evaluation.evidence_upload WHERE id = $1`, [upload.id]);
      const file: EvidenceFile = {
        id,
        itemId: upload.item_id,
        filename: upload.filename,
        contentType,
        sizeBytes: data.length,
        sha256,
        uploadedBy: actor.username,
        uploadedAt: (rows[0]?.uploaded_at ?? new Date()).toISOString(),
      };
      await this.audit.recordDone(manager, {
        actor,
        action: 'evidence.upload',
        targetType: 'inspection',
        targetId: upload.inspection_id,
        after: file,
      });
      return file;
    });
  }

  async abort(request: AbortEvidenceUploadRequest): Promise<{ aborted: boolean }> {
    const rows = await modifiedRows(
      this.dataSource.manager,
      `DELETE FROM evaluation.evidence_upload WHERE id = $1 AND uploaded_by = $2 RETURNING id`,
      [request.uploadId, request.actor.username],
    );
    return { aborted: rows.length > 0 };
  }

  /**
   * An evidence file's facts, for a download: anyone who may see the inspection (its project in their
   * regions) may read its evidence; anyone else gets "not found", audited.
   */
  async describe(request: GetEvidenceRequest): Promise<EvidenceDownload> {
    const row = await this.downloadable(request.actor, request.evidenceId);
    return {
      id: row.id,
      inspectionId: row.inspection_id,
      itemId: row.item_id,
      filename: row.filename,
      contentType: row.content_type,
      sizeBytes: row.size_bytes,
      sha256: row.sha256,
      uploadedBy: row.uploaded_by,
      uploadedAt: row.uploaded_at.toISOString(),
      chunkBytes: EVIDENCE_CHUNK_BYTES,
    };
  }

  /** One chunk (EVIDENCE_CHUNK_BYTES) of an evidence file, the scope checked again for each. */
  async readChunk(request: ReadEvidenceChunkRequest): Promise<{ data: string }> {
    const row = await this.downloadable(request.actor, request.evidenceId);
    const offset = request.index * EVIDENCE_CHUNK_BYTES;
    if (offset >= row.size_bytes) throw new ValidationError([{ field: 'index', message: '超出文件末尾' }]);
    const data = await this.storage.read(row.storage_key, offset, EVIDENCE_CHUNK_BYTES);
    return { data: data.toString('base64') };
  }

  private async downloadable(actor: Actor, evidenceId: string): Promise<EvidenceRow> {
    const rows: EvidenceRow[] = await this.dataSource.query(`SELECT * FROM evaluation.evidence WHERE id = $1`, [
      evidenceId,
    ]);
    const row = rows[0];
    if (!row) throw new NotFoundError(EVIDENCE_NOT_FOUND);
    const attempt = { actor, action: 'evidence.download', targetType: 'evidence', targetId: evidenceId };
    try {
      await this.access.inspection(attempt, row.inspection_id);
    } catch (error) {
      // Out of scope reads as a missing file, not a missing inspection.
      if (error instanceof NotFoundError) throw new NotFoundError(EVIDENCE_NOT_FOUND);
      throw error;
    }
    return row;
  }

  /** The stored bytes of an evidence file (checked against its checksum on the way out). */
  async read(evidenceId: string): Promise<{ data: Buffer; sha256: string }> {
    const rows: { storage_key: string; sha256: string }[] = await this.dataSource.query(
      `SELECT storage_key, sha256 FROM evaluation.evidence WHERE id = $1`,
      [evidenceId],
    );
    const row = rows[0];
    if (!row) throw new NotFoundError('证据文件不存在');
    return { data: await this.storage.get(row.storage_key), sha256: row.sha256 };
  }

  private async checkMayAdd(attempt: Attempt, inspection: InspectionRecord, itemId: string): Promise<void> {
    const { actor } = attempt;
    const mayScore =
      inspection.kind === 'inspection'
        ? actor.role === 'inspector' && inspection.inspectors.includes(actor.username)
        : actor.role === 'county_officer';
    if (!mayScore) throw await this.access.forbidden(attempt, '只有评分人可以上传该检查的证据');
    if (inspection.status !== 'open') throw new ConflictError('检查已签字，不能再上传证据');
    if (!inspection.itemIds.includes(itemId)) {
      throw new ValidationError([{ field: 'itemId', message: '本次检查没有此评分项' }]);
    }
  }

  private async upload(username: string, uploadId: string): Promise<UploadRow> {
    const rows: UploadRow[] = await this.dataSource.query(
      `SELECT id, inspection_id, item_id, filename, uploaded_by FROM evaluation.evidence_upload WHERE id = $1`,
      [uploadId],
    );
    const upload = rows[0];
    // Someone else's upload reads as a missing one.
    if (!upload || upload.uploaded_by !== username) throw new NotFoundError('上传不存在或已过期');
    return upload;
  }

  private async assemble(manager: EntityManager, uploadId: string): Promise<Buffer> {
    const chunks: { index: number; data: Buffer }[] = await manager.query(
      `SELECT index, data FROM evaluation.evidence_upload_chunk WHERE upload_id = $1 ORDER BY index`,
      [uploadId],
    );
    chunks.forEach((chunk, position) => {
      if (chunk.index !== position)
        throw new ValidationError([{ field: 'file', message: `缺少第 ${position} 块数据` }]);
    });
    return Buffer.concat(chunks.map((chunk) => chunk.data));
  }
}

function tooLarge(maxBytes: number): ValidationError {
  const mb = maxBytes / (1024 * 1024);
  return new ValidationError([
    { field: 'file', message: `文件超过 ${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB 上限` },
  ]);
}
