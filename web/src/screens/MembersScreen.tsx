import {
  Avatar,
  Badge,
  Box,
  Button,
  Card,
  DropdownMenu,
  Flex,
  Heading,
  IconButton,
  Select,
  Skeleton,
  Table,
  Text,
  TextField,
} from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { useNavigate } from '@tanstack/react-router'
import {
  Ban,
  KeyRound,
  Mail,
  MailCheck,
  MailX,
  MoreHorizontal,
  RefreshCw,
  RotateCcw,
  Search,
  ShieldCheck,
  UserCog,
  UserMinus,
  UserPlus,
  UserRound,
  Users,
} from 'lucide-react'
import { useEffect, useState } from 'react'
import { errorMessage } from '../api/client'
import { membersQuery, pendingInvitationsQuery, useResendInvitation, useRevokeInvitation } from '../api/members'
import type { Invitation, InvitationWithLink, Member, MemberQuery, MemberStatus, Role } from '../api/types'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { EmptyState } from '../components/EmptyState'
import { ErrorCallout } from '../components/ErrorCallout'
import { PageHeader } from '../components/PageHeader'
import { useToast } from '../components/Toaster'
import { formatDateTime, relativeTime } from '../lib/format'
import { accessSummary, initials } from '../lib/members'
import { ROLES, ROLE_COLOR, ROLE_LABEL, isRole } from '../lib/roles'
import { useCan, useSession } from '../lib/session'
import { InvitationLinkDialog } from './members/InvitationLink'
import { InviteMemberDialog } from './members/InviteMemberDialog'
import { MemberActionDialog, type MemberAction } from './members/MemberDialogs'

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return debounced
}

function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge color={ROLE_COLOR[role]} variant="soft" radius="full">
      {ROLE_LABEL[role]}
    </Badge>
  )
}

function StatusBadge({ status }: { status: MemberStatus }) {
  return status === 'active' ? (
    <Badge color="green" variant="soft" radius="full">
      Active
    </Badge>
  ) : (
    <Badge color="red" variant="soft" radius="full">
      Deactivated
    </Badge>
  )
}

function MemberActions({ member, isSelf, onAction }: { member: Member; isSelf: boolean; onAction: (a: MemberAction) => void }) {
  const navigate = useNavigate()
  const name = member.name || member.email
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger>
        <IconButton variant="ghost" color="gray" aria-label={`Actions for ${name}`} data-testid="member-actions">
          <MoreHorizontal size={16} />
        </IconButton>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="end" style={{ minWidth: 200 }}>
        <DropdownMenu.Item onSelect={() => onAction('role')}>
          <UserCog size={14} /> Change role
        </DropdownMenu.Item>
        <DropdownMenu.Item onSelect={() => onAction('access')}>
          <ShieldCheck size={14} /> Manage access
        </DropdownMenu.Item>
        {isSelf ? (
          <DropdownMenu.Item onSelect={() => void navigate({ to: '/profile' })}>
            <UserRound size={14} /> Edit your profile
          </DropdownMenu.Item>
        ) : (
          <>
            {member.status === 'active' && (
              <DropdownMenu.Item onSelect={() => onAction('reset')}>
                <KeyRound size={14} /> Reset password
              </DropdownMenu.Item>
            )}
            <DropdownMenu.Separator />
            {member.status === 'active' ? (
              <DropdownMenu.Item onSelect={() => onAction('deactivate')}>
                <Ban size={14} /> Deactivate
              </DropdownMenu.Item>
            ) : (
              <DropdownMenu.Item onSelect={() => onAction('reactivate')}>
                <RotateCcw size={14} /> Reactivate
              </DropdownMenu.Item>
            )}
            <DropdownMenu.Item color="red" onSelect={() => onAction('remove')}>
              <UserMinus size={14} /> Remove
            </DropdownMenu.Item>
          </>
        )}
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  )
}

