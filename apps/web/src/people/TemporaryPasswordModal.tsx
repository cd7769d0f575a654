import { Alert, Modal, Typography } from 'antd';
import type { AccountWithPassword } from './people-api';

/** The temporary password, shown once: it is stored nowhere in clear, and the holder must change it at login. */
export function TemporaryPasswordModal({ result, onClose }: { result: AccountWithPassword; onClose(): void }) {
  return (
    <Modal
      title="临时密码"
      open
      onOk={onClose}
      onCancel={onClose}
      okText="我已记下"
      cancelButtonProps={{ hidden: true }}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title="临时密码只显示这一次，请当面或通过安全渠道交给本人；首次登录后须修改密码。"
      />
      <p>
        账号：<Typography.Text strong>{result.account.username}</Typography.Text>（{result.account.displayName}）
      </p>
      <p>
        临时密码：
        <Typography.Text code copyable aria-label="临时密码">
          {result.temporaryPassword}
        </Typography.Text>
      </p>
    </Modal>
  );
}
