import type { Logger } from 'pino';

/** What the access line says of one answered request. */
export interface AccessLine {
  /** The HTTP server's id of the request. */
  readonly id: string | number;
  readonly method: string;
  /** As requested (path and query). */
  readonly url: string;
  readonly correlationId: string;
  /** The answer's status and milliseconds from the request's arrival to its end; absent when aborted. */
  readonly statusCode?: number;
  readonly responseTime?: number;
  /** The client went away before its answer was sent. */
  readonly aborted?: boolean;
}

/**
 * One structured line per HTTP request, as pino-http wrote it (`req: {id, method, url}`, `res: {statusCode}`,
 * `responseTime`, `correlationId`, "request completed", or "request errored" for a 5xx; "request aborted" without
 * a status when the client went away first), at level info, for
 * a fraction of its cost (issue 17, G7): no child logger per request, and no redaction pass — the line's fields
 * are the ones above, none of which the redaction paths name (headers and bodies never reach it).
 */
export class AccessLog {
  /** Whether a line is written at all (the level is fixed at start): below info, a request costs nothing here. */
  readonly enabled: boolean;
  private readonly logger: Logger;

  constructor(root: Logger) {
    this.enabled = root.isLevelEnabled('info');
    this.logger = root.child({}, { redact: { paths: [] } });
  }

  write(line: AccessLine): void {
    if (!this.enabled) return;
    const req = { id: line.id, method: line.method, url: line.url };
    if (line.aborted || line.statusCode === undefined) {
      this.logger.info({ req, correlationId: line.correlationId, aborted: true }, 'request aborted');
      return;
    }
    const { statusCode } = line;
    this.logger.info(
      { req, res: { statusCode }, responseTime: line.responseTime, correlationId: line.correlationId },
      statusCode >= 500 ? 'request errored' : 'request completed',
    );
  }
}
