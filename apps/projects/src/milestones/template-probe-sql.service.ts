export async function probe(tx: { query(sql: string): Promise<unknown> }) {
  return tx.query(`SELECT 1`);
}
