import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule, PARAMS_PROVIDER_TOKEN, type Params } from 'nestjs-pino';
import pino, { type Logger } from 'pino';
import { PlatformConfig } from '../config/platform-config';
import { CorrelationContext } from '../correlation/correlation-context';
import { AccessLog } from './access-log';

/** Paths whose values never reach a log line. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.accessToken',
  '*.token',
  'password',
];

/**
 * The process's pino logger: JSON lines carrying the service name and the current correlation id, written to
 * stdout asynchronously (buffered by sonic-boom, flushed at exit: a line never costs the request a write call),
 * or through pino-pretty when `DUBAN_LOG_FORMAT=pretty`.
 */
export function createRootLogger(config: PlatformConfig): Logger {
  return pino(
    {
      level: config.log.level,
      base: { service: config.process },
      redact: { paths: REDACT, censor: '[redacted]' },
      mixin: () => {
        const correlation = CorrelationContext.current();
        return correlation ? { correlationId: correlation.correlationId } : {};
      },
      ...(config.log.pretty && {
        transport: { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname,service' } },
      }),
    },
    config.log.pretty ? undefined : pino.destination({ sync: false }),
  );
}

/**
 * Writes out what the asynchronous destination still holds when the app shuts down: the apps end by raising
 * the signal again after Nest's shutdown hooks, and a process ended by a signal runs no exit handler (pino's
 * own flush at exit).
 */
@Injectable()
class FlushLogsAtShutdown implements OnApplicationShutdown {
  constructor(@Inject(PARAMS_PROVIDER_TOKEN) private readonly params: Params) {}

  onApplicationShutdown(): void {
    const { logger } = this.params.pinoHttp as { logger: Logger };
    const stream = (logger as unknown as Record<symbol, { flushSync?: () => void }>)[pino.symbols.streamSym];
    try {
      stream?.flushSync?.();
    } catch {
      // Not yet open, or already closed: nothing of it to write.
    }
  }
}

/**
 * Structured JSON logs through pino (nestjs-pino's Logger is the app's logger). Every line carries the service
 * name and the current correlation id, so one request can be followed through the gateway, NATS and every
 * service. No per-request middleware (nestjs-pino's pino-http binding: a child logger and a redaction pass per
 * request, issue 17 G7): the gateway writes its one access line per request itself (AccessLog, registered as a
 * Fastify hook), and the correlation id, which is all a line needs to be followed, comes from CorrelationContext.
 */
@Module({})
export class LoggingModule {
  static forRoot(): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [PlatformConfig],
          useFactory: (config: PlatformConfig): Params => ({
            // No route: nestjs-pino binds no middleware (its logger is used as is, outside any request).
            forRoutes: [],
            pinoHttp: { logger: createRootLogger(config) },
          }),
        }),
      ],
      providers: [
        FlushLogsAtShutdown,
        {
          provide: AccessLog,
          inject: [PARAMS_PROVIDER_TOKEN],
          useFactory: (params: Params) => new AccessLog((params.pinoHttp as { logger: Logger }).logger),
        },
      ],
      exports: [LoggerModule, AccessLog],
    };
  }
}
