/**
 * Taro copies the root project.config.json into dist/weapp with `miniprogramRoot: './'` but keeps
 * `cloudfunctionRoot` as written for the repository root. This plugin re-points it so that DevTools
 * finds the built functions whether it opens the repository root or dist/weapp itself.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { IPluginContext } from '@tarojs/service'

export default (ctx: IPluginContext) => {
  ctx.onBuildComplete(() => {
    if (process.env.TARO_ENV !== 'weapp') return
    const file = path.join(ctx.paths.outputPath, 'project.config.json')
    if (!fs.existsSync(file)) return
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>
    const rootCloud = String(config.cloudfunctionRoot ?? 'dist/cloudfunctions/')
    const absolute = path.resolve(ctx.paths.appPath, rootCloud)
    config.cloudfunctionRoot = `${path.relative(ctx.paths.outputPath, absolute).split(path.sep).join('/')}/`
    fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`)
  })
}
