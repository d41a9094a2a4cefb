import type { ErrorCode } from '@homeclub/shared';
import { AppError } from '../errors';
import type { AppMiddleware } from './context';

/**
 * JSON-only body reader with a size limit. Keeps the raw bytes on
 * ctx.state.rawBody (signature checks need them) and the parsed value on
 * ctx.state.body. Paths in `rawOnly` get the bytes but no JSON parsing; paths in `large` (uploads) get
 * raw bytes up to their own limit, and `large.code` when they are bigger.
 */
export function jsonBody(opts: { limit: number; rawOnly?: string[]; large?: { paths: string[]; limit: number; code: ErrorCode } }): AppMiddleware {
  return async (ctx, next) => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) return next();
    const large = opts.large?.paths.includes(ctx.path) ? opts.large : null;
    const limit = large?.limit ?? opts.limit;
    const code = large?.code ?? 'BODY_TOO_LARGE';
    const declared = Number(ctx.get('content-length') || 0);
    if (declared > limit) {
      throw new AppError(code, `content-length ${declared} exceeds ${limit}`);
    }
    const raw = await readLimited(ctx.req, limit, code);
    ctx.state.rawBody = raw;
    if (large || opts.rawOnly?.some((p) => ctx.path === p)) return next();
    if (raw.length > 0) {
      if (!ctx.is('application/json')) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `content-type ${ctx.get('content-type') || '(none)'} is not JSON`);
      }
      try {
        ctx.state.body = JSON.parse(raw.toString('utf8'));
      } catch (err) {
        throw new AppError('INVALID_JSON', `body is not valid JSON: ${(err as Error).message}`);
      }
    }
    return next();
  };
}

function readLimited(stream: NodeJS.ReadableStream, limit: number, code: ErrorCode): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null, value?: Buffer) => {
      if (done) return;
      done = true;
      stream.removeListener('data', onData);
      if (err) reject(err);
      else resolve(value!);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Keep draining so the client gets our 413 instead of a reset.
        stream.resume();
        finish(new AppError(code, `body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => finish(null, Buffer.concat(chunks)));
    stream.once('error', (err: Error) => finish(new AppError('VALIDATION_FAILED', `body read failed: ${err.message}`)));
  });
}
