import {
  AUDIT_OUTCOME_LABELS,
  AUDIT_TRAILS,
  ROLE_LABELS,
  type AuditEntriesQuery,
  type AuditEntry,
  type AuditTrail,
  type Role,
} from '@duban/contracts';
import { Button, DatePicker, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useMe } from '../auth/session';
import { useAccountNames } from '../people/people-api';
import { regionNamer, useRegionTree } from '../regions/region-tree';
import { FormProblem } from '../shared/FormProblem';
import { useFieldErrors } from '../shared/useFieldErrors';
import { useAuditEntries, useChildRegions } from './audit-api';
import { actionLabel, changesOf, targetLabel, TRAIL_LABELS } from './audit-labels';
import { formatInstant } from '../county/time';

interface FilterValues {
  service: AuditTrail;
  city?: string;
  region?: string;
  username?: string;
  period?: [Dayjs, Dayjs] | null;
}

const PAGE_SIZE = 20;
const OUTCOME_COLOURS = { done: 'success', denied: 'error', refused: 'warning' } as const;

/** 刘星（linxian，县级专班）: the account's name when it is one of the administrator's, its login and role. */
function actorLabel(entry: AuditEntry, name: string | undefined): string {
  if (!entry.actorUsername) return '—';
  const role = entry.actorRole ? (ROLE_LABELS[entry.actorRole as Role] ?? entry.actorRole) : null;
  // The login goes in the brackets only beside a name: without one, it is what the row is named by.
  const note = [name ? entry.actorUsername : null, role].filter(Boolean).join('，');
  return `${name ?? entry.actorUsername}${note ? `（${note}）` : ''}`;
}

/**
 * 审计记录 (`/audit`, the province administrator's): who changed what, when, from what to what, in one
 * service's trail at a time, narrowed to a city or county, a person and a period. Every service keeps its
 * own tamper-evident trail; the gateway asks the one chosen.
 */
export default function AuditPage() {
  const me = useMe();
  const [form] = Form.useForm<FilterValues>();
  const [query, setQuery] = useState<AuditEntriesQuery>({ service: 'evaluation', page: 1, pageSize: PAGE_SIZE });
  const entries = useAuditEntries(query);
  const unplaced = useFieldErrors(form, entries.error);
  const city = Form.useWatch('city', form);
  const cities = useChildRegions(me.regionCodes[0]);
  const counties = useChildRegions(city);
  // Who and where by name (the login and the code stay beside the name, or alone while the lists load).
  const personName = useAccountNames();
  const regionName = regionNamer(useRegionTree(me.regionCodes).data);

  function search({ service, city: chosenCity, region, username, period }: FilterValues) {
    setQuery({
      service,
      region: region || chosenCity || undefined,
      username: username?.trim() || undefined,
      from: period?.[0]?.format('YYYY-MM-DD'),
      to: period?.[1]?.format('YYYY-MM-DD'),
      page: 1,
      pageSize: PAGE_SIZE,
    });
  }

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        审计记录
      </Typography.Title>
      <FormProblem error={entries.error} unplaced={unplaced} lead="未能查询" />
      <Form<FilterValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ service: query.service }}
        onFinish={search}
        onValuesChange={(changed: Partial<FilterValues>) => {
          if ('city' in changed) form.setFieldValue('region', undefined);
        }}
      >
        <Flex gap={12} wrap align="end">
          <Form.Item name="service" label="服务" style={{ flex: '1 1 150px', marginBottom: 0 }}>
            <Select options={AUDIT_TRAILS.map((trail) => ({ value: trail, label: TRAIL_LABELS[trail] }))} />
          </Form.Item>
          <Form.Item name="city" label="市" style={{ flex: '1 1 140px', marginBottom: 0 }}>
            <Select
              allowClear
              placeholder="全省"
              virtual={false}
              options={(cities.data ?? []).map((region) => ({ value: region.code, label: region.name }))}
            />
          </Form.Item>
          <Form.Item name="region" label="县" style={{ flex: '1 1 140px', marginBottom: 0 }}>
            <Select
              allowClear
              disabled={!city}
              placeholder="全市"
              virtual={false}
              options={(counties.data ?? []).map((region) => ({ value: region.code, label: region.name }))}
            />
          </Form.Item>
          <Form.Item name="username" label="操作人（用户名）" style={{ flex: '1 1 140px', marginBottom: 0 }}>
            <Input allowClear maxLength={64} />
          </Form.Item>
          <Form.Item name="period" label="日期" style={{ flex: '1 1 240px', marginBottom: 0 }}>
            <DatePicker.RangePicker style={{ width: '100%' }} inputReadOnly />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </Flex>
      </Form>
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={entries.isFetching}
        dataSource={entries.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: entries.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 条`,
          onChange: (page) => setQuery({ ...query, page }),
        }}
        columns={[
          { title: '时间', render: (_, entry) => formatInstant(entry.at, true) },
          { title: '操作人', render: (_, entry) => actorLabel(entry, personName(entry.actorUsername ?? '')) },
          { title: '操作', render: (_, entry) => actionLabel(entry.action) },
          {
            title: '对象',
            render: (_, entry) => (
              <Typography.Text style={{ fontSize: 12 }}>
                {targetLabel(entry.targetType, entry.targetId)}
              </Typography.Text>
            ),
          },
          { title: '地区', render: (_, entry) => (entry.regionCode ? regionName(entry.regionCode) : '—') },
          {
            title: '结果',
            render: (_, entry) => (
              <Tag color={OUTCOME_COLOURS[entry.outcome]}>{AUDIT_OUTCOME_LABELS[entry.outcome]}</Tag>
            ),
          },
          { title: '改动（前 → 后）', render: (_, entry) => <Changes entry={entry} /> },
        ]}
      />
    </Flex>
  );
}

function Changes({ entry }: { entry: AuditEntry }) {
  const changes = changesOf(entry.before, entry.after);
  return (
    <div style={{ maxWidth: 480, whiteSpace: 'normal', fontSize: 12 }}>
      {changes.map((change) => (
        <div key={change.field}>
          {change.field && <Typography.Text strong>{change.field}：</Typography.Text>}
          {change.before} → {change.after}
        </div>
      ))}
      {entry.detail && <Typography.Text type="secondary">{entry.detail}</Typography.Text>}
    </div>
  );
}
