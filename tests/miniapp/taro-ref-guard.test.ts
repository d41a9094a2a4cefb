/**
 * miniapp/config/taro-ref-guard.js: the H5 build guards Taro's Input/Textarea value watcher by its
 * element ref (a `value` set before the component's first render threw "reading 'value'" in e2e).
 * Applied to the installed @tarojs/components files the H5 build bundles.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { guardRefs } = require('../../miniapp/config/taro-ref-guard.js') as { guardRefs: (s: string, f?: string) => string };

const esm = path.dirname(require.resolve('@tarojs/components/dist/esm/loader.js'));
const file = (prefix: string) => path.join(esm, readdirSync(esm).find((f) => f.startsWith(prefix) && f.endsWith('.js'))!);

test.each([
  ['input-', 'this.inputRef && this.inputRef.value !== value'],
  ['textarea-', 'this.textareaRef && this.textareaRef.value !== value'],
])('the installed %s component gets its watcher guarded', (prefix, guarded) => {
  const source = readFileSync(file(prefix), 'utf8');
  expect(source).toContain('watchValue(newValue)');
  const out = guardRefs(source, prefix);
  expect(out).toContain(guarded);
  expect(out.replace(guarded, '')).not.toMatch(/if \(this\.(input|textarea)Ref\.value !== value\)/);
});

test('a file without a value watcher passes through; a watcher it does not know fails the build', () => {
  expect(guardRefs('export const x = 1;')).toBe('export const x = 1;');
  expect(() => guardRefs('watchValue(newValue) { this.ref.value = newValue; }', 'x.js')).toThrow(/no value watcher to guard in x\.js/);
});
