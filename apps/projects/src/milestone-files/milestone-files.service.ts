import {
  EVIDENCE_CHUNK_BYTES,
  NotFoundError,
  ValidationError,
  type AbortMilestoneFileUploadRequest,
  type Actor,
  type BeginMilestoneFileUploadRequest,
  type FinishMilestoneFileUploadRequest,
  type GetMilestoneFileRequest,
  type ListMilestoneFilesRequest,
  type MilestoneFile,
  type MilestoneFileChunkRequest,
  type MilestoneFileDownload,
  type ReadMilestoneFileChunkRequest,
} from '@duban/contracts';
import { Access, AuditLog, Clock, EvidenceStorage, Transactions, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { MilestoneFilesConfig } from '../config';
import { MilestoneAccessService } from '../milestones/milestone-access.service';
import { isResponsibleOfficer } from '../milestones/milestone-rules';
import { mayCompleteMilestone, roleMayNotMessage } from '../scope/role-rules';
import { toMilestoneFile, toMilestoneFileDownload } from './milestone-file-view';
import { MilestoneFileUploadsRepository, type MilestoneFileUploadRecord } from './milestone-file-uploads.repository';
import { MilestoneFilesRepository, type MilestoneFileRecord } from './milestone-files.repository';

/** Uploads left unfinished this long are removed when the next upload begins. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

const FILE_NOT_FOUND = '文件不存在';

/**
 * Files that back a milestone (PDF documents, JPEG/PNG/WebP photos), received in chunks as the contract
 * says, checked by size, checksum and content, stored by SHA-256. Whoever may complete the milestone may
 * attach a file to it; whoever sees the milestone (its county in their regions) may list and download
 * them; anyone else is told the file does not exist, and the attempt is audited.
 */
@Injectable()
export class MilestoneFilesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly milestoneAccess: MilestoneAccessService,
    private readonly files: MilestoneFilesRepository,
    private readonly uploads: MilestoneFileUploadsRepository,
    private readonly storage: EvidenceStorage,
    private readonly config: MilestoneFilesConfig,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async begin(
    request: BeginMilestoneFileUploadRequest,
  ): Promise<{ uploadId: string; maxBytes: number; chunkBytes: number }> {
    const { actor, milestoneId } = request;
    const tx = this.transactions.none;
    await this.requireMayAttach(tx, actor, milestoneId);
    const now = this.clock.now();
    await this.uploads.removeBegunBefore(tx, new Date(now.getTime() - ABANDONED_AFTER_MS));
    const uploadId = uuidv7();
    await this.uploads.insert(
      tx,
      { id: uploadId, milestoneId, filename: request.filename, uploadedBy: actor.username },
      now,
    );
    return { uploadId, maxBytes: this.config.maxBytes, chunkBytes: EVIDENCE_CHUNK_BYTES };
  }

  async chunk(request: MilestoneFileChunkRequest): Promise<{ receivedBytes: number }> {
    const tx = this.transactions.none;
    const upload = await this.upload(tx, request.actor.username, request.uploadId);
    const data = Buffer.from(request.data, 'base64');
    return { receivedBytes: await this.uploads.receive(tx, upload.id, request.index, data, this.config.maxBytes) };
  }

  async finish(request: FinishMilestoneFileUploadRequest): Promise<MilestoneFile> {
    const { actor } = request;
    const upload = await this.upload(this.transactions.none, actor.username, request.uploadId);
    return this.transactions.runAndAnswer(async (tx) => {
      // Checked again: the milestone may have moved out of reach (or its programme closed) meanwhile.
      await this.requireMayAttach(tx, actor, upload.milestoneId);
      const { data, sha256, contentType } = await this.uploads.assemble(tx, upload.id, request, this.config.maxBytes);
      const record: MilestoneFileRecord = {
        id: uuidv7(),
        milestoneId: upload.milestoneId,
        filename: upload.filename,
        contentType,
        sizeBytes: data.length,
        sha256,
        storageKey: await this.storage.put(sha256, data),
        uploadedBy: actor.username,
        uploadedByName: actor.displayName,
        uploadedAt: this.clock.now(),
      };
      await this.files.insertFile(tx, record);
      await this.uploads.remove(tx, upload.id);
      const file = toMilestoneFile(record);
      await this.audit.recordDone(tx, {
        actor,
        action: 'milestone.file.upload',
        targetType: 'milestone',
        targetId: upload.milestoneId,
        after: file,
      });
      return file;
    });
  }

  async abort(request: AbortMilestoneFileUploadRequest): Promise<{ aborted: boolean }> {
    const aborted = await this.uploads.removeOwnedBy(this.transactions.none, request.uploadId, request.actor.username);
    return { aborted };
  }

  async list(request: ListMilestoneFilesRequest): Promise<MilestoneFile[]> {
    const tx = this.transactions.none;
    await this.milestoneAccess.loadInScope(tx, request.actor, request.milestoneId, 'milestone.file.list');
    return (await this.files.filesOf(tx, request.milestoneId)).map(toMilestoneFile);
  }

  /** A file's facts, for a download: checked against the caller's scope (a missing file otherwise). */
  async describe(request: GetMilestoneFileRequest): Promise<MilestoneFileDownload> {
    return toMilestoneFileDownload(await this.downloadable(request.actor, request.fileId));
  }

  /** One chunk (EVIDENCE_CHUNK_BYTES) of a file, the scope checked again for each. */
  async readChunk(request: ReadMilestoneFileChunkRequest): Promise<{ data: string }> {
    const file = await this.downloadable(request.actor, request.fileId);
    const offset = request.index * EVIDENCE_CHUNK_BYTES;
    if (offset >= file.sizeBytes) throw new ValidationError([{ field: 'index', message: '超出文件末尾' }]);
    const data = await this.storage.read(file.storageKey, offset, EVIDENCE_CHUNK_BYTES);
    return { data: data.toString('base64') };
  }

  private async downloadable(actor: Actor, fileId: string): Promise<MilestoneFileRecord> {
    const tx = this.transactions.none;
    const file = await this.files.findFile(tx, fileId);
    if (!file) throw new NotFoundError(FILE_NOT_FOUND);
    await this.milestoneAccess.loadInScope(tx, actor, file.milestoneId, 'milestone.file.download', {
      notFound: FILE_NOT_FOUND,
    });
    return file;
  }

  /** In scope, in a programme still open, and allowed to complete the milestone (403, audited, otherwise). */
  private async requireMayAttach(tx: Tx, actor: Actor, milestoneId: string): Promise<void> {
    const action = 'milestone.file.upload';
    const { milestone, officers } = await this.milestoneAccess.loadForWrite(tx, actor, milestoneId, action);
    await this.access.requireRole(
      { actor, action, targetType: 'milestone', targetId: milestoneId },
      mayCompleteMilestone(actor.role, isResponsibleOfficer(actor.username, milestone, officers)),
      actor.role === 'leading_member'
        ? '领导小组成员只能为本人负责的节点上传文件'
        : roleMayNotMessage(actor.role, '上传节点文件'),
    );
  }

  private async upload(tx: Tx, username: string, uploadId: string): Promise<MilestoneFileUploadRecord> {
    const upload = await this.uploads.find(tx, uploadId);
    // Someone else's upload reads as a missing one.
    if (!upload || upload.uploadedBy !== username) throw new NotFoundError('上传不存在或已过期');
    return upload;
  }
}
