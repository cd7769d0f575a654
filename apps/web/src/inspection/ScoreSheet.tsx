import { scoreValueSchema, type InspectionView, type RubricView } from '@duban/contracts';
import { App, Button, Form, Input, InputNumber, Typography } from 'antd';
import type { FormInstance, Rule } from 'antd/es/form';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { FormProblem } from '../shared/FormProblem';
import { useFieldErrors } from '../shared/useFieldErrors';
import { usePutScores } from './inspection-api';
import { ItemEvidence } from './ItemEvidence';
import {
  addressedToItems,
  changedScores,
  formatPoints,
  initialSheet,
  storedUpdates,
  liveTotals,
  notesAwaitingScore,
  sectionsOf,
  type InspectionItem,
  type SheetValues,
} from './score-sheet';
import { ItemHeading, SectionCard, remarksOf } from './SheetParts';
import { SignatureForm } from './Signatures';

interface ScoreSheetProps {
  readonly inspection: InspectionView;
  readonly rubric: RubricView | undefined;
}

/**
 * The inspector's sheet on a phone: each item's score (bounded by its maximum, half points), note and
 * photos; subtotals and the total follow the typing; 保存评分 sends what changed, and a refusal leaves
 * everything typed in place with the service's complaint at the item. Then the inspector signs.
 */
export function ScoreSheet({ inspection, rubric }: ScoreSheetProps) {
  const [form] = Form.useForm<SheetValues>();
  const { message } = App.useApp();
  // Set once: later answers (after a save, an upload) never overwrite what is being typed.
  const [initialValues] = useState(() => initialSheet(inspection));
  useStoredScoresFollowed(form, inspection, initialValues);

  const save = usePutScores(inspection.id);
  const saveError = useMemo(
    () => addressedToItems(save.error, save.variables?.scores.map(({ itemId }) => itemId) ?? []),
    [save.error, save.variables],
  );
  const unplaced = useFieldErrors(form, saveError);

  /** Sends what changed; false when nothing could be saved (the form shows why). */
  async function saveChanges(): Promise<boolean> {
    try {
      await form.validateFields();
    } catch {
      message.error('有评分不符合要求，请按标红处更正');
      return false;
    }
    const values = form.getFieldsValue(true) as SheetValues;
    const scores = changedScores(inspection, values.items);
    const waiting = notesAwaitingScore(inspection, values.items);
    if (waiting.length > 0) message.warning(`第 ${waiting.join('、')} 项尚未打分，其说明待打分后一并保存`);
    if (scores.length === 0) return true;
    try {
      await save.mutateAsync({ scores });
    } catch {
      return false;
    }
    message.success(`已保存 ${scores.length} 项评分`);
    return true;
  }

  return (
    <div>
      <Form form={form} initialValues={initialValues} component={false}>
        {sectionsOf(inspection).map((section, index) => (
          <SectionCard
            key={section.title}
            section={section}
            score={<LiveTotal form={form} inspection={inspection} section={index} initial={initialValues} />}
          >
            {section.items.map((item) => (
              <ItemScoring
                key={item.id}
                inspectionId={inspection.id}
                item={item}
                remarks={remarksOf(rubric, item.id)}
              />
            ))}
          </SectionCard>
        ))}
      </Form>
      <InspectorSignature inspection={inspection} beforeSigning={saveChanges} />
      <div
        style={{
          position: 'sticky',
          bottom: 0,
          zIndex: 10,
          marginInline: -8,
          padding: '8px 12px',
          background: '#fff',
          boxShadow: '0 -2px 8px rgba(0,0,0,0.12)',
        }}
      >
        <FormProblem error={saveError} unplaced={unplaced} lead="评分未保存" />
        <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <LiveTotal form={form} inspection={inspection} initial={initialValues} />
          </div>
          <Button type="primary" size="large" loading={save.isPending} onClick={() => void saveChanges()}>
            保存评分
          </Button>
        </div>
      </div>
    </div>
  );
}

/**
 * Scores another inspector saves reach this sheet (the live stream refetches the inspection): items not
 * touched here take the stored values; an item being typed keeps the typing.
 */
function useStoredScoresFollowed(form: FormInstance<SheetValues>, inspection: InspectionView, initial: SheetValues) {
  const stored = useRef(initial);
  useEffect(() => {
    const next = initialSheet(inspection);
    const current = (form.getFieldsValue(true) as Partial<SheetValues>).items;
    const updates = storedUpdates(stored.current, next, current);
    stored.current = next;
    const fields = Object.entries(updates).flatMap(([id, entry]) => [
      { name: ['items', id, 'score'] as ['items', string, 'score'], value: entry.score },
      { name: ['items', id, 'note'] as ['items', string, 'note'], value: entry.note },
    ]);
    if (fields.length > 0) form.setFields(fields);
  }, [form, inspection]);
}

