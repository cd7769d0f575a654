import { Injectable } from '@nestjs/common';
import { Transactions } from '@duban/platform';

/** The gateway's way to ask Postgres whether it answers. */
@Injectable()
export class HealthRepository {
  constructor(private readonly transactions: Transactions) {}

  async ping(): Promise<void> {
    await this.transactions.none.query('SELECT 1');
  }
}
