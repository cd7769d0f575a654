import { DiscoveryService } from '@nestjs/core';
import type { RpcDefinition } from '@duban/contracts';

/**
 * Marks a provider method as the answer to one RPC subject. The method receives the parsed request and
 * returns the response; the subject's namespace is applied when the server subscribes, not here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const RpcHandler = DiscoveryService.createDecorator<RpcDefinition<any, any>>();
