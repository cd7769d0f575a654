import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { bearerToken } from '../auth/authentication.guard';
import type { SessionAdmission } from '../auth/session-admission';
import type { ProjectDetails } from './project-details';

/** The Nest route this answers for (ProjectsController.get), as Fastify knows it (with the global prefix). */
export const PROJECT_READ_ROUTE = '/api/projects/:id';
/** What ProjectsController.get declares with `@Header`. */
const CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * `GET /api/projects/:id` answered by Fastify itself when memory alone answers it, before Nest's route runs
 * (issue 17, G7: a county officer's project read must reach half a bare node:http server's rate). With the
 * request context, edge checks and the project's JSON text already in memory, the read cost the gateway
 * ~0.26–0.38 ms of CPU; a bare Fastify route with the same hooks cost 0.20 ms: Nest's router, guard call,
 * parameter handling and answer path were the difference.
 *
 * It decides nothing itself: the caller is admitted by SessionAdmission.fromMemory (what the authentication
 * guard asks first), the project and its scope come from ProjectDetails.keptJson (what the route serves first),
 * and the answer is the route's (200, the same text, the same content type; the correlation id, security
 * headers and access line come from the hooks every request passes). Anything it cannot answer from memory at
 * once, or that is not plainly admitted — no or unknown token, expired, revoked, account changed, password to
 * change, a project not kept or out of the caller's scope, a query string or a body — goes on to Nest's route,
 * which answers (and audits) it as it always has. The route has no `@Roles`: any admitted caller may ask it.
 * A route-level hook, so no other route pays for it.
 */
export function registerProjectReadFastPath(
  fastify: FastifyInstance,
  admission: SessionAdmission,
  details: ProjectDetails,
): void {
  const answerFromMemory: onRequestHookHandler = (request, reply, done) => {
    const json = request.method === 'GET' ? keptAnswer(request, admission, details) : undefined;
    if (json === undefined) return done();
    void reply.header('content-type', CONTENT_TYPE).send(json);
  };
  let attached = false;
  fastify.addHook('onRoute', (route) => {
    if (route.method !== 'GET' || route.url !== PROJECT_READ_ROUTE) return;
    const own = route.onRequest;
    route.onRequest = own === undefined ? [answerFromMemory] : [...(Array.isArray(own) ? own : [own]), answerFromMemory];
    attached = true;
  });
  // The route renamed or gone: say so at start rather than silently serve every read through Nest.
  fastify.addHook('onReady', (done) => {
    done(attached ? undefined : new Error(`project read fast path: no GET ${PROJECT_READ_ROUTE} route`));
  });
}

/** The project's JSON text when the caller is admitted from memory and the project is kept for them, else undefined. */
function keptAnswer(request: FastifyRequest, admission: SessionAdmission, details: ProjectDetails): string | undefined {
  const { headers } = request;
  if (request.url.includes('?') || headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined) {
    return undefined;
  }
  const token = bearerToken(headers.authorization);
  if (token === null) return undefined;
  const admitted = admission.fromMemory(token);
  if (!admitted?.ok || admitted.mustChangePassword) return undefined;
  const { id } = request.params as { id?: string };
  return id === undefined ? undefined : details.keptJson(admitted.token.actor, id);
}

