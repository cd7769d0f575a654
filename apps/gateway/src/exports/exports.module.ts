import { Module } from '@nestjs/common';
import { ExcelExports } from './excel-exports';
import { ExcelImports } from './excel-imports';
import { ExportsController } from './exports.controller';

/** `/api/exports/*.xlsx` and `/api/imports/*`: the documents' tables (附件1, 附件4) as Excel files. */
@Module({ controllers: [ExportsController], providers: [ExcelExports, ExcelImports] })
export class ExportsModule {}
