/**
 * Taro build configuration for both targets: the WeChat mini-program (dist/weapp, opened by DevTools
 * through the root project.config.json) and the H5 app (dist/h5, served by the local emulator).
 * Written by hand because `taro init` needs the network; see shared reference/toolchain.md.
 */
import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

export default defineConfig<'webpack5'>(async (merge) => {
  const target = process.env.TARO_ENV === 'h5' ? 'h5' : 'weapp'
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'nuanxin',
    date: '2025-1-1',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${target}`,
    plugins: [path.resolve(__dirname, 'plugins/weapp-project-config.ts')],
    alias: { '@': path.resolve(__dirname, '..', 'src') },
    defineConstants: {
      // The CloudBase environment id for Taro.cloud.init; empty means WeChat's default environment.
      CLOUD_ENV: JSON.stringify(process.env.TARO_APP_CLOUD_ENV ?? ''),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    // A persistent cache would outlive source edits made by parallel engineers; builds are ~10 s anyway.
    cache: { enable: false },
    mini: {
      // Modules shared only by subpackages stay in those subpackages instead of swelling the main one.
      optimizeMainPackage: { enable: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Hash routing works whether or not the server falls back to index.html for unknown paths.
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      devServer: { host: '127.0.0.1' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  return merge({}, baseConfig, process.env.NODE_ENV === 'development' ? devConfig : prodConfig)
})
