/**
 * The simulator (server/simulator) as its own part: no import cycle inside it,
 * the server's code never imports it (only the demo launcher in cli/ does, to
 * run it beside the server; the clients reach it over HTTP), and every file
 * stays within 300 lines. Imports are read with the TypeScript scanner, so
 * type-only imports count too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');
const simDir = path.join(root, 'server/simulator');
const srcDir = path.join(root, 'server/src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : tsFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports of a file, resolved to files (`./x` → x.ts or x/index.ts). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => {
      const base = path.resolve(path.dirname(file), spec);
      for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
        try {
          if (statSync(candidate).isFile()) return candidate;
        } catch {
          /* next candidate */
        }
      }
      return base;
    });
}

/** Every cycle found by a depth-first walk, each as a list of files. */
export function findCycles(files: string[]): string[][] {
  const inside = new Set(files);
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((d) => inside.has(d))]));
  const cycles: string[][] = [];
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'active');
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 'active') cycles.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

const rel = (f: string) => path.relative(root, f);

test('the walk finds a cycle when there is one (a.ts → b.ts → a.ts)', () => {
  const dir = path.join(root, 'tests/server/fixtures/import-cycle');
  expect(findCycles(tsFiles(dir)).map((c) => c.map((f) => path.basename(f)))).toEqual([['a.ts', 'b.ts', 'a.ts']]);
});

test('the simulator has no import cycle', () => {
  const files = tsFiles(simDir);
  expect(files.length).toBeGreaterThan(15);
  expect(findCycles(files).map((c) => c.map(rel))).toEqual([]);
});

test('the server never imports the simulator, except the demo launcher in cli/', () => {
  const offenders = tsFiles(srcDir)
    .filter((f) => !f.startsWith(path.join(srcDir, 'cli') + path.sep))
    .filter((f) => importsOf(f).some((d) => d.startsWith(simDir + path.sep) || d === simDir))
    .map(rel);
  expect(offenders).toEqual([]);
});

test('every simulator file is at most 300 lines', () => {
  const long = tsFiles(simDir)
    .map((f) => [rel(f), readFileSync(f, 'utf8').split('\n').length] as const)
    .filter(([, n]) => n > 300);
  expect(long).toEqual([]);
});