/**
 * Totals follow the typing by watching the form here, not in the sheet: a keystroke re-renders this line,
 * not the fifteen items.
 */
function LiveTotal({
  form,
  inspection,
  initial,
  section,
}: {
  form: FormInstance<SheetValues>;
  inspection: InspectionView;
  initial: SheetValues;
  /** A section's subtotal; without it, the total and how many items are unsaved. */
  section?: number;
}) {
  const entries = Form.useWatch('items', form) ?? initial.items;
  const totals = liveTotals(inspection, entries);
  if (section !== undefined) {
    const { score, points } = totals.sections[section] ?? { score: 0, points: 0 };
    return (
      <>
        小计 {formatPoints(score)} / {formatPoints(points)}
      </>
    );
  }
  const unsaved = changedScores(inspection, entries).length;
  return (
    <>
      <Typography.Text strong style={{ fontSize: 18 }} role="status">
        总分 {formatPoints(totals.total)} / {formatPoints(inspection.maxTotal)}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {unsaved > 0 ? `${unsaved} 项未保存` : '已全部保存'}
      </Typography.Text>
    </>
  );
}

const ItemScoring = memo(function ItemScoring({
  inspectionId,
  item,
  remarks,
}: {
  inspectionId: string;
  item: InspectionItem;
  remarks: string | undefined;
}) {
  if (!item.scored) {
    return (
      <ItemHeading item={item} remarks={remarks}>
        <Typography.Text type="secondary">
          沿用首次检查得分：{item.score === null ? '未评分' : `${formatPoints(item.score)} 分`}
        </Typography.Text>
      </ItemHeading>
    );
  }
  return (
    <ItemHeading item={item} remarks={remarks}>
      <div style={{ display: 'flex', alignItems: 'flex-start', gap: 8 }}>
        <Form.Item name={['items', item.id, 'score']} rules={[scoreRule(item)]} style={{ marginBottom: 8 }}>
          <InputNumber
            aria-label={`第${item.number}项得分`}
            min={0}
            max={item.maxPoints}
            step={0.5}
            inputMode="decimal"
            size="large"
            placeholder="得分"
            style={{ width: 112 }}
            // Half points are typed as 4.5; whole ones read 5, not the 5.0 the step's precision would show.
            formatter={(value, { userTyping }) =>
              userTyping ? String(value ?? '') : String(value ?? '').replace(/\.0$/, '')
            }
          />
        </Form.Item>
        <Typography.Text type="secondary" style={{ lineHeight: '40px' }}>
          满分 {formatPoints(item.maxPoints)} 分
        </Typography.Text>
      </div>
      <Form.Item name={['items', item.id, 'note']} style={{ marginBottom: 8 }}>
        <Input.TextArea
          aria-label={`第${item.number}项说明`}
          // A fixed height: autoSize measures computed styles on every render, which costs on a slow phone.
          rows={2}
          maxLength={2000}
          placeholder="说明（扣分原因、现场情况）"
        />
      </Form.Item>
      <ItemEvidence inspectionId={inspectionId} item={item} editable />
    </ItemHeading>
  );
});

/** The contract's own score rule (0 or more, half points) and the item's maximum, stated at the item. */
function scoreRule(item: InspectionItem): Rule {
  return {
    validator: async (_, value: number | null | undefined) => {
      if (value === null || value === undefined) return;
      const parsed = scoreValueSchema.safeParse(value);
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? '分数有误');
      if (value > item.maxPoints) throw new Error(`第 ${item.number} 项满分 ${formatPoints(item.maxPoints)} 分`);
    },
  };
}

/** The inspector's signature: what is unsaved is saved first, so the signature covers what is on screen. */
function InspectorSignature({
  inspection,
  beforeSigning,
}: {
  inspection: InspectionView;
  beforeSigning: () => Promise<boolean>;
}) {
  if (inspection.kind !== 'inspection') return null;
  return (
    <SignatureForm
      inspectionId={inspection.id}
      title="验收组签字"
      hint={`全部 ${inspection.toScoreCount} 项评分后签字；签字后评分不能再修改，交县级专班会签。`}
      refused="未能签字"
      action="签字确认"
      beforeSigning={beforeSigning}
    />
  );
}
