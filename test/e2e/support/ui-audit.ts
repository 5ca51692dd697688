/**
 * In-page measurement of the design's size rules on the H5 build, in CSS px at a 375 px wide viewport
 * (which equals mini-program px: designWidth 750 → 2 design units per px). Every visible tappable element
 * (buttons, links, role=button, the tab bar's items, and any element React gave an onClick) must be at
 * least 44×44 px; every visible text must be at least 14 px. Runs inside the page via page.evaluate, so
 * it must stay self-contained (no imports, no closures over module scope).
 */
import type { Page } from 'playwright-core'

export interface UiViolation {
  rule: 'tap-target' | 'text-size'
  /** Short description of the element: tag, classes and its text. */
  element: string
  /** What was measured, e.g. "320×29" or "10px". */
  measured: string
}

export const MIN_TAP_PX = 44
export const MIN_TEXT_PX = 14

export async function auditPage(page: Page): Promise<UiViolation[]> {
  return page.evaluate(
    ({ minTap, minText }) => {
      const out: { rule: 'tap-target' | 'text-size'; element: string; measured: string }[] = []
      const describe = (el: Element) => {
        const cls = typeof el.className === 'string' ? el.className.split(/\s+/).filter((c) => c.startsWith('nx-') || /^[a-z]{2,3}-/.test(c)).slice(0, 3).join('.') : ''
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24)
        return `${el.tagName.toLowerCase()}${cls ? '.' + cls : ''} "${text}"`
      }
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect()
        if (r.width === 0 || r.height === 0) return false
        for (let e: Element | null = el; e; e = e.parentElement) {
          const s = getComputedStyle(e)
          if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false
        }
        return true
      }
      const hasReactClick = (el: Element) => {
        const key = Object.keys(el).find((k) => k.startsWith('__reactProps$'))
        if (!key) return false
        const props = (el as unknown as Record<string, { onClick?: unknown; onTap?: unknown } | undefined>)[key]
        return typeof props?.onClick === 'function' || typeof props?.onTap === 'function'
      }
      const isTappable = (el: Element) =>
        el.matches('button, a[href], [role=button], taro-button-core, .taro-button-core, .weui-tabbar__item, taro-navigator-core, taro-checkbox-core, taro-radio-core, taro-switch-core') || hasReactClick(el)

      const seen = new Set<Element>()
      for (const el of Array.from(document.body.querySelectorAll('*'))) {
        if (!isTappable(el) || !visible(el)) continue
        // A handler nested inside a tappable element of the same handler's target (Taro's Button wraps its
        // own host element) counts once, at the outer element.
        if (el.parentElement && seen.has(el.parentElement) && el.getBoundingClientRect().height <= el.parentElement.getBoundingClientRect().height) {
          seen.add(el)
          continue
        }
        seen.add(el)
        const r = el.getBoundingClientRect()
        if (r.width < minTap - 0.5 || r.height < minTap - 0.5) out.push({ rule: 'tap-target', element: describe(el), measured: `${Math.round(r.width)}×${Math.round(r.height)}` })
      }

      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
      const reported = new Set<Element>()
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const parent = n.parentElement
        if (!parent || reported.has(parent) || !(n.textContent ?? '').trim()) continue
        if (parent.closest('script, style, noscript')) continue
        if (!visible(parent)) continue
        const size = parseFloat(getComputedStyle(parent).fontSize)
        if (size < minText - 0.05) {
          reported.add(parent)
          out.push({ rule: 'text-size', element: describe(parent), measured: `${size}px` })
        }
      }
      return out
    },
    { minTap: MIN_TAP_PX, minText: MIN_TEXT_PX },
  )
}
