/**
 * Upload (console session, CSRF-checked by the console middleware, raw image body) and public serving
 * of images: `/media/images/<sha256>.<ext>` with `Cache-Control: public, max-age=31536000, immutable`
 * (the name is the content hash, so a cached copy is never stale).
 */
import type Router from '@koa/router';
import { api } from '@homeclub/shared';
import { requireAccess } from '../auth/guard';
import { AppError } from '../errors';
import type { AppContext, AppMiddleware, AppState } from '../http/context';
import type { AuditService } from '../../system/audit';
import { checkImage, type ImageStore } from './store';

export const IMAGE_UPLOAD_PATH = api.consoleUploadImage.path;
export const MEDIA_PREFIX = '/media/images/';

export function imageUploadRoute(router: Router<AppState>, deps: { images: ImageStore; audit: AuditService }): void {
  const c = api.consoleUploadImage;
  router.post(c.path, async (ctx: AppContext) => {
    const identity = requireAccess(ctx.state.identity, c.access)!;
    const bytes = ctx.state.rawBody ?? Buffer.alloc(0);
    if (bytes.length === 0) throw new AppError('IMAGE_TYPE_INVALID', 'empty upload');
    const type = checkImage(bytes, ctx.get('content-type'));
    const saved = await deps.images.save(bytes, type);
    await deps.audit.record(identity.memberId, 'image.upload', { key: saved.key, bytes: bytes.length, type });
    ctx.status = 201;
    ctx.body = c.response.parse({ ...saved, bytes: bytes.length, type });
  });
}

export function mediaServe(images: ImageStore): AppMiddleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(MEDIA_PREFIX) || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    const img = await images.open(ctx.path.slice(MEDIA_PREFIX.length));
    if (!img) {
      ctx.status = 404;
      ctx.body = 'not found';
      return;
    }
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('ETag', img.etag);
    if (ctx.get('if-none-match') === img.etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = img.type;
    ctx.body = img.bytes;
  };
}
