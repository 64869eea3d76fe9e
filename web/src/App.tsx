import { Theme } from '@radix-ui/themes'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { RouterProvider } from '@tanstack/react-router'
import { useState, type ReactNode } from 'react'
import { ApiError } from './api/client'
import { Toaster } from './components/Toaster'
import { AppearanceProvider, useAppearance } from './lib/appearance'
import { createAppRouter } from './router'

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // Client errors (4xx) will not fix themselves; retry only network and server errors.
        retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      },
    },
  })
}

function Themed({ children }: { children: ReactNode }) {
  const { appearance } = useAppearance()
  return (
    <Theme appearance={appearance} accentColor="teal" grayColor="slate" radius="medium" scaling="100%">
      {children}
    </Theme>
  )
}

export function App() {
  const [queryClient] = useState(createQueryClient)
  const [router] = useState(() => createAppRouter(queryClient))
  return (
    <AppearanceProvider>
      <Themed>
        <QueryClientProvider client={queryClient}>
          <Toaster>
            <RouterProvider router={router} />
          </Toaster>
        </QueryClientProvider>
      </Themed>
    </AppearanceProvider>
  )
}
