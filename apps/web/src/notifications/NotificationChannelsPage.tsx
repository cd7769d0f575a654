import { ROLE_LABELS, type ChannelAddressee, type PutContactChannelsBody } from '@duban/contracts';
import { Button, Flex, Form, Input, Select, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useMe } from '../auth/session';
import { formatInstant } from '../county/time';
import { FormModal } from '../shared/FormModal';
import { useAccountNames, useAccounts } from '../people/people-api';
import { regionNamer, useRegionTree } from '../regions/region-tree';
import { RegionPicker } from '../regions/RegionPicker';
import { QueryState } from '../shared/QueryState';
import {
  useChannels,
  useFailedDeliveries,
  usePutChannels,
  type AddresseeChannels,
  type Delivery,
} from './channels-api';

const KIND_LABELS = { email: '电子邮件', webhook: '群机器人 / Webhook' } as const;
const FORMAT_LABELS = { generic: '通用 JSON', dingtalk: '钉钉群机器人', wecom: '企业微信群机器人' } as const;

/** What names an addressee: a person's name by their username, a region's by its code (each falls back to the key). */
interface Names {
  readonly person: (username: string) => string | undefined;
  readonly region: (code: string) => string;
}

/**
 * "user:linxian" / "role:city_officer@141100" as people read them: 刘星（linxian）, 吕梁市 市局工作人员. While the names
 * load, or for someone the reader cannot see: 用户 linxian, 市局工作人员（141100）.
 */
export function addresseeLabel(addressee: ChannelAddressee, names: Names): string {
  if (addressee.kind === 'user') {
    const name = names.person(addressee.username);
    return name ? `${name}（${addressee.username}）` : `用户 ${addressee.username}`;
  }
  const region = names.region(addressee.regionCode);
  return region === addressee.regionCode
    ? `${ROLE_LABELS[addressee.role]}（${addressee.regionCode}）`
    : `${region} ${ROLE_LABELS[addressee.role]}`;
}

function addresseeKey(addressee: ChannelAddressee): string {
  return addressee.kind === 'user' ? `user:${addressee.username}` : `role:${addressee.role}@${addressee.regionCode}`;
}

/** The administrator's accounts and regions, by name (both lists are theirs to read: they manage them). */
function useNames(): Names {
  const me = useMe();
  return { person: useAccountNames(), region: regionNamer(useRegionTree(me.regionCodes).data) };
}

/**
 * 通知渠道 (province, city): where reminders go beyond the inbox — e-mail addresses and group robots per
 * person or per role in a region — and the messages that could not be delivered, with why.
 */
export default function NotificationChannelsPage() {
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        通知渠道
      </Typography.Title>
      <Tabs
        items={[
          { key: 'channels', label: '接收渠道', children: <ChannelsTab /> },
          { key: 'failed', label: '发送失败', children: <FailedTab /> },
        ]}
      />
    </Flex>
  );
}

type ChannelValues = Pick<PutContactChannelsBody, 'addressee' | 'channels'>;

