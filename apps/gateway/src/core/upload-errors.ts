import { DomainError, ValidationError } from '@duban/contracts';

/**
 * The form parser's own failures (a body cut short, a malformed part) are the client's: 400 naming the file.
 * Errors with a status of their own (the multipart plugin's limits) and domain errors pass as they are.
 */
export function malformedForm(error: unknown): never {
  if (error instanceof DomainError || typeof (error as { statusCode?: unknown })?.statusCode === 'number') throw error;
  throw new ValidationError([{ field: 'file', message: '上传的表单格式有误，请重新选择文件上传' }]);
}

export function tooLarge(maxBytes: number): ValidationError {
  const mb = maxBytes / (1024 * 1024);
  return new ValidationError([
    { field: 'file', message: `文件超过 ${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB 上限` },
  ]);
}
