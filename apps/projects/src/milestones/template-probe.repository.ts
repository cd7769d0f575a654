import type { EntityManager } from 'typeorm';
export async function probe(tx: EntityManager, at: Date) {
  return tx.query(`SELECT $1::timestamptz AS at`, [at]);
}
