import { createContext, useContext } from 'react'
import type { Lookup, ThemedToken } from './tokenTree'

/** What every token editor on the screen needs: the draft as the chosen theme shows it, and the edits. */
export interface DesignEditor {
  /** The theme being shown and edited ("light" is the base set). */
  theme: string
  /** Every theme, the base (light) first. */
  themes: string[]
  readOnly: boolean
  /** The draft's tokens as the theme shows them. */
  tokens: ThemedToken[]
  /** Resolves paths in the theme being shown. */
  lookup: Lookup
  /** Resolves paths in each theme (for the small per-theme swatches). */
  lookups: Record<string, Lookup>
  /** The server's complaint about a token after a failed save, if any. */
  errorFor: (path: string) => string
  /** Sets a value: in the base set for light, else as the theme's override. */
  setValue: (path: string, value: unknown) => void
  /** Drops the theme's override so the token follows the base set again. */
  resetOverride: (path: string) => void
  /** Asks to delete a token of the base set (with a confirmation). */
  requestDelete: (path: string) => void
  /** Opens the "add token" dialog with a path prefix and type. */
  requestAdd: (prefix: string, type: string) => void
}

export const DesignEditorContext = createContext<DesignEditor | null>(null)

export function useDesignEditor(): DesignEditor {
  const ctx = useContext(DesignEditorContext)
  if (!ctx) throw new Error('useDesignEditor must be used inside the design system screen')
  return ctx
}

/** "high-contrast" → "High contrast". */
export function themeLabel(theme: string): string {
  if (theme === 'light') return 'Light'
  const s = theme.replace(/-/g, ' ')
  return s.charAt(0).toUpperCase() + s.slice(1)
}
