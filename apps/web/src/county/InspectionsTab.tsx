import { INSPECTION_STATUS_LABELS } from '@duban/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Table, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../api/problem';
import { useMe } from '../auth/session';
import { useOpenInspection } from '../inspection/inspection-api';
import { QueryState } from '../shared/QueryState';
import { countyKeys, useInspections, type Inspection } from './county-api';
import { programmeTime } from './time';

const KIND_LABELS: Readonly<Record<Inspection['kind'], string>> = {
  inspection: '验收检查',
  self_assessment: '县级自评',
};

function signed(signature: Inspection['signatures']['inspector']): string {
  return signature ? signature.name : '未签';
}

/** 验收: the project's inspections and self-assessments, each opening on its own page. */
export function InspectionsTab({ projectId }: { projectId: string }) {
  const me = useMe();
  return (
    <Flex vertical gap={12}>
      {me.role === 'county_officer' && <SelfAssessmentButton projectId={projectId} />}
      <InspectionsTable projectId={projectId} />
    </Flex>
  );
}

/** The county files its self-assessment (自评) on the programme's rubric, dated today, and goes to score it. */
function SelfAssessmentButton({ projectId }: { projectId: string }) {
  const open = useOpenInspection(projectId);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <div>
      <Button
        type="primary"
        loading={open.isPending}
        onClick={() =>
          open.mutate(
            { kind: 'self_assessment', date: programmeTime().format('YYYY-MM-DD'), inspectors: [] },
            {
              onSuccess: (inspection) => {
                void queryClient.invalidateQueries({ queryKey: countyKeys.inspections(projectId) });
                void navigate(`/inspections/${inspection.id}`);
              },
            },
          )
        }
      >
        填报自评
      </Button>
      {open.isError && <Alert type="error" showIcon style={{ marginTop: 8 }} title={errorMessage(open.error)} />}
    </div>
  );
}

function InspectionsTable({ projectId }: { projectId: string }) {
  const inspections = useInspections(projectId);
  return (
    <QueryState query={inspections} isEmpty={(list) => list.length === 0} empty={<Empty description="尚无验收记录" />}>
      {(list) => (
        <Table<Inspection>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={list}
          columns={[
            { key: 'date', title: '日期', dataIndex: 'date' },
            {
              key: 'kind',
              title: '类型',
              render: (_, inspection) => (inspection.reinspectionOf ? '复查' : KIND_LABELS[inspection.kind]),
            },
            { key: 'status', title: '状态', render: (_, inspection) => INSPECTION_STATUS_LABELS[inspection.status] },
            { key: 'total', title: '得分', render: (_, inspection) => `${inspection.total} / ${inspection.maxTotal}` },
            {
              key: 'passed',
              title: '结果',
              render: (_, inspection) =>
                inspection.passed === null ? (
                  '—'
                ) : inspection.passed ? (
                  <Tag color="success">合格</Tag>
                ) : (
                  <Tag color="error">不合格</Tag>
                ),
            },
            {
              key: 'inspectorSigned',
              title: '验收组签字',
              render: (_, inspection) => signed(inspection.signatures.inspector),
            },
            { key: 'countySigned', title: '县级会签', render: (_, inspection) => signed(inspection.signatures.county) },
            {
              key: 'open',
              title: '',
              render: (_, inspection) => <Link to={`/inspections/${inspection.id}`}>查看</Link>,
            },
          ]}
        />
      )}
    </QueryState>
  );
}
