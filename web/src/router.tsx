// The route tree (code-based). Authentication is enforced in the pathless
// "authed" layout route: first-run setup → /setup, no session → /login.
import { Button, Card, Flex, Heading, Spinner, Text } from '@radix-ui/themes'
import type { QueryClient } from '@tanstack/react-query'
import {
  Outlet,
  createRootRouteWithContext,
  createRoute,
  createRouter,
  redirect,
  useRouter,
  type ErrorComponentProps,
} from '@tanstack/react-router'
import { ApiError } from './api/client'
import { sessionQuery, setupQuery } from './api/queries'
import { AppLayout } from './components/AppLayout'
import { ErrorCallout } from './components/ErrorCallout'
import { LogoMark } from './components/Logo'
import { AuditScreen } from './screens/AuditScreen'
import { LoginScreen } from './screens/LoginScreen'
import { NotFoundScreen } from './screens/NotFoundScreen'
import { SetupScreen } from './screens/SetupScreen'
import { SiteScreen } from './screens/SiteScreen'
import { SitesScreen } from './screens/SitesScreen'
import { TokensScreen } from './screens/TokensScreen'

export interface RouterContext {
  queryClient: QueryClient
}

function FullPageSpinner() {
  return (
    <Flex minHeight="100vh" align="center" justify="center" gap="3" role="status">
      <Spinner size="3" />
      <Text color="gray">Loading Pagewright…</Text>
    </Flex>
  )
}

function RootError({ error }: ErrorComponentProps) {
  const router = useRouter()
  return (
    <Flex minHeight="100vh" align="center" justify="center" p="4">
      <Card size="4" style={{ maxWidth: 480, width: '100%' }}>
        <Flex direction="column" gap="4">
          <Flex align="center" gap="3">
            <LogoMark size={32} />
            <Heading as="h1" size="5">
              Pagewright could not start
            </Heading>
          </Flex>
          <ErrorCallout error={error} />
          <Text size="2" color="gray">
            Check that the Pagewright server is running, then try again.
          </Text>
          <Flex justify="end">
            <Button onClick={() => void router.invalidate()}>Try again</Button>
          </Flex>
        </Flex>
      </Card>
    </Flex>
  )
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  errorComponent: RootError,
  pendingComponent: FullPageSpinner,
})

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  beforeLoad: async ({ context }) => {
    const status = await context.queryClient.fetchQuery(setupQuery)
    if (!status.setupRequired) throw redirect({ to: '/sites', replace: true })
  },
  component: SetupScreen,
})

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search.redirect === 'string' ? { redirect: search.redirect } : {},
  beforeLoad: async ({ context }) => {
    const status = await context.queryClient.ensureQueryData(setupQuery)
    if (status.setupRequired) throw redirect({ to: '/setup', replace: true })
  },
  component: function LoginRouteComponent() {
    const { redirect } = loginRoute.useSearch()
    return <LoginScreen redirect={redirect} />
  },
})

const authedRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'authed',
  beforeLoad: async ({ context, location }) => {
    const { queryClient } = context
    const status = await queryClient.ensureQueryData(setupQuery)
    if (status.setupRequired) throw redirect({ to: '/setup', replace: true })
    try {
      await queryClient.ensureQueryData(sessionQuery)
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        throw redirect({ to: '/login', search: { redirect: location.href }, replace: true })
      }
      throw err
    }
  },
  component: AppLayout,
})

const indexRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/sites', replace: true })
  },
})

const sitesRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/sites',
  component: SitesScreen,
})

const siteRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/sites/$siteId',
  component: function SiteRouteComponent() {
    const { siteId } = siteRoute.useParams()
    return <SiteScreen key={siteId} siteId={siteId} />
  },
})

const tokensRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/settings/tokens',
  component: TokensScreen,
})

const auditRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/audit',
  component: AuditScreen,
})

const notFoundRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '$',
  component: NotFoundScreen,
})

export const routeTree = rootRoute.addChildren([
  setupRoute,
  loginRoute,
  authedRoute.addChildren([indexRoute, sitesRoute, siteRoute, tokensRoute, auditRoute, notFoundRoute]),
])

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    // Data freshness is TanStack Query's job; the router just runs loaders.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  })
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>
  }
}
