import type { DataSource, EntitySubscriberInterface } from 'typeorm';

/**
 * Runs `work` while each transaction of `dataSource` for which `applies()` holds commits, and then its service
 * hears the connection lost (57P01): what a service sees when Postgres stops at that instant, its answer to the
 * COMMIT never sent. For the tests of writes that must still be answered to a retry.
 */
export async function withCommitsUnheard<T>(
  dataSource: DataSource,
  applies: () => boolean,
  work: () => Promise<T>,
): Promise<T> {
  const subscribers = dataSource.subscribers as EntitySubscriberInterface[];
  const lostAtCommit: EntitySubscriberInterface = {
    afterTransactionCommit: () => {
      if (applies())
        throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    },
  };
  subscribers.push(lostAtCommit);
  try {
    return await work();
  } finally {
    subscribers.splice(subscribers.indexOf(lostAtCommit), 1);
  }
}
