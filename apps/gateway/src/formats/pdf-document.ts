import { chineseDateTime } from '@duban/calendar';
import type PDFKitDocument from 'pdfkit';
import { lazyModule } from '../core/lazy-module';
import type { CjkFont } from './cjk-font';

/** pdfkit, loaded by the first PDF (see lazyModule). */
const pdfkit = lazyModule<typeof PDFKitDocument>('pdfkit');

export type Pdf = PDFKit.PDFDocument;

const FONT = 'cjk';
const MARGIN = 48;

/**
 * A PDF drawn by pdfkit with the CJK font embedded (subset, so the text stays real, extractable text) and
 * the whole file in memory: reports are a few pages, and a buffer gives the response its length.
 * `createdAt` comes from the caller's Clock, never from pdfkit's own `new Date()`.
 */
export function renderPdf(
  font: CjkFont,
  meta: { title: string; createdAt: Date },
  draw: (doc: Pdf) => void,
): Promise<Buffer> {
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: meta.title, Creator: 'Duban', CreationDate: meta.createdAt },
    lang: 'zh-CN',
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(FONT, font.path, font.postscriptName);
  doc.font(FONT);
  draw(doc);
  numberPages(doc, meta.title);
  doc.end();
  return done;
}

/** 第 n 页 / 共 m 页 at the foot of every page (pages are buffered until the end for this). */
function numberPages(doc: Pdf, title: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .fillColor('#666')
      .text(`${title}  第 ${index + 1} 页 / 共 ${count} 页`, MARGIN, doc.page.height - 30, {
        width: doc.page.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
  }
}

export function title(doc: Pdf, text: string): void {
  doc.fontSize(18).text(text, { align: 'center' }).moveDown(0.5);
}

export function heading(doc: Pdf, text: string): void {
  if (doc.y > doc.page.height - 140) doc.addPage();
  doc.x = doc.page.margins.left;
  doc.moveDown(0.6).fontSize(13).text(text).moveDown(0.3);
}

export function paragraph(doc: Pdf, text: string, size = 10): void {
  doc.x = doc.page.margins.left;
  doc.fontSize(size).text(text);
}

/** A ruled table whose first row is its header; pdfkit breaks it across pages between rows. */
export function table(
  doc: Pdf,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  widths: number[],
): void {
  doc.x = doc.page.margins.left;
  doc.fontSize(9);
  doc.table({
    columnStyles: widths,
    defaultStyle: { padding: 3, border: 0.5, borderColor: '#888' },
    data: [
      header.map((text) => ({ text, type: 'TH' as const, backgroundColor: '#eee' })),
      ...rows.map((row) => [...row]),
    ],
  });
  doc.moveDown(0.5);
}

/** An instant as read in China, written as every date of the documents: 2023年10月20日 11:00（北京时间）. */
export function chinaTime(instant: string | Date): string {
  return `${chineseDateTime(new Date(instant))}（北京时间）`;
}

/** A score without trailing zeros: 4.5, 86, 0. */
export function points(value: number): string {
  return String(Math.round(value * 100) / 100);
}
