// The route tree (code-based). Authentication is enforced in the pathless
// "authed" layout route: first-run setup → /setup, no session → /login.
import { Button, Card, Flex, Heading, Spinner, Text } from '@radix-ui/themes'
import type { QueryClient } from '@tanstack/react-query'
import {
  Outlet,
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
  useRouter,
  type ErrorComponentProps,
} from '@tanstack/react-router'
import { lazy } from 'react'
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
import { validateComponentsSearch } from './screens/components/search'
import { validateTemplatesSearch } from './screens/templates/search'

// Screens for members, invitations, passwords and settings are visited now
// and then: they load on demand (one chunk), keeping the first download small.
const AcceptInviteScreen = lazy(() => import('./screens/accountScreens').then((m) => ({ default: m.AcceptInviteScreen })))
const ResetPasswordScreen = lazy(() => import('./screens/accountScreens').then((m) => ({ default: m.ResetPasswordScreen })))
const ConfirmEmailScreen = lazy(() => import('./screens/accountScreens').then((m) => ({ default: m.ConfirmEmailScreen })))
// The Images screen (and the image library it carries) loads on demand.
// The editor is a large screen of its own: it loads on demand.
const EditorScreen = lazy(() => import('./editor/EditorScreen').then((m) => ({ default: m.EditorScreen })))
const AssetsScreen = lazy(() => import('./editor/assets/AssetsScreen').then((m) => ({ default: m.AssetsScreen })))

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
  // ?redirect= comes from the app; ?next= from a published site that needs
  // a signed-in member (the site server sends visitors here).
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search.redirect === 'string' ? { redirect: search.redirect } : typeof search.next === 'string' ? { redirect: search.next } : {},
  beforeLoad: async ({ context }) => {
    const status = await context.queryClient.ensureQueryData(setupQuery)
    if (status.setupRequired) throw redirect({ to: '/setup', replace: true })
  },
  component: function LoginRouteComponent() {
    const { redirect } = loginRoute.useSearch()
    return <LoginScreen redirect={redirect} />
  },
})

// Public pages opened from emailed links: no session needed (and none checked).
const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invite/$token',
  component: function InviteRouteComponent() {
    const { token } = inviteRoute.useParams()
    return <AcceptInviteScreen key={token} token={token} />
  },
})

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: lazyRouteComponent(() => import('./screens/accountScreens'), 'ForgotPasswordScreen'),
})

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password/$token',
  component: function ResetPasswordRouteComponent() {
    const { token } = resetPasswordRoute.useParams()
    return <ResetPasswordScreen key={token} token={token} />
  },
})

// Signed in, past first-run setup: else /setup or /login.
async function requireSession({ context, location }: { context: RouterContext; location: { href: string } }) {
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
}

const authedRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'authed',
  beforeLoad: requireSession,
  component: AppLayout,
})

// The editor takes the whole window: signed in, but without the app's layout.
const editorRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/pages/$pageId/edit',
  beforeLoad: requireSession,
  component: function EditorRouteComponent() {
    const { pageId } = editorRoute.useParams()
    return <EditorScreen key={pageId} pageId={pageId} />
  },
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

const siteAssetsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/sites/$siteId/assets',
  component: function SiteAssetsRouteComponent() {
    const { siteId } = siteAssetsRoute.useParams()
    return <AssetsScreen key={siteId} siteId={siteId} />
  },
})

// The design system editor: large and visited now and then, so on demand.
const designSystemRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/sites/$siteId/design',
  component: lazyRouteComponent(() => import('./screens/design-system'), 'DesignSystemRoute'),
})

// Publishing: environments, deployments and their live progress. Visited
// now and then, so the screens load on demand (one chunk).
const publishRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/sites/$siteId/publish',
  component: lazyRouteComponent(() => import('./screens/publish'), 'PublishRoute'),
})

const environmentRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/sites/$siteId/publish/$env',
  component: lazyRouteComponent(() => import('./screens/publish'), 'EnvironmentHistoryRoute'),
})

const environmentSettingsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/sites/$siteId/publish/$env/settings',
  component: lazyRouteComponent(() => import('./screens/publish'), 'EnvironmentSettingsRoute'),
})

const deploymentRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/sites/$siteId/deployments/$deploymentId',
  component: lazyRouteComponent(() => import('./screens/publish'), 'DeploymentRoute'),
})

// Forms: submissions of the site's published forms (on demand).
const formsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/sites/$siteId/forms',
  component: lazyRouteComponent(() => import('./screens/forms'), 'FormsRoute'),
})

// The template marketplace and a template's page (on demand, one chunk).
// The marketplace's filters live in the URL.
const templatesRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/templates',
  validateSearch: validateTemplatesSearch,
  component: lazyRouteComponent(() => import('./screens/templates'), 'TemplatesRoute'),
})

const templateRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/templates/$templateId',
  component: lazyRouteComponent(() => import('./screens/templates'), 'TemplateDetailRoute'),
})

// The reusable component library and a component's page (on demand, one
// chunk). The library's filters live in the URL.
const componentsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/components',
  validateSearch: validateComponentsSearch,
  component: lazyRouteComponent(() => import('./screens/components'), 'ComponentsRoute'),
})

const componentRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/components/$componentId',
  component: lazyRouteComponent(() => import('./screens/components'), 'ComponentDetailRoute'),
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

const membersRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/members',
  component: lazyRouteComponent(() => import('./screens/accountScreens'), 'MembersScreen'),
})

const profileRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/profile',
  component: lazyRouteComponent(() => import('./screens/accountScreens'), 'ProfileScreen'),
})

const emailSettingsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/settings/email',
  component: lazyRouteComponent(() => import('./screens/accountScreens'), 'EmailSettingsScreen'),
})

// Under the authenticated layout: the change belongs to the signed-in user.
const confirmEmailRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/confirm-email/$token',
  component: function ConfirmEmailRouteComponent() {
    const { token } = confirmEmailRoute.useParams()
    return <ConfirmEmailScreen key={token} token={token} />
  },
})

const notFoundRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '$',
  component: NotFoundScreen,
})

export const routeTree = rootRoute.addChildren([
  setupRoute,
  loginRoute,
  inviteRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  editorRoute,
  authedRoute.addChildren([
    indexRoute,
    sitesRoute,
    siteRoute,
    designSystemRoute,
    siteAssetsRoute,
    publishRoute,
    environmentRoute,
    environmentSettingsRoute,
    deploymentRoute,
    formsRoute,
    templatesRoute,
    templateRoute,
    componentsRoute,
    componentRoute,
    tokensRoute,
    auditRoute,
    membersRoute,
    profileRoute,
    emailSettingsRoute,
    confirmEmailRoute,
    notFoundRoute,
  ]),
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
