import type { RubricView } from '@duban/contracts';
import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatPoints, type InspectionItem, type SheetSection } from './score-sheet';

/** A rubric section (一、调研论证 …) with its points and the live subtotal. */
export function SectionCard({
  section,
  score,
  children,
}: {
  section: SheetSection;
  /** The subtotal line (live while scoring). */
  score: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      styles={{ body: { paddingBlock: 0 } }}
      title={
        <span style={{ whiteSpace: 'normal' }}>
          {section.title}（{formatPoints(section.points)} 分）
        </span>
      }
      extra={<Typography.Text type="secondary">{score}</Typography.Text>}
    >
      {children}
    </Card>
  );
}

/** An item's number and text (the county's name filled in), the rubric's remark, then what follows. */
export function ItemHeading({
  item,
  remarks,
  children,
}: {
  item: InspectionItem;
  remarks: string | undefined;
  children: ReactNode;
}) {
  return (
    <section aria-label={`第${item.number}项`} style={{ paddingBlock: 12, borderTop: '1px solid #f0f0f0' }}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        <Typography.Text strong>{item.number}. </Typography.Text>
        {item.text}
      </Typography.Paragraph>
      {remarks && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
          备注：{remarks}
        </Typography.Paragraph>
      )}
      {children}
    </section>
  );
}

/** The rubric's remark on an item, if it has one. */
export function remarksOf(rubric: RubricView | undefined, itemId: string): string | undefined {
  const remarks = rubric?.sections.flatMap((section) => section.items).find((item) => item.id === itemId)?.remarks;
  return remarks ? remarks : undefined;
}
