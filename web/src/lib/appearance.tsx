// Light/dark appearance, persisted in localStorage. public/theme-init.js
// applies the saved choice before React loads.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'

export type Appearance = 'light' | 'dark'

const STORAGE_KEY = 'pagewright.appearance'

function initialAppearance(): Appearance {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved === 'light' || saved === 'dark') return saved
    return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
  } catch {
    return 'light'
  }
}

interface AppearanceContextValue {
  appearance: Appearance
  setAppearance: (a: Appearance) => void
  toggle: () => void
}

const AppearanceContext = createContext<AppearanceContextValue | null>(null)

export function AppearanceProvider({ children }: { children: ReactNode }) {
  const [appearance, setState] = useState<Appearance>(initialAppearance)

  useEffect(() => {
    const root = document.documentElement
    root.classList.remove('light', 'dark')
    root.classList.add(appearance)
    root.style.colorScheme = appearance
  }, [appearance])

  const setAppearance = useCallback((a: Appearance) => {
    setState(a)
    try {
      localStorage.setItem(STORAGE_KEY, a)
    } catch {
      // Private mode or storage disabled: the choice lasts for this tab only.
    }
  }, [])

  const value = useMemo(
    () => ({ appearance, setAppearance, toggle: () => setAppearance(appearance === 'dark' ? 'light' : 'dark') }),
    [appearance, setAppearance],
  )
  return <AppearanceContext.Provider value={value}>{children}</AppearanceContext.Provider>
}

export function useAppearance(): AppearanceContextValue {
  const ctx = useContext(AppearanceContext)
  if (!ctx) throw new Error('useAppearance must be used inside <AppearanceProvider>')
  return ctx
}
