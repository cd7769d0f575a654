import { Alert } from 'antd';
import { errorMessage } from '../api/problem';

/**
 * Above a form: why the server refused it (`lead` says what failed, e.g. 未能签字), and the field complaints
 * the form has no field for (what `useFieldErrors` returns). Nothing while there is no error.
 */
export function FormProblem({ error, unplaced, lead }: { error: unknown; unplaced: readonly string[]; lead?: string }) {
  if (!error) return null;
  const message = errorMessage(error);
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      title={lead ? `${lead}：${message}` : message}
      description={unplaced.length > 0 ? unplaced.join('；') : undefined}
    />
  );
}
