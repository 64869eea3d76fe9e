import { Avatar, Badge, Box, Button, Container, DropdownMenu, Flex, Separator, Text } from '@radix-ui/themes'
import { Link, Outlet, useNavigate } from '@tanstack/react-router'
import { ChevronDown, Component as ComponentIcon, KeyRound, LayoutTemplate, LogOut, Mail, Moon, ScrollText, Sun, LayoutGrid, UserRound, Users } from 'lucide-react'
import { useState, type ReactNode } from 'react'
import { setCsrfToken } from '../api/client'
import { useLogout } from '../api/queries'
import type { Role } from '../api/types'
import { useAppearance } from '../lib/appearance'
import { useCan, useSession } from '../lib/session'
import { Logo } from './Logo'
import { useToast } from './Toaster'

const roleLabel: Record<Role, string> = { admin: 'Admin', editor: 'Editor', viewer: 'Viewer' }
const roleColor = { admin: 'teal', editor: 'blue', viewer: 'gray' } as const

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean)
  const first = parts[0]?.[0] ?? '?'
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : ''
  return (first + last).toUpperCase()
}

function UserMenu() {
  const session = useSession()
  const { appearance, toggle } = useAppearance()
  const navigate = useNavigate()
  const logout = useLogout()
  const toast = useToast()
  const [loggingOut, setLoggingOut] = useState(false)
  const { user } = session

  const doLogout = async () => {
    setLoggingOut(true)
    try {
      await logout.mutateAsync()
    } catch (err) {
      // A 401 means the session had already ended: that is logged out too.
      if (!(err && typeof err === 'object' && 'status' in err && err.status === 401)) {
        setLoggingOut(false)
        toast.error('Could not log out', err instanceof Error ? err.message : undefined)
        return
      }
    }
    setCsrfToken('')
    // A full page load drops every cached response from memory.
    window.location.replace('/login')
  }

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger>
        <Button variant="ghost" color="gray" data-testid="user-menu" className="user-menu-trigger" loading={loggingOut}>
          <Avatar size="1" radius="full" fallback={initials(user.name)} color="teal" variant="solid" />
          <Text size="2" weight="medium" className="hide-on-mobile">
            {user.name}
          </Text>
          <ChevronDown size={14} />
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="end" sideOffset={6} style={{ minWidth: 240 }}>
        <Box px="3" py="2">
          <Flex align="center" justify="between" gap="3">
            <Text as="div" size="2" weight="bold" truncate>
              {user.name}
            </Text>
            <Badge color={roleColor[user.role]} variant="soft" radius="full">
              {roleLabel[user.role]}
            </Badge>
          </Flex>
          <Text as="div" size="1" color="gray" truncate>
            {user.email}
          </Text>
          <Text as="div" size="1" color="gray" truncate mt="1">
            {session.organization.name}
          </Text>
        </Box>
        <DropdownMenu.Separator />
        <DropdownMenu.Item onSelect={() => void navigate({ to: '/profile' })}>
          <UserRound size={14} /> Profile
        </DropdownMenu.Item>
        <DropdownMenu.Item onSelect={() => void navigate({ to: '/settings/tokens' })}>
          <KeyRound size={14} /> API tokens
        </DropdownMenu.Item>
        {session.permissions.includes('member:manage') && (
          <>
            <DropdownMenu.Separator />
            <DropdownMenu.Label>Admin</DropdownMenu.Label>
            <DropdownMenu.Item onSelect={() => void navigate({ to: '/settings/email' })}>
              <Mail size={14} /> Email settings
            </DropdownMenu.Item>
            <DropdownMenu.Separator />
          </>
        )}
        <DropdownMenu.Item
          onSelect={(e) => {
            e.preventDefault()
            toggle()
          }}
        >
          {appearance === 'dark' ? <Sun size={14} /> : <Moon size={14} />}
          {appearance === 'dark' ? 'Light theme' : 'Dark theme'}
        </DropdownMenu.Item>
        <DropdownMenu.Separator />
        <DropdownMenu.Item color="red" onSelect={() => void doLogout()}>
          <LogOut size={14} /> Log out
        </DropdownMenu.Item>
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  )
}

function NavLink({ to, icon, children }: { to: '/sites' | '/templates' | '/components' | '/audit' | '/members'; icon: ReactNode; children: string }) {
  return (
    <Link to={to} className="nav-link" activeProps={{ 'aria-current': 'page', className: 'nav-link active' }}>
      {icon}
      <span className="nav-label">{children}</span>
    </Link>
  )
}

export function AppLayout() {
  const can = useCan()
  const session = useSession()
  return (
    <Flex direction="column" minHeight="100vh">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="app-header">
        <Container size="4" px={{ initial: '4', sm: '6' }}>
          <Flex align="center" justify="between" gap="4" height="60px">
            <Flex align="center" gap="4" minWidth="0">
              <Link to="/sites" className="brand-link" aria-label="Pagewright home">
                <Logo textClassName="hide-on-mobile" />
              </Link>
              <Separator orientation="vertical" size="1" className="hide-on-mobile" />
              <Text size="2" color="gray" truncate className="hide-on-mobile" style={{ maxWidth: 220 }}>
                {session.organization.name}
              </Text>
              <nav aria-label="Main">
                <Flex gap="1" ml={{ initial: '0', sm: '3' }}>
                  <NavLink to="/sites" icon={<LayoutGrid size={15} />}>
                    Sites
                  </NavLink>
                  <NavLink to="/templates" icon={<LayoutTemplate size={15} />}>
                    Templates
                  </NavLink>
                  <NavLink to="/components" icon={<ComponentIcon size={15} />}>
                    Components
                  </NavLink>
                  {can('member:manage') && (
                    <NavLink to="/members" icon={<Users size={15} />}>
                      Members
                    </NavLink>
                  )}
                  {can('audit:view') && (
                    <NavLink to="/audit" icon={<ScrollText size={15} />}>
                      Audit log
                    </NavLink>
                  )}
                </Flex>
              </nav>
            </Flex>
            <UserMenu />
          </Flex>
        </Container>
      </header>
      <Box asChild flexGrow="1">
        <main id="main" tabIndex={-1}>
          <Container size="4" px={{ initial: '4', sm: '6' }} py={{ initial: '5', sm: '7' }}>
            <Outlet />
          </Container>
        </main>
      </Box>
    </Flex>
  )
}
