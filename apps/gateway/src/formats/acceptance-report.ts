import { INSPECTION_STATUS_LABELS, type InspectionView } from '@duban/contracts';
import type { CjkFont } from './cjk-font';
import { chinaTime, heading, paragraph, points, renderPdf, table, title, type Pdf } from './pdf-document';

/** An evidence photo fetched from the evaluation service, ready to embed. */
export interface Thumbnail {
  readonly evidenceId: string;
  readonly data: Buffer;
}

type Item = InspectionView['items'][number];
type Signature = NonNullable<InspectionView['signatures']['inspector']>;

/** Evidence shown as a picture in the PDF: pdfkit embeds JPEG and PNG (WebP and PDF files are listed by name). */
export const EMBEDDABLE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png']);

const THUMB = { width: 150, height: 110, gap: 10 };

/** The file name a download of the report gets. */
export function acceptanceReportFilename(inspection: InspectionView): string {
  const kind = inspection.kind === 'self_assessment' ? '自评表' : '验收报告';
  return `${inspection.regionName}${kind}-${inspection.date}.pdf`;
}

/**
 * The acceptance report (附件2 scored): the rubric section by section with each item's score and note and
 * its evidence photos, the total against the pass mark, and both signatures with the digest of the content
 * each signer saw and when. Drawn from the inspection as the evaluation service answers it.
 */
export function renderAcceptanceReport(
  font: CjkFont,
  inspection: InspectionView,
  thumbnails: readonly Thumbnail[],
  createdAt: Date,
): Promise<Buffer> {
  const heading1 =
    inspection.kind === 'self_assessment'
      ? `${inspection.projectName} 建设自评表`
      : `${inspection.projectName} 验收检查报告`;
  const images = new Map(thumbnails.map((thumbnail) => [thumbnail.evidenceId, thumbnail.data]));
  return renderPdf(font, { title: heading1, createdAt }, (doc) => {
    title(doc, heading1);
    paragraph(
      doc,
      [
        `地区：${inspection.regionName}（${inspection.regionCode}）`,
        `检查日期：${inspection.date}`,
        `检查人员：${inspection.inspectorNames.join('、') || '—'}`,
        `评分标准：建设暨评价标准清单（第 ${inspection.rubricVersion} 版）`,
        `状态：${INSPECTION_STATUS_LABELS[inspection.status]}`,
      ].join('\n'),
    );
    for (const section of sections(inspection)) {
      drawSection(doc, section, images);
    }
    drawResult(doc, inspection);
    drawSignatures(doc, inspection);
    paragraph(doc, `\n本报告由督办系统于 ${chinaTime(createdAt)} 生成。`, 8);
  });
}

interface Section {
  readonly title: string;
  readonly points: number;
  readonly score: number | null;
  readonly items: readonly Item[];
}

/** Items grouped by their section, in the rubric's order, with the section's points and score. */
function sections(inspection: InspectionView): Section[] {
  const byTitle = new Map<string, Item[]>();
  for (const item of [...inspection.items].sort((a, b) => a.number - b.number)) {
    byTitle.set(item.sectionTitle, [...(byTitle.get(item.sectionTitle) ?? []), item]);
  }
  return [...byTitle].map(([sectionTitle, items]) => {
    const total = inspection.sectionTotals.find((section) => section.title === sectionTitle);
    return {
      title: sectionTitle,
      points: total?.points ?? items.reduce((sum, item) => sum + item.maxPoints, 0),
      score: total?.score ?? null,
      items,
    };
  });
}

function drawSection(doc: Pdf, section: Section, images: Map<string, Buffer>): void {
  const score = section.score === null ? '' : `，得 ${points(section.score)} 分`;
  heading(doc, `${section.title}（${points(section.points)} 分${score}）`);
  table(
    doc,
    ['序号', '评价内容', '分值', '得分', '说明'],
    section.items.map((item) => [
      String(item.number),
      item.text,
      points(item.maxPoints),
      item.score === null ? '未评' : points(item.score) + (item.carriedOver ? '（沿用）' : ''),
      item.note ?? '',
    ]),
    [32, 230, 40, 50, 147],
  );
  for (const item of section.items) drawEvidence(doc, item, images);
}

/** The item's evidence: photos side by side, scaled into a fixed box; other files by name. */
function drawEvidence(doc: Pdf, item: Item, images: Map<string, Buffer>): void {
  if (item.evidence.length === 0) return;
  paragraph(doc, `第 ${item.number} 项佐证材料：${item.evidence.map((file) => file.filename).join('、')}`, 9);
  const photos = item.evidence.flatMap((file) => {
    const data = images.get(file.id);
    return data ? [data] : [];
  });
  if (photos.length === 0) return;
  const left = doc.page.margins.left;
  const perRow = Math.floor((doc.page.width - 2 * left + THUMB.gap) / (THUMB.width + THUMB.gap));
  photos.forEach((data, index) => {
    const column = index % perRow;
    if (column === 0) {
      if (doc.y + THUMB.height > doc.page.height - doc.page.margins.bottom) doc.addPage();
      if (index > 0) doc.y += THUMB.height + THUMB.gap;
    }
    doc.image(data, left + column * (THUMB.width + THUMB.gap), doc.y, {
      fit: [THUMB.width, THUMB.height],
      align: 'center',
      valign: 'center',
    });
  });
  doc.y += THUMB.height + THUMB.gap;
}

function drawResult(doc: Pdf, inspection: InspectionView): void {
  heading(doc, '评分结果');
  const verdict = inspection.passed === null ? '待签字后确定' : inspection.passed ? '合格' : '不合格';
  table(
    doc,
    ['总分', '满分', '合格分数线', '已评项目', '结论'],
    [
      [
        points(inspection.total),
        points(inspection.maxTotal),
        points(inspection.passThreshold),
        `${inspection.scoredCount} / ${inspection.toScoreCount}`,
        verdict,
      ],
    ],
    [90, 90, 90, 100, 129],
  );
  paragraph(
    doc,
    `总分：${points(inspection.total)} 分（满分 ${points(inspection.maxTotal)} 分，合格分数线 ${points(inspection.passThreshold)} 分）`,
  );
}

/** Each side's signature as a block: the digest on a line of its own, so that it is never cut. */
function drawSignatures(doc: Pdf, inspection: InspectionView): void {
  heading(doc, '签字');
  const block = (role: string, signature: Signature | null) =>
    signature
      ? [
          `${role}：${signature.name}（${signature.username}）`,
          `签字时间：${chinaTime(signature.signedAt)}`,
          '所签内容摘要（SHA-256）：',
          signature.contentHash,
        ].join('\n')
      : `${role}：未签字`;
  paragraph(doc, block('验收组签字', inspection.signatures.inspector));
  doc.moveDown(0.5);
  paragraph(doc, block('县级专班会签', inspection.signatures.county));
  doc.moveDown(0.5);
  paragraph(doc, '内容摘要为签字时评分内容的 SHA-256 值，可与系统中的检查记录核对。', 8);
}
