/**
 * Browser-only fixes for the H5 demo build.
 *
 * Taro's H5 tab bar draws each tab as <a href="javascript:;"> with a click
 * handler. Following such a link is an inline script, which our
 * Content-Security-Policy (script-src without 'unsafe-inline') refuses and
 * reports on every tab tap. The handler does the switching, so the link's
 * default action is cancelled before it happens (capture phase; the click
 * still reaches the handler).
 *
 * Taro's H5 <Button disabled> only stops the click's propagation from its
 * own listener, so React's onClick on the same element still runs: a greyed
 * 「积分不足」 opened its dialog. A click inside a disabled button is stopped
 * in the capture phase, before it reaches the button, as in WeChat.
 *
 * A page whose code fails to load asks to retry (chunk-retry.h5.ts).
 */
import { installChunkRetry } from './chunk-retry.h5';
import './browser-shell.h5.css';

export function installBrowserShell(): void {
  if (typeof document === 'undefined') return;
  installChunkRetry();
  document.addEventListener(
    'click',
    (event) => {
      // composedPath: the tab bar may render inside a shadow root.
      const onJsLink = event.composedPath().some((node) => node instanceof HTMLAnchorElement && node.href.startsWith('javascript:'));
      if (onJsLink) event.preventDefault();
      const inDisabledButton = event
        .composedPath()
        // the property, not the attribute: React leaves disabled="false" on an enabled button
        .some((node) => node instanceof Element && node.localName === 'taro-button-core' && (node as Element & { disabled?: unknown }).disabled === true);
      if (inDisabledButton) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    { capture: true },
  );
}
