/**
 * Webpack loader for @tarojs/components' H5 Input and Textarea (Stencil web components).
 * Their `value` watcher writes to the inner <input>/<textarea> ref, but Stencil arms watchers as soon
 * as the element is constructed, before the first render creates that ref: a `value` React sets in
 * that window (a prefill landing while the component's chunk loads, seen under CI load) throws
 * "Cannot read properties of undefined (reading 'value')". Before the first render the watcher has
 * nothing to do — render() uses the current `value` prop — so the write is guarded by the ref.
 * A Taro upgrade that changes these lines fails the build here instead of silently losing the guard.
 */
const GUARDS = [
  ['if (this.inputRef.value !== value) {', 'if (this.inputRef && this.inputRef.value !== value) {'],
  ['if (this.textareaRef.value !== value) {', 'if (this.textareaRef && this.textareaRef.value !== value) {'],
];

function guardRefs(source, file = '') {
  if (!source.includes('watchValue(newValue)')) return source;
  let out = source;
  let applied = 0;
  for (const [from, to] of GUARDS) {
    if (out.includes(from)) {
      out = out.split(from).join(to);
      applied += 1;
    }
  }
  if (applied === 0) throw new Error(`taro-ref-guard: no value watcher to guard in ${file} (did @tarojs/components change?)`);
  return out;
}

module.exports = function taroRefGuard(source) {
  return guardRefs(source, this.resourcePath);
};
module.exports.guardRefs = guardRefs;
