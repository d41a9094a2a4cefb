/**
 * Taro build config (webpack5). Builds land in dist/<TARO_ENV> (dist/h5, dist/weapp).
 * - The @homeclub/shared workspace ships TS source, so it is added to compile.include.
 * - React is pinned to one copy (the root pins React 18 too, because
 *   Taro 4 needs 18), including react/jsx-runtime used by
 *   @tarojs/components-react on H5.
 * - On H5, packages hoisted to the root must still find miniapp/node_modules
 *   (@tarojs/plugin-framework-react lives there).
 * - API_BASE: '' (same origin) on H5; TARO_APP_API_BASE or http://127.0.0.1:3100 on weapp.
 * - API_ROUTES: the contract's route table without its zod schemas (config/routes.ts).
 */
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';
import { contractRouteTable } from './routes';

const root = path.resolve(__dirname, '..');
const sharedDir = path.dirname(require.resolve('@homeclub/shared/package.json', { paths: [root] }));
const reactDir = path.dirname(require.resolve('react/package.json', { paths: [root] }));
const reactDomDir = path.dirname(require.resolve('react-dom/package.json', { paths: [root] }));
const frameworkReactDir = path.dirname(
  require.resolve('@tarojs/plugin-framework-react/package.json', { paths: [root] }),
);

export default defineConfig<'webpack5'>(async (merge) => {
  const taroEnv = process.env.TARO_ENV ?? 'weapp';
  const apiBase = taroEnv === 'h5' ? '' : process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3100';

  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'homeclub-miniapp',
    date: '2026-11-22',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${taroEnv}`,
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
      API_ROUTES: JSON.stringify(contractRouteTable()),
    },
    alias: {
      '@': path.resolve(root, 'src'),
      'react/jsx-runtime': path.join(reactDir, 'jsx-runtime.js'),
      'react/jsx-dev-runtime': path.join(reactDir, 'jsx-dev-runtime.js'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedDir] },
      // weapp main-package budget (≤ 400 KB): base.wxml and page templates without indentation, and
      // 8 template levels instead of 16 (deeper trees continue in Taro's recursive comp component).
      minifyXML: { collapseWhitespace: true },
      ...({ baseLevel: 8 } as object), // read by Taro's MiniPlugin, absent from its types
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedDir] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        // One React on H5, whatever npm hoists.
        chain.resolve.alias.set('react-dom$', reactDomDir);
        chain.resolve.alias.set('react-dom/client$', path.join(reactDomDir, 'client.js'));
        // @tarojs/taro-h5 (hoisted to the root) imports the React runtime plugin,
        // which npm installed under miniapp/node_modules next to React 18.
        chain.resolve.alias.set('@tarojs/plugin-framework-react', frameworkReactDir);
        // Taro's H5 Input/Textarea value watcher before the first render (config/taro-ref-guard.js)
        chain.module
          .rule('taro-ref-guard')
          .test(/[\\/]@tarojs[\\/]components[\\/]dist[\\/].*(input|textarea)[^\\/]*\.js$/)
          .use('taro-ref-guard')
          .loader(path.join(__dirname, 'taro-ref-guard.js'));
        chain.performance.hints(false);
        chain.resolve.modules.add('node_modules').add(path.join(root, 'node_modules'));
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
