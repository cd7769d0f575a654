import type { FastifyInstance } from 'fastify';
import type { ProjectDetails } from './project-details';

/** Methods that change nothing: they leave the read model as it is. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Read-your-writes for ProjectDetails: a write through this gateway (any route: a project's row, a milestone,
 * an import, a programme's template) forgets every kept project when it starts and again when it has been
 * answered, so a read that follows the answer asks the projects service, whose transaction has committed.
 * Coarse on purpose: a write names its project in many ways (a milestone's id, a workbook), and writes are
 * few beside reads. Writes through other replicas reach this one by the events (ProjectDetailsSubscriber).
 * A Fastify hook (a read passes it at the cost of one set look-up); register before the routes.
 */
export function registerWriteFence(fastify: FastifyInstance, details: ProjectDetails): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!READS.has(request.method)) {
      details.forgetAll();
      reply.raw.once('close', () => details.forgetAll());
    }
    done();
  });
}
