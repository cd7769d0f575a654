import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../api/problem';
import { useImport, type ImportKind, type ImportMode, type ImportReport } from './excel-api';

type Problem = ImportReport['problems'][number];
interface ChangeLine {
  readonly key: string;
  readonly row: number;
  readonly countyName: string;
  readonly column: string;
  readonly before: string;
  readonly after: string;
}

/** The report's changes, one line per changed cell. */
function changeLines(report: ImportReport): ChangeLine[] {
  return report.changes.flatMap((change) =>
    change.changes.map((cell) => ({
      key: `${change.row}-${cell.column}`,
      row: change.row,
      countyName: change.countyName,
      ...cell,
    })),
  );
}

/** What each import is called, and what it reads. */
const KINDS: Readonly<Record<ImportKind, { button: string; title: string; help: string }>> = {
  'task-list': {
    button: '导入附件1',
    title: '导入任务分解清单（附件1）',
    help: '导入人口基数、应规划室内场所面积、建设类型、目前建设进度、室内服务场所实际面积、项目详细地址；资金与月报各列不导入。',
  },
  'leading-groups': {
    button: '导入领导小组',
    title: '导入领导小组名单',
    help: '按县与姓名对应成员：新姓名即新增成员，已有成员更新小组职务、职务、单位；文件中没有的成员保留。',
  },
};

/**
 * An import dialog (附件1 or 领导小组): pick an .xlsx, see the preview (each row's problem: row, column,
 * value, reason; each change: before → after) before anything is written, then apply all (only when no row
 * is wrong) or the valid rows.
 */
export function ImportDialog({ kind }: { kind: ImportKind }) {
  const texts = KINDS[kind];
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const importing = useImport(kind);

  const close = () => {
    setOpen(false);
    setFile(null);
    setPreview(null);
    importing.reset();
  };
  const send = (mode: ImportMode) => {
    if (!file) return;
    importing.mutate(
      { file, mode },
      {
        onSuccess: (report) => {
          if (mode === 'preview') return setPreview(report);
          void message.success(`已导入：修改 ${report.changedRows} 行，未变 ${report.unchangedRows} 行`);
          close();
        },
      },
    );
  };
  const refused = importing.error instanceof ApiError ? importing.error : null;
  const wrong = preview ? preview.problems.length > 0 : false;
  const nothingToDo = preview ? preview.changedRows === 0 : true;

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)}>
        {texts.button}
      </Button>
      <Modal
        open={open}
        title={texts.title}
        width={860}
        onCancel={close}
        destroyOnHidden
        footer={
          <Space>
            <Button onClick={close}>取消</Button>
            <Button disabled={!file} loading={importing.isPending} onClick={() => send('preview')}>
              预览
            </Button>
            {preview && wrong && (
              <Button
                type="primary"
                disabled={nothingToDo}
                loading={importing.isPending}
                onClick={() => send('valid-rows')}
              >
                只导入无误的行
              </Button>
            )}
            {preview && !wrong && (
              <Button
                type="primary"
                disabled={nothingToDo}
                loading={importing.isPending}
                onClick={() => send('all-or-nothing')}
              >
                全部导入
              </Button>
            )}
          </Space>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            上传本系统导出格式的 xlsx（导出后修改即可，Excel、WPS、LibreOffice 保存均可；不超过 2 MB、500 行）。
            {texts.help}先预览，确认后再写入。
          </Typography.Paragraph>
          <Upload
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(picked) => {
              setFile(picked);
              setPreview(null);
              importing.reset();
              return false;
            }}
            onRemove={() => {
              setFile(null);
              setPreview(null);
            }}
          >
            <Button icon={<UploadOutlined />}>选择文件</Button>
          </Upload>
          {importing.isError && (
            <Alert
              type="error"
              showIcon
              title={errorMessage(importing.error)}
              description={
                refused && refused.fieldErrors.length > 0 ? (
                  <ul style={{ margin: 0 }}>
                    {refused.fieldErrors.map((problem) => (
                      <li key={`${problem.field}-${problem.message}`}>
                        {problem.field === 'file' ? problem.message : `${problem.field}：${problem.message}`}
                      </li>
                    ))}
                  </ul>
                ) : undefined
              }
            />
          )}
          {preview && <PreviewReport report={preview} />}
        </Space>
      </Modal>
    </>
  );
}

function PreviewReport({ report }: { report: ImportReport }) {
  const lines = changeLines(report);
  return (
    <>
      <Alert
        type={report.problems.length > 0 ? 'warning' : 'success'}
        showIcon
        title={`预览（尚未写入）：共 ${report.rows} 行，将修改 ${report.changedRows} 行，${report.unchangedRows} 行无变化，${report.errorRows} 行有误`}
        description={
          report.problems.length > 0 ? '有误的行不会导入：可修改文件后重新预览，或只导入无误的行。' : undefined
        }
      />
      {report.problems.length > 0 && (
        <Table<Problem>
          size="small"
          title={() => '有误的行'}
          rowKey={(problem) => `${problem.row}-${problem.column}-${problem.reason}`}
          dataSource={report.problems}
          pagination={false}
          columns={[
            { title: '行', dataIndex: 'row', width: 60 },
            { title: '列', dataIndex: 'column' },
            { title: '填写的值', dataIndex: 'value' },
            { title: '原因', dataIndex: 'reason' },
          ]}
        />
      )}
      {lines.length > 0 && (
        <Table<ChangeLine>
          size="small"
          title={() => '将修改'}
          dataSource={lines}
          pagination={false}
          columns={[
            { title: '行', dataIndex: 'row', width: 60 },
            { title: '县（市、区）', dataIndex: 'countyName' },
            { title: '列', dataIndex: 'column' },
            { title: '修改前', dataIndex: 'before' },
            { title: '修改后', dataIndex: 'after' },
          ]}
        />
      )}
    </>
  );
}
