import type { InspectionView } from '@duban/contracts';
import { Button, Card, Descriptions, Form, Input, Tag, Typography } from 'antd';
import { FormProblem } from '../shared/FormProblem';
import { useFieldErrors } from '../shared/useFieldErrors';
import { useSign } from './inspection-api';
import { formatPoints } from './score-sheet';
import { formatInstant } from '../county/time';

type Signature = NonNullable<InspectionView['signatures']['inspector']>;

/**
 * A signed inspection: who signed on each side and when, the SHA-256 of what they signed (short form; the
 * whole digest on hover), and the result against the threshold copied when the inspection opened.
 */
export function SignedState({ inspection }: { inspection: InspectionView }) {
  const { inspector, county } = inspection.signatures;
  if (!inspector && !county) return null;
  const reached = inspection.total >= inspection.passThreshold;
  return (
    <Card size="small" title="签字" style={{ marginBottom: 12 }}>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'inspector', label: '验收组签字', children: <SignatureLine signature={inspector} /> },
          {
            key: 'county',
            label: '县级会签',
            children: county ? (
              <SignatureLine signature={county} />
            ) : (
              <Typography.Text type="secondary">待县级专班会签</Typography.Text>
            ),
          },
          {
            key: 'result',
            label: '结果',
            children: (
              <span>
                <Typography.Text strong>
                  总分 {formatPoints(inspection.total)} / {formatPoints(inspection.maxTotal)}
                </Typography.Text>
                ，合格线 {formatPoints(inspection.passThreshold)} 分：
                {inspection.passed === null ? (
                  <Tag color={reached ? 'green' : 'red'}>{reached ? '达到合格线' : '未达合格线'}（会签后确定）</Tag>
                ) : (
                  <Tag color={inspection.passed ? 'green' : 'red'}>{inspection.passed ? '合格' : '不合格'}</Tag>
                )}
              </span>
            ),
          },
        ]}
      />
    </Card>
  );
}

function SignatureLine({ signature }: { signature: Signature | null }) {
  if (!signature) return <Typography.Text type="secondary">未签字</Typography.Text>;
  return (
    <span>
      {signature.name}（{signature.username}），{formatInstant(signature.signedAt)}
      <br />
      <Typography.Text type="secondary" style={{ fontSize: 12 }} title={signature.contentHash}>
        SHA-256 {signature.contentHash.slice(0, 12)}…
      </Typography.Text>
    </span>
  );
}

/** The county's 专班负责人 countersigns the content the inspector signed; the inspection is then final. */
export function CountySignature({ inspection }: { inspection: InspectionView }) {
  return (
    <SignatureForm
      inspectionId={inspection.id}
      title="县级专班会签"
      hint="核对验收组的评分后会签；会签后检查结果确定，达到合格线即完成“迎接市局验收检查”节点。"
      refused="未能会签"
      action="县级会签"
    />
  );
}

/**
 * Signing, for the inspector and for the county alike (one route): a name, then the button. The service's
 * refusal is shown above the form; `beforeSigning` may stop it (the inspector's unsaved scores are saved first).
 */
export function SignatureForm({
  inspectionId,
  title,
  hint,
  refused,
  action,
  beforeSigning = () => Promise.resolve(true),
}: {
  inspectionId: string;
  title: string;
  hint: string;
  refused: string;
  action: string;
  beforeSigning?: () => Promise<boolean>;
}) {
  const [form] = Form.useForm<{ name: string }>();
  const sign = useSign(inspectionId);
  const unplaced = useFieldErrors(form, sign.error);
  const onSign = async ({ name }: { name: string }) => {
    if (await beforeSigning()) sign.mutate(name.trim());
  };
  return (
    <Card size="small" title={title} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {hint}
      </Typography.Paragraph>
      <FormProblem error={sign.error} unplaced={unplaced} lead={refused} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => void onSign(values)}>
        <Form.Item
          name="name"
          label="签字人姓名"
          rules={[{ required: true, whitespace: true, message: '请填写签字人姓名' }]}
        >
          <Input size="large" maxLength={100} autoComplete="name" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={sign.isPending}>
          {action}
        </Button>
      </Form>
    </Card>
  );
}
