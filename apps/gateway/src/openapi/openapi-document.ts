import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * The public HTTP contract as OpenAPI, built from the controllers' decorators (whose schemas come from the
 * contracts' zod schemas). Served at /api/docs/openapi.json; the web app's typed client is generated from
 * the same document (`npm run api:generate`) and a test keeps the two equal.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Duban 督办 API')
      .setDescription(
        'Programme tracking from plan to acceptance: projects, milestones, funding, acceptance, reminders.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}

/** The committed copy the web app's client is generated from. */
export const WEB_OPENAPI_FILE = path.resolve(__dirname, '../../../web/src/api/openapi.json');

/** The document as committed: key order as built, two-space JSON, a final newline. */
export function serialiseOpenApi(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
