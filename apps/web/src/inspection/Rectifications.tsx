import { errorMessage } from '../api/problem';
import type { InspectionView, RectificationView, Role } from '@duban/contracts';
import { Button, Card, DatePicker, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { FormProblem } from '../shared/FormProblem';
import { useFieldErrors } from '../shared/useFieldErrors';
import { useOfficers } from '../county/county-api';
import { useCloseRectification, useCreateRectification } from './inspection-api';
import { formatPoints } from './score-sheet';

interface Viewer {
  readonly role: Role;
  readonly username: string;
}

/** Set by the inspection's inspectors or the city, once the inspection is signed on both sides. */
function maySetRectifications(inspection: InspectionView, me: Viewer): boolean {
  const named = me.role === 'inspector' && inspection.inspectors.includes(me.username);
  return (
    inspection.kind === 'inspection' &&
    inspection.status === 'signed' &&
    (named || me.role === 'city_officer' || me.role === 'province_admin')
  );
}

/** What the county must fix on items that lost points: the list, and for the inspector a short form. */
export function Rectifications({ inspection, me }: { inspection: InspectionView; me: Viewer }) {
  const maySet = maySetRectifications(inspection, me);
  const rectified = new Set(inspection.rectifications.map(({ itemId }) => itemId));
  const candidates = inspection.items.filter(
    (item) => item.scored && item.score !== null && item.score < item.maxPoints && !rectified.has(item.id),
  );
  if (inspection.rectifications.length === 0 && !(maySet && candidates.length > 0)) return null;
  return (
    <Card size="small" title="整改项" style={{ marginBottom: 12 }}>
      {inspection.rectifications.length > 0 && (
        <List
          size="small"
          dataSource={inspection.rectifications}
          renderItem={(rectification) => (
            <RectificationRow inspectionId={inspection.id} rectification={rectification} mayClose={maySet} />
          )}
        />
      )}
      {maySet && candidates.length > 0 && <NewRectification inspection={inspection} candidates={candidates} />}
    </Card>
  );
}

function RectificationRow({
  inspectionId,
  rectification,
  mayClose,
}: {
  inspectionId: string;
  rectification: RectificationView;
  mayClose: boolean;
}) {
  const [closing, setClosing] = useState(false);
  const [note, setNote] = useState('');
  const close = useCloseRectification(inspectionId);
  const open = rectification.status === 'open';
  return (
    <List.Item style={{ display: 'block' }}>
      <Space size={4} wrap>
        <Typography.Text strong>第 {rectification.itemNumber} 项</Typography.Text>
        <Tag color={open ? 'orange' : 'green'}>{open ? '整改中' : '已完成'}</Tag>
      </Space>
      <Typography.Paragraph style={{ marginBlock: 4 }}>{rectification.what}</Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        责任人 {rectification.responsibleName}，期限 {rectification.dueDate}
        {rectification.closingNote ? `；完成情况：${rectification.closingNote}` : ''}
      </Typography.Text>
      {open && mayClose && !closing && (
        <div>
          <Button size="small" style={{ marginTop: 4 }} onClick={() => setClosing(true)}>
            确认整改完成
          </Button>
        </div>
      )}
      {open && mayClose && closing && (
        <div style={{ marginTop: 8 }}>
          <Input.TextArea
            aria-label={`第${rectification.itemNumber}项完成情况`}
            placeholder="完成情况"
            rows={2}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
          {close.isError && <Typography.Text type="danger">{errorMessage(close.error)}</Typography.Text>}
          <Button
            size="small"
            type="primary"
            style={{ marginTop: 4 }}
            disabled={note.trim() === ''}
            loading={close.isPending}
            onClick={() => close.mutate({ id: rectification.id, note: note.trim() })}
          >
            确认
          </Button>
        </div>
      )}
    </List.Item>
  );
}

interface NewRectificationValues {
  itemId: string;
  what: string;
  responsible: string;
  dueDate: Dayjs;
}

function NewRectification({
  inspection,
  candidates,
}: {
  inspection: InspectionView;
  candidates: InspectionView['items'];
}) {
  const [form] = Form.useForm<NewRectificationValues>();
  const [adding, setAdding] = useState(false);
  const officers = useOfficers(inspection.projectId, { enabled: adding });
  const create = useCreateRectification(inspection.id);
  const unplaced = useFieldErrors(form, create.error);
  const responsibles = (officers.data ?? []).flatMap(({ username, name, roleLabel }) =>
    username === null ? [] : [{ username, name, roleLabel }],
  );

  if (!adding) {
    return (
      <Button block style={{ marginTop: 8 }} onClick={() => setAdding(true)}>
        新增整改项
      </Button>
    );
  }
  function submit(values: NewRectificationValues) {
    const officer = responsibles.find(({ username }) => username === values.responsible);
    create.mutate(
      {
        itemId: values.itemId,
        what: values.what.trim(),
        responsibleUsername: values.responsible,
        responsibleName: officer?.name ?? values.responsible,
        dueDate: values.dueDate.format('YYYY-MM-DD'),
      },
      {
        onSuccess: () => {
          form.resetFields();
          setAdding(false);
        },
      },
    );
  }
  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} style={{ marginTop: 12 }}>
      <FormProblem error={create.error} unplaced={unplaced} lead="未能设定" />
      <Form.Item name="itemId" label="条目" rules={[{ required: true, message: '请选择失分的条目' }]}>
        <Select
          options={candidates.map((item) => ({
            value: item.id,
            label: `第 ${item.number} 项（${formatPoints(item.score ?? 0)} / ${formatPoints(item.maxPoints)}）`,
          }))}
        />
      </Form.Item>
      <Form.Item name="what" label="整改内容" rules={[{ required: true, whitespace: true, message: '请填写整改内容' }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="responsible" label="责任人" rules={[{ required: true, message: '请选择责任人' }]}>
        <Select
          loading={officers.isPending}
          notFoundContent={officers.isError ? errorMessage(officers.error) : '领导小组中没有可登录的成员'}
          options={responsibles.map((officer) => ({
            value: officer.username,
            label: `${officer.name}（${officer.roleLabel}）`,
          }))}
        />
      </Form.Item>
      <Form.Item name="dueDate" label="整改期限" rules={[{ required: true, message: '请选择整改期限' }]}>
        <DatePicker style={{ width: '100%' }} inputReadOnly />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          设定整改项
        </Button>
        <Button onClick={() => setAdding(false)}>取消</Button>
      </Space>
    </Form>
  );
}
