import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { PlatformConfig } from '../config/platform-config';
import { CorrelationContext } from '../correlation/correlation-context';

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
 * Structured JSON logs through pino. Every line carries the service name and the current correlation id,
 * so one request can be followed through the gateway, NATS and every service.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: { httpRequests?: boolean } = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [PlatformConfig],
          useFactory: (config: PlatformConfig) => ({
            // Nest 11's path syntax; the library's default ('*') logs a deprecation warning at start.
            forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
            pinoHttp: {
              level: config.log.level,
              base: { service: config.process },
              redact: { paths: REDACT, censor: '[redacted]' },
              mixin: () => {
                const correlation = CorrelationContext.current();
                return correlation ? { correlationId: correlation.correlationId } : {};
              },
              transport: config.log.pretty
                ? { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname,service' } }
                : undefined,
              autoLogging: options.httpRequests ?? false,
              // One short line per request: who asked what, and the answer. Headers stay out of the logs.
              serializers: {
                req: (req: { id: unknown; method: string; url: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: req.url,
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
            },
          }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
