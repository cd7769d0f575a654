import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProjectDetails } from './project-details';

/** Methods that change nothing: they leave the read model as it is. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Read-your-writes for ProjectDetails: a write through this gateway (any route: a project's row, a milestone,
 * an import, a programme's template) forgets every kept project when it starts and again when it has been
 * answered, so a read that follows the answer asks the projects service, whose transaction has committed.
 * Coarse on purpose: a write names its project in many ways (a milestone's id, a workbook), and writes are
 * few beside reads. Writes through other replicas reach this one by the events (ProjectDetailsSubscriber).
 */
@Injectable()
export class WriteFenceMiddleware implements NestMiddleware {
  constructor(private readonly details: ProjectDetails) {}

  use(request: FastifyRequest['raw'], response: FastifyReply['raw'], next: () => void): void {
    if (!READS.has(request.method ?? 'GET')) {
      this.details.forgetAll();
      response.once('close', () => this.details.forgetAll());
    }
    next();
  }
}
