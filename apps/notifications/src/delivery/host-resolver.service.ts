import { lookup } from 'node:dns/promises';
import { Injectable } from '@nestjs/common';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Resolves a webhook's host name to every address it has (the system resolver, as a connection would). Its
 * own provider so that a test can answer for a name without asking any DNS server.
 */
@Injectable()
export class HostResolver {
  async resolve(hostname: string): Promise<readonly ResolvedAddress[]> {
    const found = await lookup(hostname, { all: true, verbatim: true });
    return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
  }
}
