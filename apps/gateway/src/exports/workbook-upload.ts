import { ValidationError } from '@duban/contracts';
import type { Workbook } from 'exceljs';
import type { FastifyRequest } from 'fastify';
import { malformedForm, tooLarge } from '../core/upload-errors';
import { newWorkbook } from './exceljs-lazy';

/** The largest workbook an import reads: a province's 117 rows take about 30 KB. */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

const notXlsx = () =>
  new ValidationError([
    {
      field: 'file',
      message: '不是有效的 xlsx 文件：请用 Excel、WPS 或 LibreOffice 另存为 Excel 2007-365 (.xlsx) 后再导入',
    },
  ]);

/**
 * Reads the one file of a multipart upload (field `file`) as a workbook. A body that is not a form, a file
 * over the limit, or bytes that are not an xlsx (an old .xls, a CSV, a PDF, a broken zip) are a 400 naming
 * `file`, never a 500.
 */
export async function receiveWorkbook(request: FastifyRequest): Promise<Workbook> {
  if (!request.isMultipart())
    throw new ValidationError([{ field: 'file', message: '请以 multipart/form-data 上传，字段名 file' }]);
  const part = await request.file({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } }).catch(malformedForm);
  if (!part || part.fieldname !== 'file')
    throw new ValidationError([{ field: 'file', message: '缺少文件（字段名 file）' }]);
  const bytes = await part.toBuffer().catch((error: unknown) => {
    if ((error as { code?: unknown })?.code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(IMPORT_MAX_BYTES);
    return malformedForm(error);
  });
  // An xlsx is a zip: anything else is refused before a parser sees it.
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) throw notXlsx();
  const workbook = newWorkbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw notXlsx();
  }
  return workbook;
}
