import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/problem';

interface QueryStateProps<T> {
  readonly query: UseQueryResult<T>;
  /** When the data counts as empty (an empty list, say): shows `empty` instead of the children. */
  readonly isEmpty?: (data: T) => boolean;
  readonly empty?: ReactNode;
  readonly children: (data: T) => ReactNode;
}

/**
 * The three states every page handles the same way: loading (a skeleton), error (the server's message and a
 * retry; a 404 says the thing is gone or out of scope), empty, then the data.
 */
export function QueryState<T>({ query, isEmpty, empty, children }: QueryStateProps<T>) {
  if (query.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (query.isError) {
    const notFound = query.error instanceof ApiError && query.error.status === 404;
    return (
      <Alert
        type={notFound ? 'warning' : 'error'}
        showIcon
        title={errorMessage(query.error)}
        action={
          notFound ? undefined : (
            <Button size="small" onClick={() => void query.refetch()}>
              重试
            </Button>
          )
        }
      />
    );
  }
  if (isEmpty?.(query.data)) return <>{empty ?? <Empty description="暂无数据" />}</>;
  return <>{children(query.data)}</>;
}
