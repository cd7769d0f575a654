import { CONTACT_CHANNEL_KINDS, type ContactChannelKind } from '@duban/contracts';
import { App, Card, Flex, Switch, Typography } from 'antd';
import { errorMessage } from '../api/problem';
import { QueryState } from '../shared/QueryState';
import { usePreferences, usePutPreferences } from './preferences-api';

const CHANNELS: Readonly<Record<ContactChannelKind, { label: string; note: string }>> = {
  email: { label: '电子邮件', note: '提醒、督办和通知发到通讯录中登记的电子邮箱' },
  webhook: { label: '群机器人', note: '钉钉、企业微信等群机器人中以本人名义接收的消息' },
  sms: { label: '短信', note: '发到登记手机号的短信；退订后不再向本人发送短信' },
};

/**
 * 通知偏好 (everyone, for themselves): which channels reach them beyond the in-app inbox, which always
 * stays. Turning a channel off is the opt-out (退订) the services honour from the next message on.
 */
export default function NotificationPreferencesPage() {
  const preferences = usePreferences();
  const put = usePutPreferences();
  const { message } = App.useApp();
  const toggle = (optedOut: readonly ContactChannelKind[], kind: ContactChannelKind, receive: boolean) => {
    const next = receive ? optedOut.filter((other) => other !== kind) : [...optedOut, kind];
    put.mutate(
      { optedOut: CONTACT_CHANNEL_KINDS.filter((other) => next.includes(other)) },
      {
        onSuccess: () =>
          void message.success(receive ? `已恢复接收${CHANNELS[kind].label}` : `已退订${CHANNELS[kind].label}`),
        onError: (error) => void message.error(errorMessage(error)),
      },
    );
  };
  return (
    <Card title="通知偏好">
      <QueryState query={preferences}>
        {({ optedOut }) => (
          <Flex vertical gap={16}>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              站内通知始终保留；下列渠道关闭后，今后的提醒、督办和通知不再通过该渠道发给您。
            </Typography.Paragraph>
            <ChannelRow label="站内通知" note="收件箱中的通知，不能关闭" checked disabled />
            {CONTACT_CHANNEL_KINDS.map((kind) => (
              <ChannelRow
                key={kind}
                label={CHANNELS[kind].label}
                note={CHANNELS[kind].note}
                checked={!optedOut.includes(kind)}
                disabled={put.isPending}
                onChange={(receive) => toggle(optedOut, kind, receive)}
              />
            ))}
          </Flex>
        )}
      </QueryState>
    </Card>
  );
}

function ChannelRow({
  label,
  note,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  note: string;
  checked: boolean;
  disabled: boolean;
  onChange?: (checked: boolean) => void;
}) {
  return (
    <Flex justify="space-between" align="center" gap={12}>
      <Flex vertical style={{ minWidth: 0 }}>
        <Typography.Text strong>{label}</Typography.Text>
        <Typography.Text type="secondary">{note}</Typography.Text>
      </Flex>
      <Switch
        aria-label={`接收${label}`}
        checked={checked}
        disabled={disabled}
        onChange={onChange}
        checkedChildren="接收"
        unCheckedChildren="退订"
      />
    </Flex>
  );
}
