import {
  CONSTRUCTION_PROGRESS_LABELS,
  CONSTRUCTION_TYPE_LABELS,
  MONTHLY_REPORT_STATUS_LABELS,
  OPERATING_FIGURE_LABELS,
  OPERATING_FIGURES,
} from '@duban/contracts';
import { Button, Descriptions, Empty, Flex, Table, Tag } from 'antd';
import { useState } from 'react';
import { useMe } from '../auth/session';
import { QueryState } from '../shared/QueryState';
import { useProgramme, useProject, useReports, type MonthlyReport, type Project } from './county-api';
import { chineseMonth } from '@duban/calendar';
import { mayFileReport, mayReviewReport } from './permissions';
import { REPORT_LABELS, ReportForm, type FiguresRule } from './ReportForm';
import { ReportReviewActions } from './ReportReviewActions';
import { formatInstant } from './time';

const STATUS_COLOURS: Readonly<Record<MonthlyReport['status'], string>> = {
  submitted: 'processing',
  returned: 'warning',
  accepted: 'success',
};

/** 月报: the reports filed so far, the form to file one (county), and the city's review. */
export function ReportsTab({ projectId }: { projectId: string }) {
  const project = useProject(projectId);
  return <QueryState query={project}>{(data) => <Reports project={data} />}</QueryState>;
}

function Reports({ project }: { project: Project }) {
  const me = useMe();
  const reports = useReports(project.id);
  const programme = useProgramme(project.programmeId);
  // Editing: null (no form), 'new', or the report being resubmitted.
  const [editing, setEditing] = useState<MonthlyReport | 'new' | null>(null);
  const files = mayFileReport(me.role);
  const reviews = mayReviewReport(me.role);
  const rule: FiguresRule = { year: project.programmeYear, fromMonth: programme?.operatingFiguresFromMonth ?? 10 };

  return (
    <Flex vertical gap={16}>
      {files && editing === null && (
        <div>
          <Button type="primary" onClick={() => setEditing('new')}>
            填报月报
          </Button>
        </div>
      )}
      {editing !== null && (
        <ReportForm
          key={editing === 'new' ? 'new' : editing.id}
          project={project}
          report={editing === 'new' ? null : editing}
          rule={rule}
          onClose={() => setEditing(null)}
        />
      )}
      <QueryState query={reports} isEmpty={(list) => list.length === 0} empty={<Empty description="尚未报送月报" />}>
        {(list) => (
          <Table<MonthlyReport>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={list}
            expandable={{ expandedRowRender: (report) => <ReportDetails report={report} /> }}
            columns={[
              { key: 'month', title: '月份', render: (_, report) => chineseMonth(report.month) },
              {
                key: 'status',
                title: '状态',
                render: (_, report) => (
                  <Tag color={STATUS_COLOURS[report.status]}>{MONTHLY_REPORT_STATUS_LABELS[report.status]}</Tag>
                ),
              },
              {
                key: 'late',
                title: '是否逾期',
                render: (_, report) => (report.late ? <Tag color="error">逾期报送</Tag> : '按时'),
              },
              { key: 'submittedAt', title: '报送时间', render: (_, report) => formatInstant(report.submittedAt) },
              { key: 'review', title: '审核意见', render: (_, report) => report.reviewComment ?? '—' },
              {
                key: 'actions',
                title: '操作',
                render: (_, report) => (
                  <Flex gap={4} wrap>
                    {files && report.status !== 'accepted' && (
                      <Button size="small" type="link" onClick={() => setEditing(report)}>
                        {report.status === 'returned' ? '修改后重新报送' : '修改'}
                      </Button>
                    )}
                    {reviews && report.status === 'submitted' && (
                      <ReportReviewActions projectId={project.id} report={report} />
                    )}
                  </Flex>
                ),
              },
            ]}
          />
        )}
      </QueryState>
    </Flex>
  );
}

const orDash = (value: string | number | null) => (value === null || value === '' ? '—' : value);

function ReportDetails({ report }: { report: MonthlyReport }) {
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        {
          key: 'constructionType',
          label: REPORT_LABELS.constructionType,
          children: report.constructionType ? CONSTRUCTION_TYPE_LABELS[report.constructionType] : '—',
        },
        {
          key: 'progress',
          label: REPORT_LABELS.progress,
          children: report.progress ? CONSTRUCTION_PROGRESS_LABELS[report.progress] : '—',
        },
        { key: 'actualAreaM2', label: REPORT_LABELS.actualAreaM2, children: orDash(report.actualAreaM2) },
        { key: 'address', label: REPORT_LABELS.address, children: orDash(report.address) },
        { key: 'workContent', label: REPORT_LABELS.workContent, children: orDash(report.workContent), span: 'filled' },
        {
          key: 'difficulties',
          label: REPORT_LABELS.difficulties,
          children: orDash(report.difficulties),
          span: 'filled',
        },
        { key: 'suggestions', label: REPORT_LABELS.suggestions, children: orDash(report.suggestions), span: 'filled' },
        ...OPERATING_FIGURES.map((figure) => ({
          key: figure,
          label: OPERATING_FIGURE_LABELS[figure],
          children: orDash(report[figure]),
        })),
      ]}
    />
  );
}
