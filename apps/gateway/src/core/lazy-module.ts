import { createRequire } from 'node:module';

const load = createRequire(__filename);

/**
 * A package loaded on first use rather than at start. For the heavy ones a request seldom needs (exceljs and
 * pdfkit: about 55 MB resident together), so an idle gateway stays small (issue 17, G8); the first export
 * pays the load once.
 */
export function lazyModule<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(id) as T);
}
