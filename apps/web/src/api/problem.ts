/** One field's complaint in a 400 answer: `field` is a dotted path into the request body or query. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** The gateway's problem+json body (DESIGN: status, title, detail, and errors for validation). */
interface ProblemBody {
  readonly status?: number;
  readonly title?: string;
  readonly detail?: string;
  /** `validation_failed`, `conflict`, … for the services' own errors; `http_<status>` and `internal` otherwise. */
  readonly code?: string;
  readonly errorId?: string;
  readonly errors?: readonly FieldProblem[];
}

/**
 * An answer other than 2xx, as the pages show it. The problem's `title` is the English HTTP phrase
 * ("Conflict") and only the services' own errors carry a Chinese `detail`; so the message shown is that
 * detail when there is one, else a Chinese sentence for the status. `fieldErrors` go next to form fields.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: readonly FieldProblem[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(status: number, body: unknown): ApiError {
    const problem = (typeof body === 'object' && body !== null ? body : {}) as ProblemBody;
    const fromService =
      problem.code !== undefined &&
      !problem.code.startsWith('http_') &&
      !['internal', 'service_unavailable'].includes(problem.code);
    const message =
      fromService && problem.detail
        ? problem.detail
        : `${sentenceFor(status)}${problem.errorId ? `（错误编号 ${problem.errorId}）` : ''}`;
    return new ApiError(status, message, Array.isArray(problem.errors) ? problem.errors : []);
  }
}

function sentenceFor(status: number): string {
  if (status === 0) return '无法连接服务器，请检查网络后重试';
  if (status === 400) return '填写的内容有误，请按提示修改';
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return '您的角色无权执行此操作';
  if (status === 404) return '未找到，或不在您的权限范围内';
  if (status === 409) return '与当前状态冲突，请刷新后重试';
  if (status === 413) return '文件太大';
  if (status === 429) return '操作过于频繁，请稍后再试';
  if (status >= 500) return '服务器暂时无法处理，请稍后重试';
  return '请求未成功';
}

/** The sentence to show for any error a query or mutation threw. */
export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : '出现了意外错误，请刷新页面重试';
}
