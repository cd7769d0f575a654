import { INSPECTION_STATUS_LABELS, type InspectionView, type RubricView } from '@duban/contracts';
import { Alert, Card, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useMe } from '../auth/session';
import { PdfDownloadButton, PrintButton } from '../formats/PdfDownloadButton';
import { fetchInspectionReport } from '../formats/formats-api';
import { QueryState } from '../shared/QueryState';
import { CancelInspectionButton } from './CancelInspectionButton';
import { useInspection, useRubric } from './inspection-api';
import { ItemEvidence } from './ItemEvidence';
import { OpenInspectionButton } from './OpenInspectionButton';
import { Rectifications } from './Rectifications';
import { ScoreSheet } from './ScoreSheet';
import { formatPoints, mayCancel, mayCountersign, mayReinspect, mayScore, sectionsOf } from './score-sheet';
import { ItemHeading, SectionCard, remarksOf } from './SheetParts';
import { CountySignature, SignedState } from './Signatures';
import { formatInstant } from '../county/time';

/**
 * One acceptance inspection (附件2 checklist), made for a phone on site: the inspector scores, notes and
 * photographs each item and signs; the county countersigns here too; everyone else reads it.
 */
export default function InspectionPage() {
  const { inspectionId = '' } = useParams();
  const inspection = useInspection(inspectionId);
  const rubric = useRubric(inspection.data?.rubricId);
  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Link to="/inspections" className="no-print">
        ← 验收检查
      </Link>
      <QueryState query={inspection}>{(data) => <InspectionBody inspection={data} rubric={rubric.data} />}</QueryState>
    </div>
  );
}

const STATUS_COLOURS: Readonly<Record<InspectionView['status'], string>> = {
  open: 'processing',
  inspector_signed: 'warning',
  signed: 'success',
  cancelled: 'default',
};

function InspectionBody({ inspection, rubric }: { inspection: InspectionView; rubric: RubricView | undefined }) {
  const me = useMe();
  const scoring = mayScore(inspection, me);
  return (
    <>
      <Card size="small" style={{ marginBlock: 8 }}>
        <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 4 }}>
          {inspection.regionName}
          {inspection.kind === 'self_assessment' ? '自评' : '验收检查'}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
          {inspection.projectName}
          {rubric ? ` · ${rubric.title}（第 ${rubric.version} 版）` : ''}
        </Typography.Paragraph>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center' }}>
          <Tag color={STATUS_COLOURS[inspection.status]}>{INSPECTION_STATUS_LABELS[inspection.status]}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {inspection.date} · 已评 {inspection.scoredCount} / {inspection.toScoreCount} 项 · 合格线{' '}
            {formatPoints(inspection.passThreshold)} 分
            {inspection.inspectors.length > 0 ? ` · 检查人员 ${inspection.inspectorNames.join('、')}` : ''}
            {inspection.reinspectionOf ? ' · 复查（只评整改项）' : ''}
          </Typography.Text>
        </div>
        <Space wrap style={{ marginTop: 8 }}>
          <PdfDownloadButton
            label={inspection.kind === 'self_assessment' ? '下载自评表（PDF）' : '下载验收报告（PDF）'}
            filename={`${inspection.regionName}${inspection.kind === 'self_assessment' ? '自评表' : '验收报告'}-${inspection.date}.pdf`}
            fetchPdf={() => fetchInspectionReport(inspection.id)}
          />
          <PrintButton />
          {mayCancel(inspection, me) && <CancelInspectionButton inspection={inspection} />}
          {mayReinspect(inspection, me) && (
            <OpenInspectionButton
              projectId={inspection.projectId}
              regionName={inspection.regionName}
              reinspectionOf={inspection.id}
            />
          )}
        </Space>
        {inspection.cancellation && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            title={`已撤销：${inspection.cancellation.reason}`}
            description={`${inspection.cancellation.name} 于 ${formatInstant(inspection.cancellation.at)} 撤销；本检查只读，不再评分或签字。`}
          />
        )}
      </Card>
      {scoring ? (
        <ScoreSheet key={inspection.id} inspection={inspection} rubric={rubric} />
      ) : (
        <>
          <SignedState inspection={inspection} />
          {mayCountersign(inspection, me) && <CountySignature inspection={inspection} />}
          <Rectifications inspection={inspection} me={me} />
          <ReadOnlySheet inspection={inspection} rubric={rubric} showTotal={inspection.status === 'open'} />
        </>
      )}
    </>
  );
}

/** The sheet as stored: scores, notes and photos, for whoever may not (or may no longer) change it. */
function ReadOnlySheet({
  inspection,
  rubric,
  showTotal,
}: {
  inspection: InspectionView;
  rubric: RubricView | undefined;
  /** Once signed, the signature card states the total; say it once. */
  showTotal: boolean;
}) {
  return (
    <>
      {showTotal && (
        <Typography.Paragraph strong style={{ fontSize: 16 }}>
          总分 {formatPoints(inspection.total)} / {formatPoints(inspection.maxTotal)}
        </Typography.Paragraph>
      )}
      {sectionsOf(inspection).map((section, index) => (
        <SectionCard
          key={section.title}
          section={section}
          // Signed: the stored subtotals (the form's live totals are for what is being typed).
          score={`小计 ${formatPoints(inspection.sectionTotals[index]?.score ?? 0)} / ${formatPoints(section.points)}`}
        >
          {section.items.map((item) => (
            <ItemHeading key={item.id} item={item} remarks={remarksOf(rubric, item.id)}>
              <Typography.Text strong>
                {item.score === null ? '未评分' : `得分 ${formatPoints(item.score)} / ${formatPoints(item.maxPoints)}`}
              </Typography.Text>
              {item.carriedOver && <Typography.Text type="secondary">（沿用首次检查）</Typography.Text>}
              {item.note && <Typography.Paragraph style={{ marginBlock: 4 }}>{item.note}</Typography.Paragraph>}
              <ItemEvidence inspectionId={inspection.id} item={item} editable={false} />
            </ItemHeading>
          ))}
        </SectionCard>
      ))}
    </>
  );
}
