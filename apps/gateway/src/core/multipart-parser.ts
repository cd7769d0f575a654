import multipart from '@fastify/multipart';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * The largest file the gateway will read at all. Each upload route sets its own, lower limit when it reads
 * its file (evidence: the evaluation service's DUBAN_EVIDENCE_MAX_BYTES; a spreadsheet import: 2 MB).
 */
const HARD_CAP_BYTES = 200 * 1024 * 1024;

/** Registers Fastify's multipart parser, once for every upload route of the gateway. */
@Injectable()
export class MultipartParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Queued here and loaded when the server gets ready, so the gateway's bootstrap needs no change for it.
    // Not awaited: awaiting would load Fastify's plugin queue early, ahead of the error handling set up
    // around the login rate limit (its 429 then lost the problem+json shape).
    void fastify.register(multipart, { limits: { fileSize: HARD_CAP_BYTES, files: 1, fields: 5, parts: 6 } });
  }
}
