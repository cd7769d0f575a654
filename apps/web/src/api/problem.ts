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
  readonly errors?: readonly FieldProblem[];
}

/** An answer other than 2xx, as the pages show it: a Chinese message, and per-field errors for forms. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly fieldErrors: readonly FieldProblem[],
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }

  static from(status: number, body: unknown): ApiError {
    const problem = (typeof body === 'object' && body !== null ? body : {}) as ProblemBody;
    return new ApiError(
      status,
      problem.title ?? defaultTitle(status),
      problem.detail,
      Array.isArray(problem.errors) ? problem.errors : [],
    );
  }
}

function defaultTitle(status: number): string {
  if (status === 0) return '无法连接服务器，请检查网络后重试';
  if (status === 404) return '未找到，或不在您的权限范围内';
  if (status === 403) return '您的角色无权执行此操作';
  if (status >= 500) return '服务器暂时无法处理，请稍后重试';
  return '请求未成功';
}

/** The sentence to show for any error a query or mutation threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail && error.detail !== error.title ? `${error.title}：${error.detail}` : error.title;
  return '出现了意外错误，请刷新页面重试';
}
