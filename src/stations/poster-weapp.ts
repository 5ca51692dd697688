/**
 * Mini-program: draws the station poster on an offscreen 2D canvas at print resolution, exports it to a
 * temp PNG and saves it to the album (the manager prints it from there).
 */
import Taro from '@tarojs/taro'
import { canvasMeasure, drawPoster, type Poster2D } from './poster-draw'
import { A4_300DPI, posterLayout, type PosterInput } from './poster-layout'

export async function savePosterToAlbum(input: PosterInput, codeUrl: string): Promise<void> {
  const { tempFilePath: codePath } = await Taro.downloadFile({ url: codeUrl })
  const canvas = Taro.createOffscreenCanvas({ type: '2d', width: A4_300DPI.width, height: A4_300DPI.height }) as unknown as {
    getContext(kind: '2d'): Poster2D
    createImage(): { src: string; onload: () => void; onerror: () => void }
  }
  const ctx = canvas.getContext('2d')
  const code = canvas.createImage()
  await new Promise<void>((resolve, reject) => {
    code.onload = resolve
    code.onerror = () => reject(new Error('code image'))
    code.src = codePath
  })
  drawPoster(ctx, posterLayout(input, canvasMeasure(ctx, true)), code)
  const { tempFilePath } = await Taro.canvasToTempFilePath({ canvas: canvas as never, fileType: 'png', destWidth: A4_300DPI.width, destHeight: A4_300DPI.height } as never)
  await Taro.saveImageToPhotosAlbum({ filePath: tempFilePath })
}
