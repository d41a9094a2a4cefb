import { AppError } from '../errors';
import type { AppMiddleware } from './context';

/**
 * JSON-only body reader with a size limit. Keeps the raw bytes on
 * ctx.state.rawBody (signature checks need them) and the parsed value on
 * ctx.state.body. Paths in `rawOnly` get the bytes but no JSON parsing.
 */
export function jsonBody(opts: { limit: number; rawOnly?: string[] }): AppMiddleware {
  return async (ctx, next) => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) return next();
    const declared = Number(ctx.get('content-length') || 0);
    if (declared > opts.limit) {
      throw new AppError('BODY_TOO_LARGE', `content-length ${declared} exceeds ${opts.limit}`);
    }
    const raw = await readLimited(ctx.req, opts.limit);
    ctx.state.rawBody = raw;
    if (opts.rawOnly?.some((p) => ctx.path === p)) return next();
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

function readLimited(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
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
        finish(new AppError('BODY_TOO_LARGE', `body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => finish(null, Buffer.concat(chunks)));
    stream.once('error', (err: Error) => finish(new AppError('VALIDATION_FAILED', `body read failed: ${err.message}`)));
  });
}
