import { CameraOutlined, FileOutlined } from '@ant-design/icons';
import type { EvidenceFile } from '@duban/contracts';
import { Button, Image, Skeleton, Space, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/problem';
import { useEvidenceBlob, useUploadEvidence } from './inspection-api';
import type { InspectionItem } from './score-sheet';

interface ItemEvidenceProps {
  readonly inspectionId: string;
  readonly item: InspectionItem;
  /** Whether the viewer may add photos (the scorer, while the inspection is open). */
  readonly editable: boolean;
}

/** An item's evidence: thumbnails of what is stored and, for the scorer, a button that opens the camera. */
export function ItemEvidence({ inspectionId, item, editable }: ItemEvidenceProps) {
  const upload = useUploadEvidence(inspectionId, item.id);
  if (!editable && item.evidence.length === 0) return null;
  return (
    <div>
      <Space wrap size={8}>
        {item.evidence.map((file) => (
          <EvidenceThumbnail key={file.id} file={file} />
        ))}
        {editable && (
          <Upload
            accept="image/*"
            capture="environment"
            aria-label={`第${item.number}项照片`}
            showUploadList={false}
            // The button inside is the control; the wrapper is then no second, nested one.
            hasControlInside
            customRequest={({ file }) => upload.mutate(file as File)}
          >
            <Button icon={<CameraOutlined />} loading={upload.isPending} style={{ minHeight: 44 }}>
              拍照
            </Button>
          </Upload>
        )}
      </Space>
      {upload.isError && (
        <Typography.Text type="danger" style={{ display: 'block' }}>
          照片未上传：{uploadProblem(upload.error)}
        </Typography.Text>
      )}
    </div>
  );
}

function uploadProblem(error: unknown): string {
  const fileError = error instanceof ApiError ? error.fieldErrors.find(({ field }) => field === 'file') : undefined;
  return fileError?.message ?? errorMessage(error);
}

/** `<img>` cannot send the bearer token: the file is fetched as a blob and shown from an object URL. */
function EvidenceThumbnail({ file }: { file: EvidenceFile }) {
  const blob = useEvidenceBlob(file.id);
  const url = useObjectUrl(blob.data);
  if (blob.isError) return <Typography.Text type="danger">{file.filename}（无法读取）</Typography.Text>;
  if (!url) return <Skeleton.Image active style={{ width: 64, height: 64 }} />;
  if (!file.contentType.startsWith('image/')) {
    return (
      <a href={url} target="_blank" rel="noreferrer">
        <FileOutlined /> {file.filename}
      </a>
    );
  }
  return <Image src={url} alt={file.filename} width={64} height={64} style={{ objectFit: 'cover', borderRadius: 4 }} />;
}

function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return undefined;
    const created = URL.createObjectURL(blob);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [blob]);
  return url;
}
