import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, InputNumber, Select } from 'antd';
import { OFFSET_UNITS, offsetIso, offsetParts, type OffsetParts } from './reminder-offsets';

/**
 * The reminder plan's stages as rows of "到期前/到期后, amount, unit", each stored as the ISO offset the
 * service takes, so its reasons (`reminderPlan.1`) land under the row they are about.
 */
export function ReminderOffsetsField({ name = 'reminderPlan' }: { name?: string }) {
  return (
    <Form.List name={name}>
      {(rows, { add, remove }) => (
        <Flex vertical gap={0}>
          {rows.map((row, index) => (
            <Flex key={row.key} gap={8} align="start">
              <Form.Item name={row.name} label={`提醒${index + 1}`} style={{ flex: 1, minWidth: 0 }}>
                <OffsetInput label={`提醒${index + 1}`} />
              </Form.Item>
              <Button
                type="text"
                aria-label={`删除提醒${index + 1}`}
                icon={<DeleteOutlined />}
                onClick={() => remove(row.name)}
                style={{ marginTop: 30 }}
              />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('-P1D')} style={{ marginBottom: 16 }}>
            添加提醒
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

/** One offset: direction, amount and unit; an offset of another shape is edited as text. */
function OffsetInput({
  value = 'PT0S',
  onChange,
  label,
}: {
  value?: string;
  onChange?: (value: string) => void;
  label: string;
}) {
  const parts = offsetParts(value);
  if (!parts) {
    return (
      <Input aria-label={`${label}（ISO 8601 时长）`} value={value} onChange={(e) => onChange?.(e.target.value)} />
    );
  }
  const change = (next: Partial<OffsetParts>) => onChange?.(offsetIso({ ...parts, ...next }));
  return (
    <Flex gap={4} wrap>
      <Select
        aria-label={`${label}方向`}
        value={parts.direction}
        onChange={(direction) => change({ direction })}
        options={[
          { value: 'before', label: '到期前' },
          { value: 'after', label: '到期后' },
        ]}
        style={{ width: 96 }}
      />
      <InputNumber
        aria-label={`${label}数量`}
        min={0}
        max={999}
        precision={0}
        value={parts.amount}
        onChange={(amount) => change({ amount: amount ?? 0 })}
        style={{ width: 80 }}
      />
      <Select
        aria-label={`${label}单位`}
        value={parts.unit}
        onChange={(unit) => change({ unit })}
        options={OFFSET_UNITS.map((option) => ({ value: option.unit, label: option.label }))}
        style={{ width: 80 }}
      />
    </Flex>
  );
}
