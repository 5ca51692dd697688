/**
 * Turns a SheetTable (src/district/sheets.ts) into .xlsx bytes with exceljs: the title merged across
 * the columns, a bold header row frozen under it, then the data. exceljs is loaded on first use, so the
 * registry's ordinary actions do not pay for parsing it on a cold start (~2.6 MB of the bundle).
 */
import type { SheetTable } from '../../src/district/sheets'

export async function tableToXlsx(table: SheetTable): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  wb.creator = '暖新'
  const ws = wb.addWorksheet(table.sheetName)
  ws.columns = table.columns.map((c) => ({ width: c.width }))
  const title = ws.addRow([table.title])
  title.font = { bold: true, size: 14 }
  ws.mergeCells(1, 1, 1, Math.max(1, table.columns.length))
  const header = ws.addRow(table.columns.map((c) => c.header))
  header.font = { bold: true }
  header.alignment = { vertical: 'middle', wrapText: true }
  for (const row of table.rows) ws.addRow(row)
  ws.views = [{ state: 'frozen', ySplit: 2 }]
  return Buffer.from(await wb.xlsx.writeBuffer())
}
