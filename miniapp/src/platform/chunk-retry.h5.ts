/**
 * H5 only: a page whose code cannot be fetched (offline, a flaky network) asks to retry instead of doing nothing.
 *
 * Taro's H5 router loads every page as a webpack chunk (`import()` → `__webpack_require__.e(id)`) and, when that
 * fails, throws the ChunkLoadError out of its history listener: the tap on a tab does nothing and the error ends up
 * unhandled. Here chunk loading is wrapped: a failed load shows one full-screen notice
 * (`#chunk-error`, 「网络不给力，页面没有加载出来」 + 重试) and the load stays pending; 重试 loads the chunk again
 * (webpack forgets a failed chunk, so the retry fetches it anew), and when it arrives the router carries on with the
 * navigation it started, as if the network had only been slow. A retry that fails again shows the notice again.
 * Only chunk load errors are held; anything else is passed on unchanged.
 */
declare const __webpack_require__: { e: (chunkId: string | number) => Promise<unknown> };

export const CHUNK_ERROR_ID = 'chunk-error';

const BOX_STYLE =
  'position:fixed;left:0;top:0;right:0;bottom:0;z-index:3000;background:#f5f5f5;display:flex;flex-direction:column;' +
  'align-items:center;justify-content:center;padding:0 32px;text-align:center;font-size:15px;color:#333333;';
const TITLE_STYLE = 'font-size:17px;font-weight:600;margin:0 0 8px;';
const DESC_STYLE = 'color:#888888;margin:0 0 24px;';
const BUTTON_STYLE =
  'min-width:140px;height:40px;border:0;border-radius:20px;background:#07c160;color:#ffffff;font-size:15px;cursor:pointer;';

function isChunkLoadError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ChunkLoadError' || /Loading (CSS )?chunk .* failed/.test(err.message));
}

/** Loads waiting for 重试; all of them retry on one tap. */
let waiting: Array<() => void> = [];

function showNotice(): void {
  if (document.getElementById(CHUNK_ERROR_ID)) return;
  const box = document.createElement('div');
  box.id = CHUNK_ERROR_ID;
  box.setAttribute('role', 'alert');
  box.style.cssText = BOX_STYLE;
  const title = document.createElement('p');
  title.textContent = '网络不给力，页面没有加载出来';
  title.style.cssText = TITLE_STYLE;
  const desc = document.createElement('p');
  desc.textContent = '请检查网络连接后重试';
  desc.style.cssText = DESC_STYLE;
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.id = 'chunk-error-retry';
  retry.textContent = '重试';
  retry.style.cssText = BUTTON_STYLE;
  retry.addEventListener('click', () => {
    box.remove();
    const resume = waiting;
    waiting = [];
    for (const go of resume) go();
  });
  box.append(title, desc, retry);
  document.body.appendChild(box);
}

export function installChunkRetry(): void {
  if (typeof __webpack_require__ === 'undefined' || typeof __webpack_require__.e !== 'function') return;
  const load = __webpack_require__.e;
  const loadWithRetry = (chunkId: string | number): Promise<unknown> =>
    load(chunkId).catch((err: unknown) => {
      if (!isChunkLoadError(err)) throw err;
      return new Promise<void>((resume) => {
        waiting.push(resume);
        showNotice();
      }).then(() => loadWithRetry(chunkId));
    });
  __webpack_require__.e = loadWithRetry;
}
