/** The shell's hand-made components; importing from here also brings in their one stylesheet. */
import './components.scss'

export { Button, type ButtonProps } from './Button'
export { Card } from './Card'
export { Empty } from './Empty'
export { LoadMore } from './LoadMore'
export { ErrorState } from './ErrorState'
export { Page } from './Page'
export { PrivacySheet } from './PrivacySheet'
export { QueryView } from './QueryView'
export { Skeleton } from './Skeleton'
export { ReasonPrompt, MIN_REASON_CHARS, type ReasonPromptProps } from './ReasonPrompt'
export { Tag, type TagTone } from './Tag'
