import { ERRORS, type ErrorCode } from '@homeclub/shared';

export interface FieldError {
  path: string;
  message: string;
}

/**
 * The one error type of the server. `code` and `status` are the API contract,
 * `message` (Chinese) is shown to the user, `detail` (English) goes to the log.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly userMessage: string;
  readonly fields?: FieldError[];
  readonly expose = true;

  constructor(code: ErrorCode, detail?: string, opts: { fields?: FieldError[]; status?: number; cause?: unknown } = {}) {
    super(detail ?? code, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = opts.status ?? ERRORS[code].status;
    this.userMessage = ERRORS[code].message;
    this.fields = opts.fields;
  }
}

/** MongoDB duplicate key (E11000). The engine gives no keyPattern: match the index name in the message. */
export function isDuplicateKey(err: unknown, indexName?: string): boolean {
  const e = err as { code?: number; message?: string } | null;
  if (!e || e.code !== 11000) return false;
  return indexName ? String(e.message ?? '').includes(indexName) : true;
}
