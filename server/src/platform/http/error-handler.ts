import { ERRORS, type ErrorCode } from '@homeclub/shared';
import { AppError } from '../errors';
import type { AppMiddleware } from './context';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/**
 * Every error becomes `{code, message, requestId, fields?}`. AppErrors keep
 * their code; anything unknown is a 500 with no internals in the body.
 */
export function errorHandler(): AppMiddleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api')) {
        throw new AppError('NOT_FOUND', `no route ${ctx.method} ${ctx.path}`);
      }
    } catch (raw) {
      const err = toAppError(raw);
      const log = ctx.state.log;
      if (err.status >= 500) log?.error({ err: raw, code: err.code }, 'request failed');
      else log?.warn({ code: err.code, detail: err.message, fields: err.fields }, 'request rejected');
      ctx.status = err.status;
      ctx.type = 'application/json';
      ctx.body = {
        code: err.code,
        message: err.userMessage,
        requestId: ctx.state.requestId,
        ...(err.fields ? { fields: err.fields } : {}),
      };
    }
  };
}

export function toAppError(raw: unknown): AppError {
  if (raw instanceof AppError) return raw;
  const e = raw as { status?: number; statusCode?: number; expose?: boolean; message?: string; name?: string };
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && STATUS_CODES[status]) {
    return new AppError(STATUS_CODES[status], e.message);
  }
  if (e?.name === 'CastError' || e?.name === 'ValidationError') {
    return new AppError('VALIDATION_FAILED', e.message);
  }
  return new AppError('INTERNAL', e?.message ?? String(raw), { cause: raw, status: ERRORS.INTERNAL.status });
}
