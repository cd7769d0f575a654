import type { Role } from '@duban/contracts';
import { Button, Flex, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useMe } from '../auth/session';
import { FormProblem } from '../shared/FormProblem';
import { useAcknowledge, useInstruct, useOversight, useUrge } from './oversight-api';
import { formatInstant } from './time';

/** Who sees the 催办/批示 controls: the city, the province and the group's members (the service admits only the 组长). */
const OVERSEERS: readonly Role[] = ['province_admin', 'city_officer', 'leading_member'];
/** Who sees 签收: the county's officer and its group's members. */
const ACKNOWLEDGERS: readonly Role[] = ['county_officer', 'leading_member'];

/**
 * 催办 and 批示 on the milestone's page: the record (newest first), the controls to urge (at most once an hour:
 * the service's reason is shown when refused) or write an instruction, and 签收 for the county.
 */
export function MilestoneOversight({ milestoneId, done }: { milestoneId: string; done: boolean }) {
  const me = useMe();
  const oversight = useOversight(milestoneId);
  const urge = useUrge(milestoneId);
  const instruct = useInstruct(milestoneId);
  const acknowledge = useAcknowledge(milestoneId);
  const [message, setMessage] = useState('');
  const [text, setText] = useState('');
  const data = oversight.data;
  const oversees = OVERSEERS.includes(me.role);
  return (
    <Flex vertical gap={8}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        催办与批示
      </Typography.Title>
      {oversees && (
        <Flex vertical gap={8}>
          {!done && (
            <Space.Compact style={{ width: '100%' }}>
              <Input
                aria-label="催办意见"
                placeholder="催办意见（可不填）"
                value={message}
                maxLength={500}
                onChange={(event) => setMessage(event.target.value)}
              />
              <Button
                danger
                loading={urge.isPending}
                onClick={() => urge.mutate(message.trim(), { onSuccess: () => setMessage('') })}
              >
                催办
              </Button>
            </Space.Compact>
          )}
          <FormProblem error={urge.error} unplaced={[]} lead="催办未成功" />
          <Input.TextArea
            aria-label="批示内容"
            placeholder="批示内容（县里须签收）"
            value={text}
            maxLength={2000}
            rows={2}
            onChange={(event) => setText(event.target.value)}
          />
          <Button
            disabled={text.trim() === ''}
            loading={instruct.isPending}
            onClick={() => instruct.mutate(text.trim(), { onSuccess: () => setText('') })}
          >
            批示
          </Button>
          <FormProblem error={instruct.error} unplaced={[]} lead="批示未成功" />
        </Flex>
      )}
      <FormProblem error={acknowledge.error} unplaced={[]} lead="签收未成功" />
      <List
        size="small"
        loading={oversight.isLoading}
        locale={{ emptyText: '尚无催办或批示' }}
        dataSource={[
          ...(data?.instructions ?? []).map((instruction) => ({ kind: 'instruction' as const, instruction })),
          ...(data?.urges ?? []).map((urge) => ({ kind: 'urge' as const, urge })),
        ]}
        renderItem={(entry) =>
          entry.kind === 'urge' ? (
            <List.Item>
              <Space wrap>
                <Tag color="volcano">催办</Tag>
                {formatInstant(entry.urge.urgedAt)} {entry.urge.urgedBy.displayName}
                {entry.urge.message && <Typography.Text>：{entry.urge.message}</Typography.Text>}
              </Space>
            </List.Item>
          ) : (
            <List.Item
              actions={
                !entry.instruction.acknowledgedAt && ACKNOWLEDGERS.includes(me.role)
                  ? [
                      <Button
                        key="ack"
                        type="primary"
                        size="small"
                        loading={acknowledge.isPending}
                        onClick={() => acknowledge.mutate(entry.instruction.id)}
                      >
                        签收
                      </Button>,
                    ]
                  : []
              }
            >
              <Space direction="vertical" size={0}>
                <Space wrap>
                  <Tag color="purple">批示</Tag>
                  {formatInstant(entry.instruction.writtenAt)} {entry.instruction.writtenBy.displayName}：
                  {entry.instruction.text}
                </Space>
                {entry.instruction.acknowledgedAt ? (
                  <Typography.Text type="secondary">
                    已由{entry.instruction.acknowledgedBy?.displayName}于{' '}
                    {formatInstant(entry.instruction.acknowledgedAt)} 签收
                  </Typography.Text>
                ) : (
                  <Tag color="orange">待县里签收</Tag>
                )}
              </Space>
            </List.Item>
          )
        }
      />
    </Flex>
  );
}