function MembersTable({
  members,
  selfId,
  onAction,
}: {
  members: Member[]
  selfId: string
  onAction: (a: MemberAction, m: Member) => void
}) {
  return (
    <Card size="1" className="table-card">
      <Table.Root variant="ghost" size="2">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeaderCell>Member</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>Role</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>Last sign-in</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>Access</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>
              <span className="visually-hidden">Actions</span>
            </Table.ColumnHeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {members.map((m) => {
            const isSelf = m.id === selfId
            return (
              <Table.Row key={m.id} align="center" data-testid="member-row" data-email={m.email}>
                <Table.RowHeaderCell>
                  <Flex align="center" gap="3" minWidth="0">
                    <Avatar
                      size="2"
                      radius="full"
                      fallback={initials(m.name || m.email)}
                      color={m.status === 'active' ? 'teal' : 'gray'}
                    />
                    <Box minWidth="0">
                      <Flex align="center" gap="2">
                        <Text weight="medium" truncate color={m.status === 'active' ? undefined : 'gray'}>
                          {m.name || m.email}
                        </Text>
                        {isSelf && (
                          <Badge color="gray" variant="outline" radius="full" size="1">
                            You
                          </Badge>
                        )}
                      </Flex>
                      <Text as="div" size="1" color="gray" truncate>
                        {m.email}
                      </Text>
                    </Box>
                  </Flex>
                </Table.RowHeaderCell>
                <Table.Cell>
                  <RoleBadge role={m.role} />
                </Table.Cell>
                <Table.Cell>
                  <StatusBadge status={m.status} />
                </Table.Cell>
                <Table.Cell>
                  {m.lastLoginAt ? (
                    <Text size="2" title={formatDateTime(m.lastLoginAt)} wrap="nowrap">
                      {relativeTime(m.lastLoginAt)}
                    </Text>
                  ) : (
                    <Text size="2" color="gray">
                      Never
                    </Text>
                  )}
                </Table.Cell>
                <Table.Cell>
                  <Flex direction="column" gap="0" data-testid="member-access">
                    {accessSummary(m).map((line, i) => (
                      <Text key={i} size={i === 0 ? '2' : '1'} color={i === 0 ? undefined : 'gray'}>
                        {line}
                      </Text>
                    ))}
                  </Flex>
                </Table.Cell>
                <Table.Cell justify="end">
                  <MemberActions member={m} isSelf={isSelf} onAction={(a) => onAction(a, m)} />
                </Table.Cell>
              </Table.Row>
            )
          })}
        </Table.Body>
      </Table.Root>
    </Card>
  )
}

function EmailStatus({ invitation }: { invitation: Invitation }) {
  switch (invitation.emailStatus) {
    case 'sent':
      return (
        <Badge color="green" variant="soft" radius="full">
          <MailCheck size={12} /> Emailed
        </Badge>
      )
    case 'failed':
      return (
        <Flex direction="column" gap="1" align="start">
          <Badge color="red" variant="soft" radius="full">
            <MailX size={12} /> Email failed
          </Badge>
          {invitation.emailError && (
            <Text size="1" color="red" style={{ maxWidth: 260 }} data-testid="invitation-email-error">
              {invitation.emailError}
            </Text>
          )}
        </Flex>
      )
    default:
      return (
        <Badge color="gray" variant="soft" radius="full" title="Email is not set up: share the link yourself.">
          <Mail size={12} /> Link only
        </Badge>
      )
  }
}

