// Transient success/error notices (bottom-right), on Radix's accessible
// Toast primitive. Errors that belong to a form are shown in place instead.
import { Flex, IconButton, Text } from '@radix-ui/themes'
import { CircleAlert, CircleCheck, X } from 'lucide-react'
import { Toast } from 'radix-ui'
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react'

type ToastKind = 'success' | 'error'

interface ToastItem {
  id: number
  kind: ToastKind
  title: string
  description?: string
}

interface ToastApi {
  success: (title: string, description?: string) => void
  error: (title: string, description?: string) => void
}

const ToastContext = createContext<ToastApi | null>(null)

export function Toaster({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([])
  const nextId = useRef(1)

  const push = useCallback((kind: ToastKind, title: string, description?: string) => {
    const id = nextId.current++
    setItems((prev) => [...prev.slice(-1), { id, kind, title, description }])
  }, [])

  const api = useMemo<ToastApi>(
    () => ({
      success: (t, d) => push('success', t, d),
      error: (t, d) => push('error', t, d),
    }),
    [push],
  )

  const remove = (id: number) => setItems((prev) => prev.filter((t) => t.id !== id))

  return (
    <ToastContext.Provider value={api}>
      <Toast.Provider swipeDirection="right" duration={4000}>
        {children}
        {items.map((t) => (
          <Toast.Root
            key={t.id}
            className="toast"
            data-kind={t.kind}
            type={t.kind === 'error' ? 'foreground' : 'background'}
            onOpenChange={(open) => {
              if (!open) remove(t.id)
            }}
          >
            <Flex gap="3" align="start">
              <Text color={t.kind === 'error' ? 'red' : 'green'} style={{ display: 'flex', paddingTop: 2 }}>
                {t.kind === 'error' ? <CircleAlert size={18} /> : <CircleCheck size={18} />}
              </Text>
              <Flex direction="column" gap="1" flexGrow="1">
                <Toast.Title asChild>
                  <Text size="2" weight="bold">
                    {t.title}
                  </Text>
                </Toast.Title>
                {t.description && (
                  <Toast.Description asChild>
                    <Text size="2" color="gray">
                      {t.description}
                    </Text>
                  </Toast.Description>
                )}
              </Flex>
              <Toast.Close asChild>
                <IconButton size="1" variant="ghost" color="gray" aria-label="Dismiss notification">
                  <X size={14} />
                </IconButton>
              </Toast.Close>
            </Flex>
          </Toast.Root>
        ))}
        <Toast.Viewport className="toast-viewport" />
      </Toast.Provider>
    </ToastContext.Provider>
  )
}

export function useToast(): ToastApi {
  const ctx = useContext(ToastContext)
  if (!ctx) throw new Error('useToast must be used inside <Toaster>')
  return ctx
}
