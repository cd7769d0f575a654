import type * as ExcelJS from 'exceljs';
import { lazyModule } from '../core/lazy-module';

const exceljs = lazyModule<typeof ExcelJS>('exceljs');

/** An empty workbook; exceljs is loaded by the first one (see lazyModule). */
export function newWorkbook(): ExcelJS.Workbook {
  return new (exceljs().Workbook)();
}