function InvitationsSection({ invitations }: { invitations: Invitation[] }) {
  const toast = useToast()
  const resend = useResendInvitation()
  const revoke = useRevokeInvitation()
  const [resendingId, setResendingId] = useState('')
  const [shownLink, setShownLink] = useState<InvitationWithLink | null>(null)
  const [revoking, setRevoking] = useState<Invitation | null>(null)

  const doResend = (inv: Invitation) => {
    setResendingId(inv.id)
    resend.mutate(inv.id, {
      onSuccess: (res) => {
        if (res.invitation.emailStatus === 'sent') {
          toast.success('Invitation sent again', `A new link is on its way to ${res.invitation.email}. The old one no longer works.`)
        } else {
          setShownLink(res)
        }
      },
      onError: (err) => toast.error('Could not resend the invitation', errorMessage(err)),
      onSettled: () => setResendingId(''),
    })
  }

  return (
    <Box mt="6">
      <Flex align="center" gap="2" mb="3">
        <Heading as="h2" size="4">
          Pending invitations
        </Heading>
        <Badge color="gray" variant="soft" radius="full">
          {invitations.length}
        </Badge>
      </Flex>
      <Card size="1" className="table-card">
        <Table.Root variant="ghost" size="2">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Email</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Role</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Invited</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Expires</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Delivery</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>
                <span className="visually-hidden">Actions</span>
              </Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {invitations.map((inv) => (
              <Table.Row key={inv.id} align="center" data-testid="invitation-row" data-email={inv.email}>
                <Table.RowHeaderCell>
                  <Flex align="center" gap="2">
                    <Text weight="medium">{inv.email}</Text>
                    <Badge color="amber" variant="soft" radius="full">
                      Invited
                    </Badge>
                  </Flex>
                  {inv.grants.length > 0 && (
                    <Text as="div" size="1" color="gray">
                      {inv.grants.map((g) => `${ROLE_LABEL[g.role]} on ${g.resourceName || 'a site'}`).join(' · ')}
                    </Text>
                  )}
                </Table.RowHeaderCell>
                <Table.Cell>
                  <RoleBadge role={inv.role} />
                </Table.Cell>
                <Table.Cell>
                  <Text as="div" size="2" title={formatDateTime(inv.createdAt)} wrap="nowrap">
                    {relativeTime(inv.createdAt)}
                  </Text>
                  {inv.invitedBy?.name && (
                    <Text as="div" size="1" color="gray" wrap="nowrap">
                      by {inv.invitedBy.name}
                    </Text>
                  )}
                </Table.Cell>
                <Table.Cell>
                  <Text size="2" title={formatDateTime(inv.expiresAt)} wrap="nowrap">
                    {relativeTime(inv.expiresAt)}
                  </Text>
                </Table.Cell>
                <Table.Cell>
                  <EmailStatus invitation={inv} />
                </Table.Cell>
                <Table.Cell justify="end">
                  <Flex gap="3" justify="end" align="center">
                    <Button
                      size="1"
                      variant={inv.emailStatus === 'failed' ? 'soft' : 'ghost'}
                      color={inv.emailStatus === 'failed' ? undefined : 'gray'}
                      aria-label={`Resend the invitation to ${inv.email}`}
                      loading={resendingId === inv.id}
                      onClick={() => doResend(inv)}
                    >
                      <RefreshCw size={13} /> Resend
                    </Button>
                    <Button
                      size="1"
                      variant="ghost"
                      color="red"
                      aria-label={`Revoke the invitation to ${inv.email}`}
                      onClick={() => setRevoking(inv)}
                    >
                      Revoke
                    </Button>
                  </Flex>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      </Card>

      {shownLink && <InvitationLinkDialog result={shownLink} onClose={() => setShownLink(null)} />}
      {revoking && (
        <ConfirmDialog
          open
          onOpenChange={(o) => {
            if (!o) {
              setRevoking(null)
              revoke.reset()
            }
          }}
          title={`Revoke the invitation to ${revoking.email}?`}
          description="The invite link stops working at once. You can invite them again later."
          confirmLabel="Revoke"
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() =>
            revoke.mutate(revoking.id, {
              onSuccess: () => {
                toast.success('Invitation revoked', `The link sent to ${revoking.email} no longer works.`)
                setRevoking(null)
              },
            })
          }
        />
      )}
    </Box>
  )
}

function TableSkeleton() {
  return (
    <Card size="1" aria-busy="true" aria-label="Loading members">
      <Flex direction="column" gap="4" p="3">
        {[0, 1, 2].map((i) => (
          <Flex key={i} gap="3" align="center">
            <Skeleton width="32px" height="32px" style={{ borderRadius: 999 }} />
            <Box flexGrow="1">
              <Skeleton height="14px" width="30%" mb="2" />
              <Skeleton height="12px" width="45%" />
            </Box>
          </Flex>
        ))}
      </Flex>
    </Card>
  )
}

const ALL = 'all'

function MembersContent() {
  const session = useSession()
  const [q, setQ] = useState('')
  const [role, setRole] = useState<string>(ALL)
  const [status, setStatus] = useState<string>(ALL)
  const [inviting, setInviting] = useState(false)
  const [action, setAction] = useState<{ kind: MemberAction; member: Member } | null>(null)
  const debouncedQ = useDebounced(q.trim(), 250)

  const filters: MemberQuery = {}
  if (debouncedQ) filters.q = debouncedQ
  if (isRole(role)) filters.role = role
  if (status === 'active' || status === 'deactivated') filters.status = status
  const filtered = Object.keys(filters).length > 0

  const members = useQuery(membersQuery(filters))
  const invitations = useQuery(pendingInvitationsQuery)
  const items = members.data ?? []
  const pending = invitations.data ?? []

  const clearFilters = () => {
    setQ('')
    setRole(ALL)
    setStatus(ALL)
  }

  const inviteButton = (
    <Button onClick={() => setInviting(true)}>
      <UserPlus size={16} /> Invite member
    </Button>
  )

  return (
    <>
      <PageHeader
        title="Members"
        description="Who can sign in to your organisation, and what each person can do."
        actions={inviteButton}
      />

      <form role="search" aria-label="Filter members" onSubmit={(e) => e.preventDefault()}>
        <Flex gap="3" mb="4" wrap="wrap" align="center">
          <Box flexGrow="1" minWidth="220px" maxWidth="420px">
            <TextField.Root
              name="q"
              type="search"
              placeholder="Search by name or email"
              aria-label="Search members"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            >
              <TextField.Slot>
                <Search size={15} />
              </TextField.Slot>
            </TextField.Root>
          </Box>
          <Select.Root name="role" value={role} onValueChange={setRole}>
            <Select.Trigger aria-label="Filter by role" style={{ minWidth: 130 }} />
            <Select.Content position="popper">
              <Select.Item value={ALL}>All roles</Select.Item>
              {ROLES.map((r) => (
                <Select.Item key={r} value={r}>
                  {ROLE_LABEL[r]}
                </Select.Item>
              ))}
            </Select.Content>
          </Select.Root>
          <Select.Root name="status" value={status} onValueChange={setStatus}>
            <Select.Trigger aria-label="Filter by status" style={{ minWidth: 150 }} />
            <Select.Content position="popper">
              <Select.Item value={ALL}>All statuses</Select.Item>
              <Select.Item value="active">Active</Select.Item>
              <Select.Item value="deactivated">Deactivated</Select.Item>
            </Select.Content>
          </Select.Root>
          {(filtered || q) && (
            <Button type="button" variant="ghost" color="gray" onClick={clearFilters}>
              Clear filters
            </Button>
          )}
        </Flex>
      </form>

      {members.isPending ? (
        <TableSkeleton />
      ) : members.isError ? (
        <ErrorCallout error={members.error} title="Could not load members." />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<Users size={28} />}
          title={filtered ? 'No members match' : 'No members'}
          description={filtered ? 'Try another name or email, or clear the filters.' : 'Invite your team to get started.'}
          action={
            filtered ? (
              <Button variant="soft" onClick={clearFilters}>
                Clear filters
              </Button>
            ) : (
              inviteButton
            )
          }
        />
      ) : (
        <Box style={{ opacity: members.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
          <MembersTable
            members={items}
            selfId={session.user.id}
            onAction={(kind, member) => setAction({ kind, member })}
          />
        </Box>
      )}

      {!filtered && items.length === 1 && pending.length === 0 && invitations.isSuccess && (
        <Text as="p" size="2" color="gray" mt="3">
          It’s just you so far. Invite editors to build pages with you, and viewers who only need to read.
        </Text>
      )}

      {invitations.isError ? (
        <Box mt="6">
          <ErrorCallout error={invitations.error} title="Could not load pending invitations." />
        </Box>
      ) : (
        pending.length > 0 && <InvitationsSection invitations={pending} />
      )}

      {inviting && <InviteMemberDialog onClose={() => setInviting(false)} />}
      {action && (
        <MemberActionDialog
          action={action.kind}
          member={action.member}
          isSelf={action.member.id === session.user.id}
          onClose={() => setAction(null)}
        />
      )}
    </>
  )
}

export function MembersScreen() {
  const can = useCan()
  if (!can('member:manage')) {
    return (
      <>
        <PageHeader title="Members" />
        <EmptyState
          icon={<Users size={28} />}
          title="Only Admins can manage members"
          description="Ask an Admin in your organisation if you need to invite someone or change their access."
        />
      </>
    )
  }
  return <MembersContent />
}
