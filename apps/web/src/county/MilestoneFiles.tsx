import { FileOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, List, Typography, Upload } from 'antd';
import { ApiError, errorMessage } from '../api/problem';
import { useMe } from '../auth/session';
import { QueryState } from '../shared/QueryState';
import type { Milestone, Officer } from './county-api';
import {
  downloadMilestoneFile,
  useAttachMilestoneFile,
  useMilestoneFiles,
  type MilestoneFile,
} from './milestone-plan-api';
import { mayCompleteMilestone } from './permissions';
import { formatInstant } from './time';

/** "1.2 MB", "350 KB". */
function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * 佐证文件: the files that back the milestone (PDF or photos), each downloadable by whoever sees the
 * milestone; whoever may complete it may attach one. The service decides the type by content and refuses
 * what is too large; its reason shows under the button.
 */
export function MilestoneFiles({ milestone, officers }: { milestone: Milestone; officers: readonly Officer[] }) {
  const me = useMe();
  const files = useMilestoneFiles(milestone.id);
  const attach = useAttachMilestoneFile(milestone.id);
  const { message } = App.useApp();
  const isResponsible = officers.some(
    (officer) => officer.username === me.username && milestone.responsibleOfficerIds.includes(officer.id),
  );
  const download = (file: MilestoneFile) =>
    downloadMilestoneFile(file).catch((error: unknown) => void message.error(`下载失败：${errorMessage(error)}`));
  return (
    <section aria-label="佐证文件">
      <Typography.Title level={5}>佐证文件</Typography.Title>
      <QueryState
        query={files}
        isEmpty={(list) => list.length === 0}
        empty={<Typography.Text type="secondary">暂无文件</Typography.Text>}
      >
        {(list) => (
          <List<MilestoneFile>
            size="small"
            dataSource={list}
            renderItem={(file) => (
              <List.Item
                actions={[
                  <Button
                    key="download"
                    type="link"
                    aria-label={`下载 ${file.filename}`}
                    onClick={() => void download(file)}
                  >
                    下载
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  avatar={<FileOutlined />}
                  title={<span style={{ overflowWrap: 'anywhere' }}>{file.filename}</span>}
                  description={`${sizeText(file.sizeBytes)} · ${file.uploadedByName} · ${formatInstant(file.uploadedAt)}`}
                />
              </List.Item>
            )}
          />
        )}
      </QueryState>
      {mayCompleteMilestone(me.role, isResponsible) && (
        <Upload
          accept="application/pdf,image/jpeg,image/png,image/webp"
          showUploadList={false}
          hasControlInside
          customRequest={({ file }) =>
            attach.mutate(file as File, {
              onSuccess: (stored) => void message.success(`已上传「${stored.filename}」`),
            })
          }
        >
          <Button icon={<UploadOutlined />} loading={attach.isPending} style={{ marginTop: 8 }}>
            上传文件
          </Button>
        </Upload>
      )}
      {attach.isError && (
        <Typography.Text type="danger" role="alert" style={{ display: 'block' }}>
          文件未上传：{fileProblem(attach.error)}
        </Typography.Text>
      )}
    </section>
  );
}

function fileProblem(error: unknown): string {
  const fileError = error instanceof ApiError ? error.fieldErrors.find(({ field }) => field === 'file') : undefined;
  return fileError?.message ?? errorMessage(error);
}
