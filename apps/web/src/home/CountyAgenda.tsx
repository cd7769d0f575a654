import { App, Button, Card, Col, Empty, List, Row, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { errorMessage } from '../api/problem';
import { formatInstant } from '../county/time';
import { chineseMonth } from '@duban/calendar';
import { QueryState } from '../shared/QueryState';
import { useAcknowledgeInstruction, useAgenda, type Agenda, type AgendaItem } from './agenda-api';

/** Where an item is worked on: the milestone's drawer, or the reports tab. */
const linkOf = (projectId: string, item: AgendaItem) =>
  item.milestoneId ? `/projects/${projectId}/milestones/${item.milestoneId}` : `/projects/${projectId}/reports`;

/** When it falls due: its day, or the minute of an exact instant (today's 23:11 is not all of today). */
const dueOf = (item: AgendaItem) => (item.exact ? formatInstant(item.dueAt) : item.dueDay);

const daysLeft = (workingDays: number) =>
  workingDays === 0 ? (
    <Tag color="orange">今天到期</Tag>
  ) : (
    <Tag color={workingDays <= 3 ? 'gold' : 'blue'}>还剩 {workingDays} 个工作日</Tag>
  );

/**
 * The county officer's day (issue 16, item 3): what falls due next and in how many working days, what is
 * late, which reports came back, and what the city or province asked for. Counted in working days by the
 * projects service, on the holiday tables the reminders use.
 */
export function CountyAgenda({ projectId }: { projectId: string }) {
  const agenda = useAgenda(projectId);
  return <QueryState query={agenda}>{(data) => <AgendaCards projectId={projectId} agenda={data} />}</QueryState>;
}

function AgendaCards({ projectId, agenda }: { projectId: string; agenda: Agenda }) {
  const asked = agenda.instructions.length + agenda.urges.length;
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} lg={12}>
        <Card size="small" title={`即将到期（${agenda.upcoming.length}）`}>
          <List
            size="small"
            dataSource={agenda.upcoming}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="近期没有到期事项" /> }}
            renderItem={(item) => (
              <List.Item extra={daysLeft(item.workingDays)}>
                <List.Item.Meta
                  title={<Link to={linkOf(projectId, item)}>{item.title}</Link>}
                  description={`期限 ${dueOf(item)}`}
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={`已逾期（${agenda.overdue.length}）`}>
          <List
            size="small"
            dataSource={agenda.overdue}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有逾期事项" /> }}
            renderItem={(item) => (
              <List.Item extra={<Tag color="red">逾期 {item.workingDays} 个工作日</Tag>}>
                <List.Item.Meta
                  title={<Link to={linkOf(projectId, item)}>{item.title}</Link>}
                  description={`期限 ${dueOf(item)}，至今未${item.kind === 'report' ? '报送' : '完成'}`}
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
      {agenda.returnedReports.length > 0 && (
        <Col xs={24} lg={12}>
          <Card size="small" title={`被退回的月报（${agenda.returnedReports.length}）`}>
            <List
              size="small"
              dataSource={agenda.returnedReports}
              renderItem={(report) => (
                <List.Item
                  extra={
                    <Tag color={report.resubmitBy < agenda.today ? 'red' : 'gold'}>
                      请于 {report.resubmitBy} 前重新报送
                    </Tag>
                  }
                >
                  <List.Item.Meta
                    title={<Link to={`/projects/${projectId}/reports`}>{chineseMonth(report.month)}月报</Link>}
                    description={`${report.returnedBy.displayName} 于 ${formatInstant(report.returnedAt)} 退回，意见：${report.comment}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      )}
      {asked > 0 && (
        <Col xs={24} lg={12}>
          <Card size="small" title={`批示和催办（${asked}）`}>
            <Instructions projectId={projectId} agenda={agenda} />
          </Card>
        </Col>
      )}
    </Row>
  );
}

function Instructions({ projectId, agenda }: { projectId: string; agenda: Agenda }) {
  const acknowledge = useAcknowledgeInstruction(projectId);
  const { message } = App.useApp();
  const itemLink = (milestoneId: string, title: string) => (
    <Link to={`/projects/${projectId}/milestones/${milestoneId}`}>{title}</Link>
  );
  return (
    <List size="small">
      {agenda.instructions.map((instruction) => (
        <List.Item
          key={instruction.id}
          extra={
            <Button
              size="small"
              type="primary"
              loading={acknowledge.isPending && acknowledge.variables === instruction.id}
              onClick={() =>
                acknowledge.mutate(instruction.id, {
                  onSuccess: () => void message.success('已确认收到批示'),
                  onError: (error) => void message.error(errorMessage(error)),
                })
              }
            >
              确认收到
            </Button>
          }
        >
          <List.Item.Meta
            title={
              <>
                <Tag color="purple">批示</Tag>
                {itemLink(instruction.milestoneId, instruction.milestoneTitle)}
              </>
            }
            description={
              <>
                <Typography.Paragraph style={{ marginBottom: 0 }}>{instruction.text}</Typography.Paragraph>
                {instruction.writtenBy.displayName} · {formatInstant(instruction.writtenAt)}
              </>
            }
          />
        </List.Item>
      ))}
      {agenda.urges.map((urge) => (
        <List.Item key={urge.id}>
          <List.Item.Meta
            title={
              <>
                <Tag color="volcano">催办</Tag>
                {itemLink(urge.milestoneId, urge.milestoneTitle)}
              </>
            }
            description={`${urge.message ? `${urge.message} · ` : ''}${urge.urgedBy.displayName} · ${formatInstant(urge.urgedAt)}`}
          />
        </List.Item>
      ))}
    </List>
  );
}
