import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../api/problem';
import { downloadFunding, downloadLeadingGroups, downloadTaskList } from './excel-api';

/**
 * Export buttons where a region's data is shown: 附件1 (任务分解清单; with a month's 月报 columns and
 * operating figures when one is picked), 附件4 (省级资金安排分配表) and the leading groups (领导小组).
 */
export function ExcelExportButtons({ regionCode, funding = true }: { regionCode: string; funding?: boolean }) {
  const { message } = App.useApp();
  const [month, setMonth] = useState<Dayjs | null>(null);
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
      <DatePicker
        picker="month"
        value={month}
        onChange={setMonth}
        placeholder="月报月份（可选）"
        aria-label="月报月份"
        allowClear
      />
      <Button
        icon={<DownloadOutlined />}
        loading={busy === 'task-list'}
        onClick={() => void run('task-list', () => downloadTaskList(regionCode, month?.format('YYYY-MM')))}
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
