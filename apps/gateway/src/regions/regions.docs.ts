import { PROBLEM } from '../core/openapi-schema';
import type { RouteDocs } from '../core/route.decorator';

/** What the OpenAPI document tells the API's users about the regions route. */
export const docs = {
  list: {
    summary: '下级地区（省 → 市 → 县），含人口基数及其来源',
    description:
      '只列出在您权限范围内或其上级的地区：县级用户可从山西省走到本市、本县，看不到其他市县。不给 `parent` 时列出最上级（省）。',
    ok: '下级地区，按代码排序',
    400: PROBLEM.badRequest,
    404: '地区不存在，或不在您的权限范围内',
  },
} satisfies Record<string, RouteDocs>;
