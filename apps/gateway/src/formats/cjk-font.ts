import { DomainError } from '@duban/contracts';
import { existsSync } from 'node:fs';

/** A font file with Chinese glyphs, and the face to use when the file is a collection (.ttc). */
export interface CjkFont {
  readonly path: string;
  readonly postscriptName: string;
}

/**
 * Debian's CJK fonts, in order of preference (tools/ensure-formats-tools.sh installs the first). PDF
 * readers show Chinese only from an embedded font: without one the reports would be boxes, so rendering
 * refuses instead (503 with the reason) and the health check names what is missing.
 */
const CANDIDATES: readonly CjkFont[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', postscriptName: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', postscriptName: 'WenQuanYiZenHei' },
];

/** What the health check and a refused PDF say when no font is installed. */
export const CJK_FONT_MISSING =
  '未找到中文字体，无法生成 PDF（请安装 Debian 软件包 fonts-wqy-microhei：bash tools/ensure-formats-tools.sh）';

/** The first CJK font installed on this machine, looked up each time (a font installed later is found). */
export function findCjkFont(candidates: readonly CjkFont[] = CANDIDATES): CjkFont | null {
  return candidates.find((font) => existsSync(font.path)) ?? null;
}

/** The font, or a 503 that says what to install. */
export function requireCjkFont(): CjkFont {
  const font = findCjkFont();
  if (!font) throw new DomainError('service_unavailable', CJK_FONT_MISSING);
  return font;
}
