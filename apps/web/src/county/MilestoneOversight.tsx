import { ROLE_LABELS } from '@duban/contracts';
import { App, Button, Flex, Form, Input, List, Popconfirm, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/problem';
import { useMe } from '../auth/session';
import { FormModal } from '../shared/FormModal';
import { QueryState } from '../shared/QueryState';
import type { Officer } from './county-api';
import { useAcknowledge, useInstruct, useOversight, useUrge, type Instruction, type Oversight } from './oversight-api';
import { mayAcknowledgeInstruction, mayOversee } from './permissions';
import { formatInstant } from './time';

type Person = Oversight['urges'][number]['urgedBy'];
const personText = (person: Person) => `${person.displayName}（${ROLE_LABELS[person.role]}）`;

/**
 * 督办记录 on a milestone: the city, the province or the county's 组长 urges it (催办, at most once an hour:
 * the button says until when) or writes an instruction (批示); the county acknowledges each instruction
 * (确认收到); everyone who sees the item sees the history.
 */
export function MilestoneOversight({ milestoneId, officers }: { milestoneId: string; officers: readonly Officer[] }) {
  const me = useMe();
  const oversight = useOversight(milestoneId);
  const mine = officers.filter((officer) => officer.username === me.username);
  const oversees = mayOversee(
    me.role,
    mine.some((officer) => officer.role === 'leader'),
  );
  const acknowledges = mayAcknowledgeInstruction(me.role, mine.length > 0);
  return (
    <section aria-label="督办记录">
      <Typography.Title level={5}>催办与批示</Typography.Title>
      <QueryState query={oversight}>
        {(data) => (
          <Flex vertical gap={12}>
            {oversees && <OverseeActions milestoneId={milestoneId} nextUrgeAt={data.nextUrgeAt} />}
            <List
              size="small"
              header="批示"
              locale={{ emptyText: '暂无批示' }}
              dataSource={data.instructions}
              renderItem={(instruction) => (
                <InstructionEntry milestoneId={milestoneId} instruction={instruction} acknowledges={acknowledges} />
              )}
            />
            <List
              size="small"
              header="催办记录"
              locale={{ emptyText: '暂无催办' }}
              dataSource={data.urges}
              renderItem={(urge) => (
                <List.Item>
                  {formatInstant(urge.urgedAt)} {personText(urge.urgedBy)} 催办{urge.message ? `：${urge.message}` : ''}
                </List.Item>
              )}
            />
          </Flex>
        )}
      </QueryState>
    </section>
  );
}

function OverseeActions({ milestoneId, nextUrgeAt }: { milestoneId: string; nextUrgeAt: string | null }) {
  const [open, setOpen] = useState<'urge' | 'instruct' | null>(null);
  const urge = useUrge(milestoneId);
  const instruct = useInstruct(milestoneId);
  const { message } = App.useApp();
  const close = () => {
    urge.reset();
    instruct.reset();
    setOpen(null);
  };
  const urgeButton = (
    <Button danger disabled={nextUrgeAt !== null} onClick={() => setOpen('urge')}>
      催办
    </Button>
  );
  return (
    <Flex vertical gap={4}>
      <Flex gap={8} wrap>
        {nextUrgeAt === null ? urgeButton : <Tooltip title="同一事项一小时内只能催办一次">{urgeButton}</Tooltip>}
        <Button onClick={() => setOpen('instruct')}>批示</Button>
      </Flex>
      {nextUrgeAt !== null && (
        <Typography.Text type="secondary">一小时内已催办，{formatInstant(nextUrgeAt)} 后可再次催办</Typography.Text>
      )}
      {open === 'urge' && (
        <FormModal<{ message?: string }>
          title="催办"
          okText="发出催办"
          pending={urge.isPending}
          error={urge.error}
          initialValues={{}}
          onCancel={close}
          onSubmit={({ message: words }) =>
            urge.mutate(words ?? '', {
              onSuccess: () => {
                void message.success('已催办，责任人将立即收到通知');
                close();
              },
            })
          }
        >
          <Typography.Paragraph type="secondary">
            发出后立即通知本节点的责任人，同一事项一小时内只能催办一次。
          </Typography.Paragraph>
          <Form.Item name="message" label="催办说明（可选）">
            <Input.TextArea rows={2} maxLength={500} showCount />
          </Form.Item>
        </FormModal>
      )}
      {open === 'instruct' && (
        <FormModal<{ text?: string }>
          title="批示"
          okText="下发批示"
          pending={instruct.isPending}
          error={instruct.error}
          initialValues={{}}
          onCancel={close}
          onSubmit={({ text }) =>
            instruct.mutate(text ?? '', {
              onSuccess: () => {
                void message.success('批示已下发，待县里确认收到');
                close();
              },
            })
          }
        >
          <Form.Item name="text" label="批示内容" required>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}

function InstructionEntry({
  milestoneId,
  instruction,
  acknowledges,
}: {
  milestoneId: string;
  instruction: Instruction;
  acknowledges: boolean;
}) {
  const acknowledge = useAcknowledge(milestoneId);
  const { message } = App.useApp();
  const acknowledged = instruction.acknowledgedAt !== null;
  return (
    <List.Item
      actions={
        !acknowledged && acknowledges
          ? [
              <Popconfirm
                key="acknowledge"
                title="确认已收到并落实这条批示？"
                okText="确认收到"
                cancelText="取消"
                onConfirm={() =>
                  acknowledge.mutate(instruction.id, {
                    onSuccess: () => void message.success('已确认收到'),
                    onError: (error) => void message.error(errorMessage(error)),
                  })
                }
              >
                <Button size="small" type="primary" loading={acknowledge.isPending}>
                  确认收到
                </Button>
              </Popconfirm>,
            ]
          : []
      }
    >
      <Flex vertical gap={2} style={{ minWidth: 0 }}>
        <Typography.Text style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {instruction.text}
        </Typography.Text>
        <Typography.Text type="secondary">
          {formatInstant(instruction.writtenAt)} {personText(instruction.writtenBy)} 批示{' '}
          {acknowledged ? (
            <Tag color="green">
              已确认
              {instruction.acknowledgedBy
                ? `（${instruction.acknowledgedBy.displayName}，${formatInstant(instruction.acknowledgedAt ?? '')}）`
                : ''}
            </Tag>
          ) : (
            <Tag color="orange">待确认</Tag>
          )}
        </Typography.Text>
      </Flex>
    </List.Item>
  );
}
