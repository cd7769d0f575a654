import { RequestMethod, type Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { GatewayConfig } from '../config';
import type { PlatformConfig } from '@duban/platform';
import { AppModule } from '../app.module';
import { IS_PUBLIC } from '../auth/current-actor.decorator';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';

interface Route {
  readonly name: string;
  readonly method: RequestMethod;
  readonly public: boolean;
  readonly interceptors: readonly unknown[];
}

/** Every route of every controller the app's modules declare (walked through their imports). */
function routes(): Route[] {
  const seen = new Set<unknown>();
  const controllers = new Set<Type>();
  const walk = (entry: unknown) => {
    const module = (entry as { module?: unknown })?.module ?? entry;
    if (!module || seen.has(entry)) return;
    seen.add(entry);
    const dynamic = entry as { imports?: unknown[]; controllers?: Type[] };
    for (const controller of [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module as object) as Type[] | undefined) ?? []),
      ...(dynamic.controllers ?? []),
    ])
      controllers.add(controller);
    for (const imported of [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, module as object) as unknown[] | undefined) ?? []),
      ...(dynamic.imports ?? []),
    ])
      walk(imported);
  };
  walk(AppModule.forRoot({} as PlatformConfig, {} as GatewayConfig));
  return [...controllers].flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype).flatMap((key) => {
      const handler = (controller.prototype as Record<string, unknown>)[key];
      if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) return [];
      return [
        {
          name: `${controller.name}.${key}`,
          method: Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod,
          public: Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller)),
          interceptors: [
            ...((Reflect.getMetadata(INTERCEPTORS_METADATA, controller) as unknown[] | undefined) ?? []),
            ...((Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? []),
          ],
        },
      ];
    }),
  );
}

const WRITES = [RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH];

describe("the gateway's routes", () => {
  const all = routes();

  it('are found (the walk reaches the modules)', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all.map((route) => route.name)).toEqual(
      expect.arrayContaining(['ProjectsController.get', 'MeController.me', 'AuthController.logout']),
    );
  });

  it('take an Idempotency-Key on every write of a logged-in caller (the interceptor is on each, not global)', () => {
    const lacking = all
      .filter((route) => WRITES.includes(route.method) && !route.public)
      .filter((route) => !route.interceptors.includes(IdempotencyInterceptor))
      .map((route) => route.name);
    expect(lacking).toEqual([]);
  });

  it('pass no interceptor on a read (Nest then runs them without an rxjs pipeline)', () => {
    const intercepted = all
      .filter((route) => route.method === RequestMethod.GET && route.interceptors.length > 0)
      .map((route) => route.name);
    expect(intercepted).toEqual([]);
  });
});
