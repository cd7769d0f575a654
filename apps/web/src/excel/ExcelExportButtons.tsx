import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Select, Space } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/problem';
import { downloadFunding, downloadLeadingGroups, downloadTaskList } from './excel-api';

/**
 * Export buttons where a region's data is shown: 附件1 (任务分解清单; with a month's 月报 columns and
 * operating figures when one is picked), 附件4 (省级资金安排分配表) and the leading groups (领导小组).
 */
export function ExcelExportButtons({
  regionCode,
  year,
  funding = true,
}: {
  regionCode: string;
  /** The programme's year: its months are the ones a 月报 can be of. */
  year: number;
  funding?: boolean;
}) {
  const { message } = App.useApp();
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<'task-list' | 'funding' | 'leading-groups' | null>(null);
  const run = async (which: 'task-list' | 'funding' | 'leading-groups', download: () => Promise<void>) => {
    setBusy(which);
    try {
      await download();
    } catch (error) {
      void message.error(`导出失败：${errorMessage(error)}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space wrap>
      <Select
        value={month}
        onChange={setMonth}
        placeholder="月报月份（可选）"
        aria-label="月报月份"
        allowClear
        style={{ width: 160 }}
        options={Array.from({ length: 12 }, (_, index) => {
          const value = `${year}-${String(index + 1).padStart(2, '0')}`;
          return { value, label: `${year}年${index + 1}月` };
        })}
      />
      <Button
        icon={<DownloadOutlined />}
        loading={busy === 'task-list'}
        onClick={() => void run('task-list', () => downloadTaskList(regionCode, month))}
      >
        导出附件1（任务分解清单）
      </Button>
      {funding && (
        <Button
          icon={<DownloadOutlined />}
          loading={busy === 'funding'}
          onClick={() => void run('funding', () => downloadFunding(regionCode))}
        >
          导出附件4（资金分配表）
        </Button>
      )}
      <Button
        icon={<DownloadOutlined />}
        loading={busy === 'leading-groups'}
        onClick={() => void run('leading-groups', () => downloadLeadingGroups(regionCode))}
      >
        导出领导小组
      </Button>
    </Space>
  );
}
