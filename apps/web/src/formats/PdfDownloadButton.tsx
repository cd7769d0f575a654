import { FilePdfOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { errorMessage } from '../api/problem';
import { saveBlob } from './formats-api';

interface PdfDownloadButtonProps {
  readonly label: string;
  readonly filename: string;
  readonly fetchPdf: () => Promise<Blob>;
}

/** A button that fetches a PDF report and saves it; the reason is shown when the gateway refuses it. */
export function PdfDownloadButton({ label, filename, fetchPdf }: PdfDownloadButtonProps) {
  const download = useMutation({ mutationFn: fetchPdf, onSuccess: (blob) => saveBlob(blob, filename) });
  return (
    <span className="no-print">
      <Button icon={<FilePdfOutlined />} loading={download.isPending} onClick={() => download.mutate()}>
        {label}
      </Button>
      {download.isError && (
        <Typography.Text type="danger" style={{ marginLeft: 8 }}>
          下载失败：{errorMessage(download.error)}
        </Typography.Text>
      )}
    </span>
  );
}

/** Opens the browser's print dialog; the print stylesheet hides the navigation and keeps table rows whole. */
export function PrintButton() {
  return (
    <Button className="no-print" onClick={() => window.print()}>
      打印本页
    </Button>
  );
}
