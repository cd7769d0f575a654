import { Space } from 'antd';
import { useMe } from '../auth/session';
import { mayEditConstruction } from '../county/permissions';
import { ExcelExportButtons } from './ExcelExportButtons';
import { ImportDialog } from './ImportDialog';

/** Where a region's data is shown: its tables as Excel files, and 附件1 back for those who may edit it. */
export function ExcelTools({ regionCode, year }: { regionCode: string; year: number }) {
  const { role } = useMe();
  return (
    <Space wrap>
      <ExcelExportButtons regionCode={regionCode} year={year} funding={role !== 'inspector'} />
      {mayEditConstruction(role) && (
        <>
          <ImportDialog kind="task-list" />
          <ImportDialog kind="leading-groups" />
        </>
      )}
    </Space>
  );
}
