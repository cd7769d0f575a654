import { Alert, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { errorMessage } from '../api/problem';
import { formatInstant } from '../county/time';
import { QueryState } from '../shared/QueryState';
import { useAuditCheck, useDeadLetters, useReplay, type DeadLetterItem } from './operations-api';

/** The services as officers know them. */
const SERVICE_LABELS: Readonly<Record<string, string>> = {
  gateway: '网关（登录与账号）',
  projects: '项目与节点',
  funding: '资金',
  evaluation: '验收',
  notifications: '提醒与通知',
};
const serviceLabel = (service: string) => SERVICE_LABELS[service] ?? service;

/**
 * The province administrator's operations desk: events a service could not process (死信), each replayed
 * once its cause is mended, and the tamper check of every audit trail.
 */
export default function OperationsPage() {
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>运行维护</Typography.Title>
      <DeadLetters />
      <AuditCheck />
    </Space>
  );
}

function DeadLetters() {
  const query = useDeadLetters();
  const replay = useReplay();
  return (
    <Card title="死信（多次处理失败而搁置的事件）">
      {replay.isError && (
        <Alert type="error" showIcon title={errorMessage(replay.error)} style={{ marginBottom: 12 }} />
      )}
      <QueryState query={query}>
        {(data) => (
          <>
            {data.unavailable.length > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={`以下服务未应答，其死信未列出：${data.unavailable.map(serviceLabel).join('、')}`}
              />
            )}
            <Table<DeadLetterItem>
              rowKey={(item) => `${item.service}-${item.id}`}
              dataSource={data.items}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: '没有死信' }}
              columns={[
                { title: '时间', dataIndex: 'createdAt', render: (at: string) => formatInstant(at) },
                { title: '服务', dataIndex: 'service', render: serviceLabel },
                { title: '事件', dataIndex: 'eventType', render: (type: string | null) => type ?? '（无法解析）' },
                { title: '处理次数', dataIndex: 'deliveries' },
                {
                  title: '原因',
                  dataIndex: 'reason',
                  render: (reason: string) => (
                    <Typography.Text type="secondary" ellipsis={{ tooltip: reason }} style={{ maxWidth: 320 }}>
                      {reason}
                    </Typography.Text>
                  ),
                },
                {
                  title: '状态',
                  render: (_: unknown, item) =>
                    item.replayed ? (
                      <Tag color="green">已由 {item.replayedByName} 重放</Tag>
                    ) : (
                      <Popconfirm
                        title="确认已排除原因并重放？"
                        description="由当初失败的消费者重新处理一次，重放后不能撤销。"
                        okText="重放"
                        cancelText="取消"
                        onConfirm={() => replay.mutate(item)}
                      >
                        <Button size="small" loading={replay.isPending && replay.variables?.id === item.id}>
                          重放
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]}
            />
          </>
        )}
      </QueryState>
    </Card>
  );
}

function AuditCheck() {
  const check = useAuditCheck();
  return (
    <Card
      title="审计日志防篡改核验"
      extra={
        <Button onClick={() => void check.refetch()} loading={check.isFetching}>
          开始核验
        </Button>
      }
    >
      {check.isError && <Alert type="error" showIcon title={errorMessage(check.error)} />}
      {check.data && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert
            type={check.data.ok ? 'success' : 'error'}
            showIcon
            title={check.data.ok ? '全部审计日志完整' : '发现断链或未应答的服务，请查看下表'}
          />
          <Table
            rowKey="service"
            pagination={false}
            dataSource={[
              ...check.data.chains,
              ...check.data.unavailable.map((service) => ({ service, ok: false, checked: 0, message: '未应答' })),
            ]}
            columns={[
              { title: '服务', dataIndex: 'service', render: serviceLabel },
              { title: '核验记录数', dataIndex: 'checked' },
              {
                title: '结果',
                render: (_: unknown, chain: { ok: boolean; message: string }) => (
                  <Tag color={chain.ok ? 'green' : 'red'}>{chain.message}</Tag>
                ),
              },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