function ChannelsTab() {
  const channels = useChannels();
  const names = useNames();
  const put = usePutChannels();
  const [editing, setEditing] = useState<ChannelValues | null>(null);
  const close = () => {
    put.reset();
    setEditing(null);
  };
  return (
    <Flex vertical gap={12}>
      <div>
        <Button type="primary" onClick={() => setEditing({ addressee: { kind: 'user', username: '' }, channels: [] })}>
          添加接收人
        </Button>
      </div>
      <QueryState query={channels}>
        {(data) => (
          <Table<AddresseeChannels>
            rowKey={(row) => addresseeKey(row.addressee)}
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data.items}
            locale={{ emptyText: '尚未设置任何渠道：提醒只进站内消息' }}
            columns={[
              { key: 'addressee', title: '接收人', render: (_, row) => addresseeLabel(row.addressee, names) },
              {
                key: 'channels',
                title: '渠道',
                render: (_, row) => (
                  <Flex vertical gap={2}>
                    {row.channels.map((channel) => (
                      <span key={channel.id}>
                        {channel.kind === 'email' ? KIND_LABELS.email : FORMAT_LABELS[channel.format]}：{channel.target}{' '}
                        {!channel.enabled && <Tag>已停用</Tag>}
                      </span>
                    ))}
                  </Flex>
                ),
              },
              {
                key: 'edit',
                title: '',
                render: (_, row) => (
                  <Button
                    size="small"
                    onClick={() =>
                      setEditing({
                        addressee: row.addressee,
                        channels: row.channels.map(({ kind, target, format, enabled }) =>
                          kind === 'email' ? { kind, target, enabled } : { kind, target, format, enabled },
                        ),
                      })
                    }
                  >
                    修改
                  </Button>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {editing && (
        <FormModal<ChannelValues>
          title="接收渠道"
          okText="保存"
          pending={put.isPending}
          error={put.error}
          initialValues={editing}
          onSubmit={(values) =>
            put.mutate(
              { addressee: values.addressee, channels: values.channels ?? [] },
              { onSuccess: () => setEditing(null) },
            )
          }
          onCancel={close}
        >
          <AddresseeFields />
          <ChannelFields />
        </FormModal>
      )}
    </Flex>
  );
}

/** Who the channels are for: a person chosen by name, or a role in a region chosen by name. */
function AddresseeFields() {
  const me = useMe();
  const accounts = useAccounts();
  return (
    <>
      <Form.Item name={['addressee', 'kind']} label="接收人类型">
        <Select
          options={[
            { value: 'user', label: '某个人' },
            { value: 'role', label: '某地区的某角色' },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={[['addressee', 'kind']]}>
        {({ getFieldValue }) =>
          getFieldValue(['addressee', 'kind']) === 'role' ? (
            <Flex gap={12} wrap>
              <Form.Item name={['addressee', 'role']} label="角色" style={{ flex: '1 1 160px' }}>
                <Select options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              <Form.Item name={['addressee', 'regionCode']} label="地区" style={{ flex: '1 1 160px' }}>
                <RegionPicker single scope={me.regionCodes} />
              </Form.Item>
            </Flex>
          ) : (
            <Form.Item name={['addressee', 'username']} label="人员">
              <Select
                showSearch
                optionFilterProp="label"
                loading={accounts.isPending}
                placeholder="选择或输入姓名、用户名"
                notFoundContent={accounts.isError ? '人员未能加载，请稍后重试' : '没有这个人'}
                options={accounts.data?.map((account) => ({
                  value: account.username,
                  label: `${account.displayName}（${account.username}）`,
                }))}
              />
            </Form.Item>
          )
        }
      </Form.Item>
    </>
  );
}

function ChannelFields() {
  return (
    <Form.List name="channels">
      {(fields, { add, remove }) => (
        <Flex vertical gap={8}>
          {fields.map((field) => (
            <Flex key={field.key} gap={8} wrap align="start">
              <Form.Item name={[field.name, 'kind']} label="渠道" style={{ flex: '1 1 120px', marginBottom: 0 }}>
                <Select options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              <Form.Item name={[field.name, 'target']} label="地址" style={{ flex: '2 1 200px', marginBottom: 0 }}>
                <Input />
              </Form.Item>
              <Form.Item noStyle dependencies={[['channels', field.name, 'kind']]}>
                {({ getFieldValue }) =>
                  getFieldValue(['channels', field.name, 'kind']) === 'webhook' && (
                    <Form.Item
                      name={[field.name, 'format']}
                      label="格式"
                      style={{ flex: '1 1 140px', marginBottom: 0 }}
                    >
                      <Select options={Object.entries(FORMAT_LABELS).map(([value, label]) => ({ value, label }))} />
                    </Form.Item>
                  )
                }
              </Form.Item>
              <Form.Item
                name={[field.name, 'enabled']}
                label="启用"
                valuePropName="checked"
                style={{ marginBottom: 0 }}
              >
                <Switch />
              </Form.Item>
              <Button type="link" danger onClick={() => remove(field.name)} style={{ marginTop: 30 }}>
                删除
              </Button>
            </Flex>
          ))}
          <div>
            <Button onClick={() => add({ kind: 'email', target: '', enabled: true })}>添加渠道</Button>
          </div>
        </Flex>
      )}
    </Form.List>
  );
}

function FailedTab() {
  const failed = useFailedDeliveries();
  return (
    <QueryState query={failed}>
      {(data) => (
        <Table<Delivery>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={data.items}
          locale={{ emptyText: '没有发送失败的消息' }}
          columns={[
            { key: 'fireAt', title: '提醒时间', render: (_, row) => formatInstant(row.fireAt) },
            {
              key: 'channel',
              title: '渠道',
              render: (_, row) =>
                `${row.channel === 'email' ? KIND_LABELS.email : FORMAT_LABELS[row.format]}：${row.target}`,
            },
            { key: 'items', title: '内容', render: (_, row) => row.items.map((item) => item.title).join('；') },
            { key: 'attempts', title: '尝试次数', align: 'right', dataIndex: 'attempts' },
            { key: 'error', title: '失败原因', render: (_, row) => row.lastError ?? '—' },
          ]}
        />
      )}
    </QueryState>
  );
}
